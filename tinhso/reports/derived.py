"""The field-report figures the IOC shows, computed with this app's own rules (what
is public, open, overdue). Registered in plugins.py."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, QuerySet
from django.utils import timezone

from tinhso.core.models import AdminUnit
from tinhso.reports.models import Report
from tinhso.reports.queries import open_reports, overdue_reports, public_reports


def _reports(area: AdminUnit) -> QuerySet[Report]:
    return public_reports().filter(commune__path__startswith=area.path)


def reports_received(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_reports(area).filter(created_at__gte=start, created_at__lt=end).count())


def reports_open(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(open_reports(_reports(area)).count())


def reports_overdue(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """Open reports past their due date now (a backlog: the period does not matter)."""
    return float(overdue_reports(_reports(area), timezone.now()).count())


def reports_satisfaction(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    rated = _reports(area).filter(rated_at__gte=start, rated_at__lt=end)
    mean = rated.aggregate(m=Avg("rating"))["m"]
    return round(mean, 2) if mean is not None else None
