"""Ranking registry: an app that can rank records for a question registers a ranker;
an app that lists records asks it, without importing the ranking app.

The procedure assistant registers "procedures" (codes, best first); the catalogue page's
search box asks for them and falls back to plain word matching when none is registered.
"""

from __future__ import annotations

from collections.abc import Callable

Ranker = Callable[[str, int], list[str]]

_rankers: dict[str, Ranker] = {}


def register(kind: str, ranker: Ranker) -> None:
    _rankers[kind] = ranker


def rank(kind: str, question: str, limit: int = 50) -> list[str] | None:
    """The keys of the records that answer `question`, best first; None when no app
    ranks this kind."""
    ranker = _rankers.get(kind)
    return None if ranker is None else ranker(question, limit)
