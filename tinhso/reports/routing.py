"""Which commune a point lies in, and which unit handles a report there.

Point-in-polygon over the communes' GeoJSON boundaries with Shapely; a point on
no polygon (a road on the border, a gap in the data) goes to the nearest commune
within REPORT_SNAP_METRES; farther than that it is outside the province.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from shapely import prepared
from shapely.geometry import Point, shape

from tinhso.core.choices import AdminUnitKind, OrgUnitKind
from tinhso.core.models import AdminUnit, OrgUnit

COMMUNE_KINDS = (AdminUnitKind.COMMUNE, AdminUnitKind.WARD, AdminUnitKind.SPECIAL_ZONE)
METRES_PER_DEGREE = 111_320


@dataclass(frozen=True)
class _Area:
    unit_id: int
    geometry: Any
    prepared: Any


_lock = threading.Lock()
_cache: list[_Area] | None = None


def _areas() -> list[_Area]:
    global _cache
    with _lock:
        if _cache is None:
            areas = []
            for unit_id, boundary in AdminUnit.objects.filter(
                kind__in=COMMUNE_KINDS, is_active=True, boundary__isnull=False
            ).values_list("pk", "boundary"):
                geometry = shape(boundary)
                areas.append(_Area(unit_id, geometry, prepared.prep(geometry)))
            _cache = areas
        return _cache


def forget_boundaries(**kwargs: Any) -> None:
    global _cache
    with _lock:
        _cache = None


def connect_cache_invalidation() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(forget_boundaries, sender=AdminUnit, dispatch_uid="reports-boundaries")
    post_delete.connect(forget_boundaries, sender=AdminUnit, dispatch_uid="reports-boundaries-d")


def locate(latitude: float, longitude: float) -> AdminUnit | None:
    """The commune containing the point, or the nearest one close enough, or None."""
    point = Point(float(longitude), float(latitude))
    areas = _areas()
    for area in areas:
        if area.prepared.contains(point) or area.prepared.intersects(point):
            return AdminUnit.objects.get(pk=area.unit_id)
    if not areas:
        return None
    nearest = min(areas, key=lambda a: a.geometry.distance(point))
    # Degrees to metres, east-west shrunk by the latitude: good enough at a few km.
    distance = (
        nearest.geometry.distance(point)
        * METRES_PER_DEGREE
        * max(math.cos(math.radians(float(latitude))), 0.5)
    )
    if distance <= settings.REPORT_SNAP_METRES:
        return AdminUnit.objects.get(pk=nearest.unit_id)
    return None


def responsible_unit(category: Any, commune: AdminUnit) -> OrgUnit | None:
    if category.responsible_unit_id:
        return category.responsible_unit
    return OrgUnit.objects.filter(
        area=commune, kind=OrgUnitKind.PEOPLES_COMMITTEE, is_active=True
    ).first()


def province_bounds() -> list[list[float]] | None:
    """[[south, west], [north, east]] around every commune, for the map's first view."""
    areas = _areas()
    if not areas:
        return None
    boxes = [a.geometry.bounds for a in areas]  # (minx, miny, maxx, maxy)
    return [
        [min(b[1] for b in boxes), min(b[0] for b in boxes)],
        [max(b[3] for b in boxes), max(b[2] for b in boxes)],
    ]


def communes_feature_collection() -> dict[str, Any]:
    """The commune boundaries as GeoJSON, drawn on the maps (useful even with no tiles)."""
    units = AdminUnit.objects.filter(
        kind__in=COMMUNE_KINDS, is_active=True, boundary__isnull=False
    ).values_list("code", "name", "boundary")
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": boundary, "properties": {"code": code, "name": name}}
            for code, name, boundary in units
        ],
    }
