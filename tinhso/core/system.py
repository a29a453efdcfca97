"""The platform's own health as figures: background workers alive or silent, tasks
waiting and how long the oldest has waited, tasks failed.

They feed the IOC's "Hệ thống" sector (registered as derived indicators in
core/plugins.py, so an alert rule can watch them like any other figure) and the
Prometheus metrics (core/metrics.py). They are figures of the whole installation,
not of a commune: an area below the top answers None.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tinhso.core.models import AdminUnit, WorkerHeartbeat

# A "now" figure has no history: only the bucket that ends now gets a value.
NOW_SLACK = dt.timedelta(minutes=2)


def stale_before(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def workers_alive(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(beat_at__gte=stale_before(now)).count()


def workers_silent(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(beat_at__lt=stale_before(now)).count()


def tasks_waiting() -> int:
    return DBTaskResult.objects.ready().count()


def oldest_task_seconds(now: dt.datetime | None = None) -> float:
    """How long the oldest task that could run has been waiting (0 when none is)."""
    now = now or timezone.now()
    oldest = DBTaskResult.objects.ready().aggregate(first=Min("enqueued_at"))["first"]
    return max(0.0, (now - oldest).total_seconds()) if oldest else 0.0


def tasks_failed(start: dt.datetime, end: dt.datetime) -> int:
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__gte=start, finished_at__lt=end
    ).count()


# --- as derived indicators: compute(area, start, end) ---------------------------------


def _now_figure(area: AdminUnit, end: dt.datetime) -> bool:
    return area.parent_id is None and timezone.now() - end <= NOW_SLACK


def alive_figure(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(workers_alive()) if _now_figure(area, end) else None


def silent_figure(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(workers_silent()) if _now_figure(area, end) else None


def waiting_figure(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(tasks_waiting()) if _now_figure(area, end) else None


def oldest_figure(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """In minutes, as the board shows it."""
    return round(oldest_task_seconds() / 60, 1) if _now_figure(area, end) else None


def failed_figure(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(tasks_failed(start, end)) if area.parent_id is None else None
