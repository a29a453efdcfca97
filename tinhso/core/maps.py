"""The communes' boundaries as the maps and the routing use them, and the settings every
Leaflet map on the platform shares (field reports, the operations centre, cameras).

Boundaries are parsed into Shapely shapes once per process and forgotten when an
admin unit changes.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from shapely import prepared
from shapely.geometry import Point, shape

from tinhso.core.choices import COMMUNE_KINDS
from tinhso.core.models import AdminUnit


@dataclass(frozen=True)
class Area:
    unit_id: int
    geometry: Any
    prepared: Any


_lock = threading.Lock()
_cache: list[Area] | None = None


def areas() -> list[Area]:
    """Every active commune with a boundary, as Shapely shapes."""
    global _cache
    with _lock:
        if _cache is None:
            found = []
            for unit_id, boundary in AdminUnit.objects.filter(
                kind__in=COMMUNE_KINDS, is_active=True, boundary__isnull=False
            ).values_list("pk", "boundary"):
                geometry = shape(boundary)
                found.append(Area(unit_id, geometry, prepared.prep(geometry)))
            _cache = found
        return _cache


def forget_boundaries(**kwargs: Any) -> None:
    global _cache
    with _lock:
        _cache = None


def connect_cache_invalidation() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(forget_boundaries, sender=AdminUnit, dispatch_uid="maps-boundaries")
    post_delete.connect(forget_boundaries, sender=AdminUnit, dispatch_uid="maps-boundaries-d")


METRES_PER_DEGREE = 111_320


def locate(latitude: float, longitude: float) -> AdminUnit | None:
    """The commune containing the point, or the nearest one close enough, or None.

    Point-in-polygon over the communes' boundaries; a point on no polygon (a road on
    the border, a gap in the data) goes to the nearest commune within
    REPORT_SNAP_METRES; farther than that it is outside the province. Used by field
    reports, NGSI-LD entities with a location, and whatever else is placed by a point.
    """
    point = Point(float(longitude), float(latitude))
    found = areas()
    for area in found:
        if area.prepared.contains(point) or area.prepared.intersects(point):
            return AdminUnit.objects.get(pk=area.unit_id)
    if not found:
        return None
    nearest = min(found, key=lambda a: a.geometry.distance(point))
    # Degrees to metres, east-west shrunk by the latitude: good enough at a few km.
    distance = (
        nearest.geometry.distance(point)
        * METRES_PER_DEGREE
        * max(math.cos(math.radians(float(latitude))), 0.5)
    )
    if distance <= settings.REPORT_SNAP_METRES:
        return AdminUnit.objects.get(pk=nearest.unit_id)
    return None


def province_bounds() -> list[list[float]] | None:
    """[[south, west], [north, east]] around every commune, for a map's first view."""
    found = areas()
    if not found:
        return None
    boxes = [a.geometry.bounds for a in found]  # (minx, miny, maxx, maxy)
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


def map_settings() -> dict[str, Any]:
    """What the map templates (core/_map_attrs.html) need."""
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "bounds_json": json.dumps(province_bounds()),
    }
