"""Ranking catalogue records against a question: BM25 over syllables and bigrams.

Chosen by measurement (bench/assistant_bench.py, docs/assistant.md): on the demo's 203
questions, BM25 (the `bm25s` library) over diacritic-free syllables and bigrams, the
name and the other texts scored apart (so that a long list of documents does not
dilute the name), the phrasing table applied to the question, one-letter typos mended
against the catalogue's own vocabulary, and variants (cấp lại, điều chỉnh …) kept
behind the plain procedure unless the question says so.

A record is anything with a key and texts (core.search.SearchRecord: a procedure, an
answered question, later a published document), so the index knows nothing of Django.
"""

from __future__ import annotations

import logging
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
# passport, not the report of a lost one. Each variant word of a name that the question
# does not hold (no syllable of it) scales the score by VARIANT_PENALTY; each it does
# hold, by VARIANT_BONUS.
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
    names: bm25s.BM25 | None = field(init=False)  # None for an empty catalogue
    texts: bm25s.BM25 | None = field(init=False)
    variants: list[list[list[str]]] = field(init=False)  # per record, its variant words
    vocabulary: set[str] = field(init=False)
    name_words: list[set[str]] = field(init=False)  # per record, its name's syllables
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
        self.spellings = sorted(self.vocabulary)


def build(
    records: Iterable[Record],
    phrasings: Iterable[tuple[str, str]],
    dropped: Iterable[str] = (),
    has_variants: bool = True,
) -> Index:
    return Index(
        records=list(records),
        phrasings=[(syllables(said), syllables(means)) for said, means in phrasings],
        dropped=sorted((syllables(p) for p in dropped), key=len, reverse=True),
        has_variants=has_variants,
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
        scores[i] *= VARIANT_PENALTY ** (len(variants) - said) * VARIANT_BONUS**said
    # Equal scores (to 4 decimals) in catalogue order: the same question always ranks
    # the same, in every process.
    rounded = scores.round(4)
    best = sorted(range(len(rounded)), key=lambda i: (-rounded[i], i))[:limit]
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
    return [(index.records[int(i)], float(scores[i])) for i in best if scores[i] > 0]
