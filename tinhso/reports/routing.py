"""Which commune a point lies in, and which unit handles a report there.

Point-in-polygon over the communes' GeoJSON boundaries with Shapely; a point on
no polygon (a road on the border, a gap in the data) goes to the nearest commune
within REPORT_SNAP_METRES; farther than that it is outside the province.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from shapely.geometry import Point

from tinhso.core import maps
from tinhso.core.choices import OrgUnitKind
from tinhso.core.models import AdminUnit, OrgUnit

METRES_PER_DEGREE = 111_320


def locate(latitude: float, longitude: float) -> AdminUnit | None:
    """The commune containing the point, or the nearest one close enough, or None."""
    point = Point(float(longitude), float(latitude))
    areas = maps.areas()
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
