"""One turn of the conversation: a question (and what the previous turn was about) →
what the assistant answers.

- A question about a procedure gets the procedure's card, with the sentence for the
  fact it asks about ("mất bao lâu" → the time), all read from the record.
- When the best candidates score close to each other, the assistant asks which one is
  meant instead of guessing (CLOSE, measured in bench/assistant_bench.py).
- A question with no topic of its own ("thế mất bao lâu?", "có nộp online được
  không?") is about the procedure of the previous turn: the context.
- Published Q&A answers that match are offered beside it; a question nothing answers
  says so and offers the Q&A form.

The context is small and travels with the conversation (the chat page keeps it in the
session, the JSON API hands it back to the caller): the procedure's code and the fact
last asked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tinhso.assistant import answers, catalogue, ranking
from tinhso.assistant.phrasings import ASKED
from tinhso.assistant.ranking import find_phrase
from tinhso.assistant.text import syllables
from tinhso.services.models import Procedure

# When the runner-up scores at least CLOSE of the best, the words cannot tell them
# apart: ask. Measured on the evaluation set (docs/assistant.md).
CLOSE = 0.85
MAX_OPTIONS = 3
RELATED_ANSWERS = 3

# Words of a follow-up that name no topic: "thế", "còn", "thủ tục này" …
_NO_TOPIC = [
    "thế", "vậy", "còn", "thì", "sao", "nhỉ", "nữa", "nó", "này", "đó", "kia", "cái",
    "thủ tục", "hồ sơ", "làm", "được", "không", "có", "nộp", "cần", "bao", "nhiêu", "mất",
    "hết", "tốn", "là", "gì", "ạ", "ơi", "ad", "cho", "hỏi", "tôi", "em", "mình", "nhé", "à",
]  # fmt: skip
_ASKED = {fact: [syllables(p) for p in phrases] for fact, phrases in ASKED.items()}
_NO_TOPIC_WORDS = {w for p in _NO_TOPIC for w in syllables(p)}
_CODE = re.compile(r"^[0-9A-Za-z.\-]{1,40}$")

# What a reply is.
ANSWER = "answer"  # a procedure's card
CLARIFY = "clarify"  # which of these procedures?
QUESTIONS = "questions"  # no procedure, but published answers
NOTHING = "nothing"  # nothing in the catalogue: ask the Q&A


@dataclass(frozen=True)
class Context:
    code: str = ""
    focus: str = ""

    @classmethod
    def from_token(cls, token: str | None) -> Context:
        """What a client sent back; anything malformed is no context (not an error:
        a stale or tampered token only loses the follow-up)."""
        code, _, focus = (token or "").partition("|")
        return cls(code if _CODE.match(code) else "", focus if focus in answers.FACTS else "")

    @property
    def token(self) -> str:
        return f"{self.code}|{self.focus}" if self.code or self.focus else ""


@dataclass
class Reply:
    kind: str
    procedure: Procedure | None = None
    focus: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    questions: list[ranking.Record] = field(default_factory=list)  # published Q&A answers
    context: Context = field(default_factory=Context)
    best_key: str = ""  # what ranked first, for the question log
    best_score: float = 0.0


def asked_fact(question: str) -> str:
    """The fact the question asks about ("" when none): the one named first."""
    words = syllables(question[:500])
    where = {}
    for fact, phrases in _ASKED.items():
        positions = [at for p in phrases if (at := find_phrase(words, p)) >= 0]
        if positions:
            where[fact] = min(positions)
    return min(where, key=lambda f: where[f]) if where else ""


def has_topic(question: str) -> bool:
    """Whether the question names something of its own beyond the fact it asks
    ("thế mất bao lâu?" does not; "hộ chiếu mất bao lâu?" does)."""
    words = syllables(question[:500])
    for phrases in _ASKED.values():
        for phrase in phrases:
            while (at := find_phrase(words, phrase)) >= 0:
                del words[at : at + len(phrase)]
    return any(w not in _NO_TOPIC_WORDS for w in words)


def too_close(found: list[tuple[ranking.Record, float]]) -> list[ranking.Record]:
    """The best candidates when the words cannot tell them apart (the runner-up within
    CLOSE of the best); none when the best stands out or a code named it."""
    if not found or found[0][1] >= ranking.CODE_SCORE:
        return []
    close = [r for r, score in found[:MAX_OPTIONS] if score >= CLOSE * found[0][1]]
    return close if len(close) > 1 else []


def reply(question: str, context: Context | None = None) -> Reply:
    context = context or Context()
    focus = asked_fact(question)
    if not has_topic(question):
        earlier = answers.procedure(context.code) if context.code else None
        if earlier is None:  # "thế mất bao lâu?" with nothing before: about what?
            return Reply(NOTHING)
        focus = focus or context.focus or "documents"
        return Reply(ANSWER, earlier, focus, context=Context(earlier.code, focus))
    found = ranking.rank(catalogue.index("procedures"), question, limit=10)
    related = ranking.rank(
        catalogue.index("questions"), question, limit=RELATED_ANSWERS, floor=ranking.MIN_SCORE
    )
    questions = [r for r, _ in related]
    best_key, best_score = (found[0][0].key, found[0][1]) if found else ("", 0.0)
    if not found:
        return Reply(QUESTIONS if questions else NOTHING, questions=questions)
    if not focus and len(syllables(question)) <= 6:
        focus = context.focus  # "còn hộ chiếu?" after "căn cước mất bao lâu?"
    close = too_close(found)
    if close:
        return Reply(
            CLARIFY,
            focus=focus,
            options=[(r.key, r.name) for r in close],
            questions=questions,
            context=Context(context.code, focus),
            best_key=best_key,
            best_score=best_score,
        )
    chosen = answers.procedure(best_key)
    if chosen is None:  # retired since the index was built
        return Reply(NOTHING, questions=questions)
    return Reply(
        ANSWER,
        chosen,
        focus,
        questions=questions,
        context=Context(chosen.code, focus),
        best_key=best_key,
        best_score=best_score,
    )
