"""The officials' console menu, filled by the apps.

Each app registers its entries in its ``AppConfig.ready()`` (through its ``plugins``
module), so core knows no app and no role:

    register(MenuItem("ioc", 10, _("Trung tâm điều hành"), "ioc:board", allowed=...))

``allowed(user)`` says who sees the entry (``None``: every official). The entry only
shows the way; the view still checks the user's roles itself. ``to_do(user)``, when
given, counts what waits for this official there: the console's home lists it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuItem:
    key: str
    order: int
    label: str | Promise
    url_name: str
    allowed: Callable[[Any], bool] | None = None
    exact: bool = False  # lit only on its own address, not on the pages below it
    to_do: Callable[[Any], int] | None = None


_ITEMS: dict[str, MenuItem] = {}


def register(item: MenuItem) -> None:
    """Add an entry, or replace the one with the same key."""
    _ITEMS[item.key] = item


def work_waiting(user: Any) -> list[dict[str, Any]]:
    """What waits for this official, entry by entry (a query or two each)."""
    return [
        {"label": item.label, "url": reverse(item.url_name), "count": item.to_do(user)}
        for item in sorted(_ITEMS.values(), key=lambda i: i.order)
        if item.to_do is not None and (item.allowed is None or item.allowed(user))
    ]


def console_menu(user: Any, current_path: str) -> list[dict[str, Any]]:
    entries = sorted(_ITEMS.values(), key=lambda i: i.order)
    shown = [
        (item, reverse(item.url_name))
        for item in entries
        if item.allowed is None or item.allowed(user)
    ]
    # The item whose address is the longest start of this page's: /console/reports/questions/
    # lights "Q&A", not also "Field reports" at /console/reports/.
    lit = max(
        (
            url
            for item, url in shown
            if current_path == url or (not item.exact and current_path.startswith(url))
        ),
        key=len,
        default=None,
    )
    return [{"label": item.label, "url": url, "active": url == lit} for item, url in shown]
