"""The traffic-camera figures the IOC shows. Registered in plugins.py."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from tinhso.core.models import AdminUnit
from tinhso.traffic.choices import CameraStatus, ViolationKind, ViolationStatus
from tinhso.traffic.models import Camera, Violation


def _violations(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> QuerySet[Violation]:
    """What the cameras caught there and then, less what an officer rejected."""
    return (
        Violation.objects.filter(camera__area__path__startswith=area.path)
        .filter(occurred_at__gte=start, occurred_at__lt=end)
        .exclude(status=ViolationStatus.REJECTED)
    )


def traffic_violations(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_violations(area, start, end).count())


def traffic_red_light(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(_violations(area, start, end).filter(kind=ViolationKind.RED_LIGHT).count())


def traffic_cameras_offline(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    cameras = Camera.objects.filter(is_active=True, area__path__startswith=area.path)
    return float(cameras.filter(status=CameraStatus.OFFLINE).count())
