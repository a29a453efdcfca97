"""The dossier figures the IOC shows (Decision 766), computed from this app's tables.
Registered in plugins.py; the IOC reads them through ``tinhso.core.derived``."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from tinhso.core.models import AdminUnit
from tinhso.services.indicators import IndicatorRow, indicators
from tinhso.services.models import Dossier
from tinhso.services.state import OPEN


def _dossiers(area: AdminUnit) -> QuerySet[Dossier]:
    return Dossier.objects.filter(agency__area__path__startswith=area.path)


def _totals(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> IndicatorRow:
    return indicators(_dossiers(area), start, end)[1]


def dossiers_received(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_totals(area, start, end).received)


def dossiers_on_time_rate(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    rate = _totals(area, start, end).on_time_rate
    return float(rate) if rate is not None else None


def dossiers_overdue(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """Open dossiers past their due date now (a backlog: the period does not matter)."""
    return float(_dossiers(area).filter(status__in=OPEN, due_at__lt=timezone.now()).count())
