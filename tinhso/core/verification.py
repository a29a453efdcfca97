"""Where a verification code (the QR code on a signed paper, ``/verify/<token>/``)
leads. Each app that issues signed papers registers a finder: token → the page that
checks that paper, or None. Services' result documents are looked up first (the
page lives there); other apps' papers through this registry, so core imports none."""

from __future__ import annotations

from collections.abc import Callable

Finder = Callable[[str], str | None]
_finders: list[Finder] = []


def register(finder: Finder) -> None:
    if finder not in _finders:
        _finders.append(finder)


def page_for(token: str) -> str | None:
    for finder in _finders:
        found = finder(token)
        if found:
            return found
    return None
