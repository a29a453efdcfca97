"""What the assistant adds to the platform: the ranking of procedures for the catalogue
page's search box (core/search.py)."""

from __future__ import annotations

from tinhso.core import search

# The catalogue box lists what comes near the best match, not a long tail of records
# sharing a common word with the question ("giấy phép" …).
NEAR_THE_BEST = 0.3


def procedure_codes(question: str, limit: int) -> list[str]:
    from tinhso.assistant import catalogue, ranking

    found = ranking.rank(catalogue.index(), question, limit=limit)
    best = found[0][1] if found else 0.0
    return [r.key for r, score in found if score >= NEAR_THE_BEST * best]


def register() -> None:
    search.register("procedures", procedure_codes)
