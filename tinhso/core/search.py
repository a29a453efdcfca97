"""Search registries: what can be searched, and who ranks it.

- **Sources**: an app whose records answer citizens' questions registers a source — a
  function listing its records as `SearchRecord`s and the models whose changes make
  that list stale. The procedure assistant indexes every registered source: public
  services registers its procedures, the Q&A its published answers, and the official
  documents module will register published documents the same way, without the
  assistant knowing any of them.
- **Rankers**: an app that can rank records for a question registers a ranker; an app
  that lists records asks it, without importing the ranking app. The assistant
  registers "procedures" (codes, best first); the catalogue page's search box asks for
  them and falls back to plain word matching when none is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Ranker = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class SearchRecord:
    key: str  # what the source finds it again by: a procedure's code, a question's id
    name: str  # its title
    # The rest that is searched, what the record is about first (a procedure's "áp dụng
    # cho", a question's body: the ranking weighs how much of a question it covers),
    # then the others (result, documents, answer …).
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    kind: str  # "procedures", "questions", …
    records: Callable[[], list[SearchRecord]]
    watched: tuple[str, ...]  # "app_label.Model" whose saves and deletes change the records
    # A procedure named "cấp lại …" is a variant the citizen must ask for; a question
    # titled "mất giấy khai sinh …" is not.
    has_variants: bool = False


_rankers: dict[str, Ranker] = {}
_sources: dict[str, Source] = {}


def register(kind: str, ranker: Ranker) -> None:
    _rankers[kind] = ranker


def rank(kind: str, question: str, limit: int = 50) -> list[str] | None:
    """The keys of the records that answer `question`, best first; None when no app
    ranks this kind."""
    ranker = _rankers.get(kind)
    return None if ranker is None else ranker(question, limit)


def register_source(source: Source) -> None:
    """Add a source, or replace the one of the same kind."""
    _sources[source.kind] = source


def sources() -> list[Source]:
    return list(_sources.values())
