from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tinhso.core.models import AdminUnit, OrgUnit

router = Router(tags=["places"])


class AdminUnitOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None = Field(None, alias="parent.code")


class OrgUnitOut(Schema):
    identifier: str
    name: str
    kind: str
    area_code: str = Field(..., alias="area.code")
    parent_identifier: str | None = Field(None, alias="parent.identifier")


@router.get("/admin-units", response=list[AdminUnitOut], auth=None)
def list_admin_units(request: HttpRequest, parent: str | None = None):
    """Public list of administrative units; ``parent`` (a code) gives one level."""
    units = AdminUnit.objects.filter(is_active=True).select_related("parent")
    if parent:
        units = units.filter(parent__code=parent[:5])
    return units


@router.get("/org-units", response=list[OrgUnitOut], auth=None)
def list_org_units(request: HttpRequest):
    """Public directory of agencies with their QCVN 102:2016 identifiers."""
    return OrgUnit.objects.filter(is_active=True).select_related("area", "parent")
