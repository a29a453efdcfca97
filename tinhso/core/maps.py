"""The communes' boundaries as the maps and the routing use them, and the settings every
Leaflet map on the platform shares (field reports, the operations centre, cameras).

Boundaries are parsed into Shapely shapes once per process and forgotten when an
admin unit changes.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from shapely import prepared
from shapely.geometry import shape

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
