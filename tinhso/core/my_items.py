"""The citizen's "my items" page is filled by the apps: each registers a section.

    register(MySection("dossiers", 10, _("Hồ sơ"), _("…"), items=fn, more_url="…"))

``items(user)`` returns up to a few (label, url, status) tuples. Apps register in
their AppConfig.ready(), so core does not import them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class MySection:
    key: str
    order: int
    title: str | Promise
    # What an empty section says; a function of the user when the right words depend on
    # them (no vehicle linked is not the same as a vehicle without violations).
    empty: str | Promise | Callable[[Any], str]
    items: Callable[[Any], list[tuple[str, str, str]]] | None = None
    more_url: str | Promise = ""
    # What the link to more_url says ("Xem tất cả" when not given).
    more_label: str | Promise = ""


_SECTIONS: dict[str, MySection] = {}


def register(section: MySection) -> None:
    """Add a section, or replace the one with the same key."""
    _SECTIONS[section.key] = section


def sections_for(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "empty": s.empty(user) if callable(s.empty) else s.empty,
            "items": s.items(user) if s.items else [],
            "more_url": s.more_url,
            "more_label": s.more_label,
        }
        for s in sorted(_SECTIONS.values(), key=lambda s: s.order)
    ]
