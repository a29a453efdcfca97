"""Read-side queries: what the public map shows, nearby look-alikes, worklists."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from tinhso.accounts.permissions import org_units_in_scope
from tinhso.core.maps import METRES_PER_DEGREE
from tinhso.reports.choices import CLOSED_STATUSES
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Report

MAP_LIMIT = 500


def public_reports() -> QuerySet[Report]:
    """What anyone may see: not held for moderation, not hidden."""
    return Report.objects.filter(is_public=True).exclude(status=R.HIDDEN)


def open_reports(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Still to be handled: not closed, and not handed back as "not our business"."""
    return reports.exclude(status__in=CLOSED_STATUSES).exclude(status=R.NOT_RESPONSIBLE)


def overdue_reports(reports: QuerySet[Report], now: dt.datetime) -> QuerySet[Report]:
    """Open and past the date the unit had to answer by."""
    return open_reports(reports).filter(due_at__lt=now)


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance; plenty for "within a couple of hundred metres"."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6_371_000 * 2 * math.asin(math.sqrt(a))


def nearby_open(category: Any, latitude: float, longitude: float) -> list[Report]:
    """Open public reports of the same category close by and recent: "is it one of these?"

    A bounding box the index can use, then the exact distance in Python.
    """
    radius = settings.REPORT_NEARBY_METRES
    dlat = radius / METRES_PER_DEGREE
    dlon = radius / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.1))
    since = timezone.now() - dt.timedelta(days=settings.REPORT_NEARBY_DAYS)
    candidates = (
        public_reports()
        .filter(
            category=category,
            created_at__gte=since,
            latitude__range=(Decimal(latitude - dlat), Decimal(latitude + dlat)),
            longitude__range=(Decimal(longitude - dlon), Decimal(longitude + dlon)),
        )
        .exclude(status__in=CLOSED_STATUSES)
        .prefetch_related("photos")[:50]
    )
    found = []
    for report in candidates:
        metres = distance_metres(
            latitude, longitude, float(report.latitude), float(report.longitude)
        )
        if metres <= radius:
            report.distance = round(metres)  # type: ignore[attr-defined]
            found.append(report)
    return sorted(found, key=lambda r: r.distance)[:5]  # type: ignore[attr-defined]


def parse_bbox(text: str) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    """'west,south,east,north' in degrees (Leaflet's toBBoxString), or None if malformed."""
    parts = text.split(",")
    if len(parts) != 4:
        return None
    try:
        west, south, east, north = (Decimal(p.strip()) for p in parts)
    except InvalidOperation:
        return None
    if not all(x.is_finite() for x in (west, south, east, north)):
        return None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return west, south, east, north


def in_bbox(reports: QuerySet[Report], bbox: tuple[Decimal, Decimal, Decimal, Decimal]) -> Any:
    west, south, east, north = bbox
    return reports.filter(latitude__range=(south, north), longitude__range=(west, east))


def reports_handled_by(user: Any, roles: tuple[str, ...]) -> QuerySet[Report]:
    """The reports of the units where this official holds one of ``roles``."""
    return Report.objects.filter(unit__in=org_units_in_scope(user, roles))
