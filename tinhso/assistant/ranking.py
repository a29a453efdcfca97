"""Ranking catalogue records against a question: BM25 over syllables and bigrams.

Chosen by measurement (bench/assistant_bench.py, docs/assistant.md): on the demo's 203
questions, BM25 (the `bm25s` library) over diacritic-free syllables and bigrams, the
name and the other texts scored apart (so that a long list of documents does not
dilute the name), the phrasing table applied to the question, one-letter typos mended
against the catalogue's own vocabulary, and variants (cấp lại, điều chỉnh …) kept
behind the plain procedure unless the question says so; then the first candidates
scaled by how much of the question their name and description are about.

A record is anything with a key and texts (core.search.SearchRecord: a procedure, an
answered question, later a published document), so the index knows nothing of Django.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import bm25s
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tinhso.assistant.text import syllables, terms
from tinhso.core.search import SearchRecord as Record

# bm25s sets its own logger to DEBUG when imported (after Django's LOGGING is applied):
# a line for every index built. Its warnings are enough.
logging.getLogger("bm25s").setLevel(logging.WARNING)

NAME_WEIGHT = 2.0  # a match in the name counts twice a match in the other texts
# Words that make a procedure a variant of another (cấp lại, cấp đổi, điều chỉnh …).
# A citizen who does not say one wants the plain procedure: "hộ chiếu" is a new
# passport, not the report of a lost one. A name none of whose variant words the
# question holds (no syllable of them) is scaled by VARIANT_PENALTY per variant word; a
# name one of whose variant words it holds is the variant asked for, scaled by
# VARIANT_BONUS per word held — its other words are not held against it: "cấp lại bằng
# lái" is asking for "cấp lại giấy phép lái xe bị mất" without saying "mất" (counted
# against it, the international licence came first: folded, "lại" is "lái").
VARIANT_WORDS = [
    "lại", "đổi", "điều chỉnh", "gia hạn", "xóa", "chấm dứt", "thay đổi", "tạm ngừng",
    "khôi phục", "trình báo", "thu hồi", "đính chính", "giải thể", "mất",
]  # fmt: skip
VARIANT_PENALTY = 0.6
VARIANT_BONUS = 1.25
# Below this the best match is a coincidence of common words ("hôm nay", "bao nhiêu"):
# on the evaluation set, questions about nothing in the catalogue topped at 4.5–12.0
# (median 6.6), right answers at 6.9 and more (5th percentile 11.7). BM25's scores grow
# with the catalogue (rare words weigh more among many records), so the threshold holds
# from MIN_SCORE_RECORDS records on; a smaller catalogue (a commune's pilot) keeps every
# match.
MIN_SCORE = 8.0
MIN_SCORE_RECORDS = 50
# Coordination: BM25 adds up what matches, so a record that matches one rare word of
# the question many times can pass one that matches all of it ("chuyển trường cho con
# học lớp 7": upper secondary school's long texts against lower secondary's "lớp 6 đến
# lớp 9"). The first COORDINATED candidates are scaled by the share of the question's
# topic words (weighted by rarity) that the record's name or its first text — what it
# is about: a procedure's "áp dụng cho", a question's body — holds, to the power
# COVERAGE_POWER; the list of documents does not count (an optional paper's "con"
# must not make a foreign birth registration the answer to "khai sinh cho con"). Words
# asking for a fact ("phí", "online") are not topic. Measured (docs/assistant.md):
# top-1 0.882 → 0.911, top-3 0.961 → 0.970, and both halves of the set gain.
COORDINATED = 10
COVERAGE_POWER = 0.5
MIN_SHARE = 0.05


def _engine(corpus: list[list[str]]) -> bm25s.BM25:
    engine = bm25s.BM25()
    engine.index(corpus, show_progress=False)
    return engine


@dataclass
class Index:
    records: list[Record]
    phrasings: list[tuple[list[str], list[str]]]  # said → means, as syllables
    dropped: list[list[str]]  # question phrases, as syllables
    has_variants: bool = True
    not_topic: frozenset[str] = frozenset()  # syllables asking for a fact, not a topic
    names: bm25s.BM25 | None = field(init=False)  # None for an empty catalogue
    texts: bm25s.BM25 | None = field(init=False)
    variants: list[list[list[str]]] = field(init=False)  # per record, its variant words
    vocabulary: set[str] = field(init=False)
    name_words: list[set[str]] = field(init=False)  # per record, its name's syllables
    about_words: list[set[str]] = field(init=False)  # per record, name and first text
    rarity: dict[str, float] = field(init=False)  # per syllable of about_words
    # The vocabulary in order: a typo two words are equally near always mends to the
    # same one (a set's order changes with each process's string hashing).
    spellings: list[str] = field(init=False)

    def __post_init__(self) -> None:
        names = [terms(syllables(r.name)) for r in self.records]
        texts = [[t for x in r.texts for t in terms(syllables(x))] or ["|"] for r in self.records]
        self.names = _engine(names) if names else None
        self.texts = _engine(texts) if texts else None
        variant_words = [syllables(w) for w in VARIANT_WORDS] if self.has_variants else []
        self.variants = [
            [v for v in variant_words if find_phrase(syllables(r.name), v) >= 0]
            for r in self.records
        ]
        self.vocabulary = {t for doc in names + texts for t in doc if "_" not in t}
        self.name_words = [{t for t in doc if "_" not in t} for doc in names]
        self.about_words = [
            set(syllables(r.name)).union(*(syllables(x) for x in r.texts[:1])) for r in self.records
        ]
        counts: dict[str, int] = {}
        for words in self.about_words:
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        size = len(self.records)
        self.rarity = {w: math.log(1 + size / (n + 1)) for w, n in counts.items()}
        self.spellings = sorted(self.vocabulary)


def build(
    records: Iterable[Record],
    phrasings: Iterable[tuple[str, str]],
    dropped: Iterable[str] = (),
    has_variants: bool = True,
    not_topic: Iterable[str] = (),
) -> Index:
    return Index(
        records=list(records),
        phrasings=[(syllables(said), syllables(means)) for said, means in phrasings],
        dropped=sorted((syllables(p) for p in dropped), key=len, reverse=True),
        has_variants=has_variants,
        not_topic=frozenset(w for p in not_topic for w in syllables(p)),
    )


def find_phrase(words: list[str], phrase: list[str]) -> int:
    for start in range(len(words) - len(phrase) + 1):
        if words[start : start + len(phrase)] == phrase:
            return start
    return -1


def question_terms(index: Index, question: str) -> list[str]:
    """The question as search terms: question words dropped, what the phrasing table
    says it means added, and typos mended (after the phrasings, which know words the
    catalogue does not: "hộ khẩu", "sổ đỏ")."""
    words = syllables(question[:500])[:60]
    for phrase in index.dropped:
        while (at := find_phrase(words, phrase)) >= 0:
            words[at : at + len(phrase)] = ["|"]  # a gap: no bigram across it
    added: list[str] = []
    for said, means in index.phrasings:
        if find_phrase(words, said) >= 0:
            added += ["|", *means]
    found = terms([_mend(index, w) for w in words] + added)
    return [t for t in found if "|" not in t]


def _mend(index: Index, word: str) -> str:
    """A syllable the catalogue never uses, one letter away from one it does."""
    if word == "|" or word in index.vocabulary or len(word) < 3 or word.isdigit():
        return word
    match = process.extractOne(word, index.spellings, scorer=Levenshtein.distance, score_cutoff=1)
    return match[0] if match else word


# A national procedure code, or its start, as officials type it: 1.001193
_CODE = re.compile(r"\b\d\.\d{6}(?:\.[0-9A-Za-z.]+)?")
CODE_SCORE = 100.0


def rank(
    index: Index, question: str, limit: int = 10, floor: float | None = None
) -> list[tuple[Record, float]]:
    """The records that answer `question`, best first, with their score; nothing when
    even the best is below `floor` (MIN_SCORE for a catalogue of MIN_SCORE_RECORDS or
    more, else 0). A procedure code finds its procedure."""
    code = _CODE.search(question)
    if code:
        start = code.group(0).upper()
        return [(r, CODE_SCORE) for r in index.records if r.key.startswith(start)][:limit]
    query = question_terms(index, question)
    if not query or index.names is None or index.texts is None:
        return []
    scores = NAME_WEIGHT * index.names.get_scores(query) + index.texts.get_scores(query)
    asked = set(query)
    for i, variants in enumerate(index.variants):
        said = sum(1 for v in variants if asked.intersection(v))
        scores[i] *= VARIANT_BONUS**said if said else VARIANT_PENALTY ** len(variants)
    # Equal scores (to 4 decimals) in catalogue order: the same question always ranks
    # the same, in every process.
    rounded = scores.round(4)
    best = sorted(range(len(rounded)), key=lambda i: (-rounded[i], i))[: max(limit, COORDINATED)]
    if floor is None:
        floor = MIN_SCORE if len(index.records) >= MIN_SCORE_RECORDS else 0.0
    if not len(best) or scores[best[0]] <= 0:
        return []
    # A short question scores low however well it matches ("căn cước": two words); one
    # whose two or more words are all in the best name is no coincidence (one word
    # alone may be: folded, "thế" is "thẻ").
    words = {t for t in query if "_" not in t}
    named = len(words) >= 2 and words <= index.name_words[best[0]]
    if scores[best[0]] <= floor and not named:
        return []
    found = [(int(i), float(scores[i])) for i in best if scores[i] > 0]
    return [(index.records[i], score) for i, score in _coordinate(index, query, found)][:limit]


def _coordinate(
    index: Index, query: list[str], found: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """The first COORDINATED candidates scaled by how much of the question's topic
    they are about, best first again (the threshold was judged before: it is a
    measure of the words matched, not of the share)."""
    topic = sorted({t for t in query if "_" not in t and t not in index.not_topic})
    if not topic:
        return found
    default = max(index.rarity.values(), default=1.0)  # a word no record is about
    weight = {w: index.rarity.get(w, default) for w in topic}
    total = sum(weight.values())
    # A record about none of it (matched only in its documents) goes behind, not away.
    head = [
        (
            i,
            score
            * max(sum(weight[w] for w in topic if w in index.about_words[i]) / total, MIN_SHARE)
            ** COVERAGE_POWER,
        )
        for i, score in found[:COORDINATED]
    ]
    head.sort(key=lambda pair: (-round(pair[1], 4), pair[0]))
    return head + found[COORDINATED:]
