"""Indicators computed live from the platform's own tables, so nobody types them in:
dossiers (the Decision 766 figures of `services`), field reports (`reports`) and the
traffic cameras' violations (`traffic`).

Each function gives the value for one area over [start, end): the area's own units
and everything under it (a province counts all its communes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Avg, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.core.models import AdminUnit


@dataclass(frozen=True)
class Derived:
    label: Any  # a lazy translation
    compute: Callable[[AdminUnit, dt.datetime, dt.datetime], float | None]
    # What stands behind a value, for the drill-down ("the records behind it").
    records_url: str = ""


def _dossiers(area: AdminUnit):  # type: ignore[no-untyped-def]
    from tinhso.services.models import Dossier

    return Dossier.objects.filter(agency__area__path__startswith=area.path)


def _dossier_totals(area: AdminUnit, start: dt.datetime, end: dt.datetime):  # type: ignore[no-untyped-def]
    from tinhso.services.indicators import indicators

    return indicators(_dossiers(area), start, end)[1]


def dossiers_received(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_dossier_totals(area, start, end).received)


def dossiers_on_time_rate(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    rate = _dossier_totals(area, start, end).on_time_rate
    return float(rate) if rate is not None else None


def dossiers_overdue(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    """Open dossiers past their due date now (a backlog: the period does not matter)."""
    from tinhso.services.state import OPEN

    return float(_dossiers(area).filter(status__in=OPEN, due_at__lt=timezone.now()).count())


def _reports(area: AdminUnit):  # type: ignore[no-untyped-def]
    from tinhso.reports.queries import public_reports

    return public_reports().filter(commune__path__startswith=area.path)


def reports_received(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_reports(area).filter(created_at__gte=start, created_at__lt=end).count())


def reports_open(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    from tinhso.reports.choices import CLOSED_STATUSES

    return float(_reports(area).exclude(status__in=CLOSED_STATUSES).count())


def reports_overdue(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    from tinhso.reports.choices import CLOSED_STATUSES

    return float(
        _reports(area)
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(status="not_responsible")
        .filter(due_at__lt=timezone.now())
        .count()
    )


def reports_satisfaction(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    mean = (
        _reports(area)
        .filter(Q(rated_at__gte=start) & Q(rated_at__lt=end))
        .aggregate(m=Avg("rating"))["m"]
    )
    return round(mean, 2) if mean is not None else None


def _violations(area: AdminUnit, start: dt.datetime, end: dt.datetime):  # type: ignore[no-untyped-def]
    from tinhso.traffic.models import Violation

    return (
        Violation.objects.filter(camera__area__path__startswith=area.path)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .exclude(status="rejected")
    )


def traffic_violations(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_violations(area, start, end).count())


def traffic_red_light(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_violations(area, start, end).filter(kind="red_light").count())


def traffic_cameras_offline(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    from tinhso.traffic.models import Camera

    cameras = Camera.objects.filter(is_active=True, area__path__startswith=area.path)
    return float(cameras.filter(status="offline").count())


REGISTRY: dict[str, Derived] = {
    "dossiers_received": Derived(_("Hồ sơ tiếp nhận"), dossiers_received, "/console/statistics/"),
    "dossiers_on_time_rate": Derived(
        _("Tỉ lệ hồ sơ đúng hạn"), dossiers_on_time_rate, "/console/statistics/"
    ),
    "dossiers_overdue": Derived(
        _("Hồ sơ quá hạn đang tồn"), dossiers_overdue, "/console/dossiers/?list=overdue"
    ),
    "reports_received": Derived(_("Phản ánh tiếp nhận"), reports_received, "/reports/"),
    "reports_open": Derived(_("Phản ánh đang mở"), reports_open, "/reports/?status=open"),
    "reports_overdue": Derived(
        _("Phản ánh quá hạn"), reports_overdue, "/console/reports/?list=overdue"
    ),
    "reports_satisfaction": Derived(
        _("Mức hài lòng về xử lý phản ánh"), reports_satisfaction, "/console/reports/statistics/"
    ),
    "traffic_violations": Derived(
        _("Vi phạm giao thông ghi nhận qua camera"),
        traffic_violations,
        "/console/traffic/statistics/",
    ),
    "traffic_red_light": Derived(
        _("Vượt đèn đỏ ghi nhận qua camera"), traffic_red_light, "/console/traffic/statistics/"
    ),
    "traffic_cameras_offline": Derived(
        _("Camera giao thông mất kết nối"), traffic_cameras_offline, "/console/traffic/cameras/"
    ),
}


def available() -> dict[str, Derived]:
    """Only what the installed apps can compute."""
    needs = {"dossiers": "services", "reports": "reports", "traffic": "traffic"}
    return {
        key: item
        for key, item in REGISTRY.items()
        if apps.is_installed(f"tinhso.{needs[key.split('_')[0]]}")
    }


def value(key: str, area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    item = available().get(key)
    return item.compute(area, start, end) if item else None
