"""Which unit handles a report at a place (the commune itself is found by
``tinhso.core.maps.locate``)."""

from __future__ import annotations

from typing import Any

from tinhso.core.choices import OrgUnitKind
from tinhso.core.models import AdminUnit, OrgUnit


def responsible_unit(category: Any, commune: AdminUnit) -> OrgUnit | None:
    if category.responsible_unit_id:
        return category.responsible_unit
    return OrgUnit.objects.filter(
        area=commune, kind=OrgUnitKind.PEOPLES_COMMITTEE, is_active=True
    ).first()
