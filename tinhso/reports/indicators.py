"""Statistics of field reports per unit or per category: what the unit's leader
and the IOC read. Counts in one grouped query; medians in Python over the
resolved reports of the period (SQLite has no percentile function)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from tinhso.reports.choices import CLOSED_STATUSES
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Report

GROUPS = {"unit": ("unit_id", "unit__name"), "category": ("category_id", "category__name")}


@dataclass
class Row:
    key: int
    name: str
    received: int
    resolved: int
    resolved_on_time: int
    overdue: int
    median_hours: float | None
    satisfaction: float | None
    ratings: int

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.resolved_on_time / self.resolved, 1) if self.resolved else None


def report_statistics(
    reports: QuerySet[Report], since: dt.datetime, until: dt.datetime, by: str = "unit"
) -> list[Row]:
    """Reports received in [since, until), grouped by unit or category.

    resolved_on_time: resolved no later than the deadline; overdue: still open past
    the deadline now, or closed after it; satisfaction: mean rating 1–5.
    """
    key, name = GROUPS[by]
    now = timezone.now()
    period = reports.filter(created_at__gte=since, created_at__lt=until).exclude(status=R.HIDDEN)
    open_ = ~Q(status__in=CLOSED_STATUSES)
    rows = (
        period.values(key, name)
        .annotate(
            received=Count("pk"),
            resolved=Count("pk", filter=Q(status=R.RESOLVED)),
            resolved_on_time=Count("pk", filter=Q(status=R.RESOLVED, closed_at__lte=F("due_at"))),
            overdue=Count(
                "pk",
                filter=(open_ & Q(due_at__lt=now))
                | Q(status__in=CLOSED_STATUSES, closed_at__gt=F("due_at")),
            ),
            satisfaction=Avg("rating"),
            ratings=Count("rating"),
        )
        .order_by(name)
    )
    durations: dict[int, list[float]] = {}
    for group, created, closed in period.filter(status=R.RESOLVED).values_list(
        key, "created_at", "closed_at"
    ):
        durations.setdefault(group, []).append((closed - created).total_seconds() / 3600)
    return [
        Row(
            key=row[key],
            name=row[name],
            received=row["received"],
            resolved=row["resolved"],
            resolved_on_time=row["resolved_on_time"],
            overdue=row["overdue"],
            median_hours=round(statistics.median(durations[row[key]]), 1)
            if row[key] in durations
            else None,
            satisfaction=round(row["satisfaction"], 2) if row["satisfaction"] else None,
            ratings=row["ratings"],
        )
        for row in rows
    ]


def totals(rows: list[Row]) -> dict[str, Any]:
    return {
        "received": sum(r.received for r in rows),
        "resolved": sum(r.resolved for r in rows),
        "resolved_on_time": sum(r.resolved_on_time for r in rows),
        "overdue": sum(r.overdue for r in rows),
    }
