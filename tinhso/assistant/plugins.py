"""What the assistant adds to the platform: the ranking of procedures for the catalogue
page's search box (core/search.py)."""

from __future__ import annotations

from tinhso.core import search


def procedure_codes(question: str, limit: int) -> list[str]:
    from tinhso.assistant import catalogue, ranking

    return [r.key for r, _ in ranking.rank(catalogue.index(), question, limit=limit)]


def register() -> None:
    search.register("procedures", procedure_codes)
