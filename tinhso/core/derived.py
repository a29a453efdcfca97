"""IOC indicators computed live from the platform's own tables, so nobody types them in.

Each app declares its own, next to its own rules, and registers them in its
``AppConfig.ready()`` (its ``plugins`` module):

    register(DerivedIndicator("reports_open", _("Phản ánh đang mở"), reports_open,
                              records_url=reverse_lazy("reports:list")))

An IOC indicator whose ``derived`` field names a key is computed through here; the
IOC knows the key, never the app. ``compute(area, start, end)`` gives the value for
one area over [start, end): the area's own units and everything under it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from tinhso.core.models import AdminUnit

Compute = Callable[[AdminUnit, dt.datetime, dt.datetime], float | None]


@dataclass(frozen=True)
class DerivedIndicator:
    key: str
    label: str | Promise
    compute: Compute
    # What stands behind a value, for the drill-down ("the records behind it").
    records_url: str | Promise = ""


_REGISTRY: dict[str, DerivedIndicator] = {}


def register(item: DerivedIndicator) -> None:
    """Add an indicator, or replace the one with the same key."""
    _REGISTRY[item.key] = item


def get(key: str) -> DerivedIndicator | None:
    return _REGISTRY.get(key)


def available() -> dict[str, DerivedIndicator]:
    """What the installed apps can compute."""
    return dict(_REGISTRY)


def value(key: str, area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    item = _REGISTRY.get(key)
    return item.compute(area, start, end) if item else None
