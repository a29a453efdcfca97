"""The assistant over JSON: /api/v1/assistant/procedures?q=<question>."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from tinhso.assistant import catalogue, ranking

router = Router(tags=["assistant"])


class QuestionIn(Schema):
    q: str = Field(max_length=500, description="the question, in everyday Vietnamese")


class ProcedureMatch(Schema):
    code: str
    name: str
    score: float


@router.get("/assistant/procedures", response=list[ProcedureMatch], auth=None)
def procedures(request: HttpRequest, question: Query[QuestionIn]) -> list[dict[str, object]]:
    """The procedures that answer the question, best first (at most 10); an empty list
    when nothing in the catalogue does."""
    found = ranking.rank(catalogue.index(), question.q, limit=10)
    return [{"code": r.key, "name": r.name, "score": round(s, 3)} for r, s in found]
