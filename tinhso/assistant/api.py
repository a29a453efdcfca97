"""The assistant over JSON: the ranked procedures for a question, and one turn of the
conversation (what the chat panel shows), with the context to send back."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from tinhso.assistant import catalogue, conversation, present, questionlog, ranking
from tinhso.core.addresses import client_address

router = Router(tags=["assistant"])


class QuestionIn(Schema):
    q: str = Field(max_length=500, description="the question, in everyday Vietnamese")


class TurnIn(QuestionIn):
    context: str = Field(
        default="",
        max_length=100,
        description="the `context` of the previous answer, for a follow-up question",
    )


class ProcedureMatch(Schema):
    code: str
    name: str
    score: float


class DocumentOut(Schema):
    name: str
    mandatory: bool


class CardOut(Schema):
    code: str
    name: str
    description: str = Field(description="who it is for and when it applies")
    url: str
    submit_url: str
    speech_url: str
    handled_by: str
    level: str
    processing_days: int
    time: str
    fee: int = Field(description="in đồng; 0 when free")
    fee_text: str
    fee_note: str
    online_level: str
    online: str
    fully_online: bool
    result: str
    documents: list[DocumentOut]


class OptionOut(Schema):
    code: str
    name: str


class AnsweredQuestionOut(Schema):
    id: str
    title: str
    url: str


class TurnOut(Schema):
    kind: str = Field(description="answer | clarify | questions | nothing")
    said: str
    reworded: bool = Field(description="said by the optional language model")
    focus: str = Field(description="the fact asked about: documents, fee, time, online, where")
    procedure: CardOut | None
    options: list[OptionOut] = Field(description="for `clarify`: ask again with one's code")
    questions: list[AnsweredQuestionOut]
    ask_url: str
    context: str


@router.get("/assistant/procedures", response=list[ProcedureMatch], auth=None)
def procedures(request: HttpRequest, question: Query[QuestionIn]) -> list[dict[str, object]]:
    """The procedures that answer the question, best first (at most 10); an empty list
    when nothing in the catalogue does."""
    found = ranking.rank(catalogue.index(), question.q, limit=10)
    return [{"code": r.key, "name": r.name, "score": round(s, 3)} for r, s in found]


@router.get("/assistant/answer", response=TurnOut, auth=None)
def answer(request: HttpRequest, turn: Query[TurnIn]) -> dict[str, object]:
    """One turn of the conversation: the procedure's card with the sentence for what
    was asked, or a choice between close procedures, or published Q&A answers, or
    nothing. Send `context` back with the next question for follow-ups ("thế mất bao
    lâu?")."""
    reply = conversation.reply(turn.q, conversation.Context.from_token(turn.context))
    questionlog.record(
        turn.q, "api", reply.kind, reply.best_key, reply.best_score, client_address(request)
    )
    return present.as_dict(reply, turn.q)
