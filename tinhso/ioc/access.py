"""Who sees the IOC: IOC viewers, leaders (approvers) and system admins, each over
the areas of the units they hold that role in (the province's committee: all)."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import org_units_in_scope, roles_of
from tinhso.core.models import AdminUnit

IOC_ROLES = (Role.IOC_VIEWER, Role.APPROVER, Role.SYSTEM_ADMIN)


def areas_in_scope(user: Any) -> QuerySet[AdminUnit]:
    """The admin units whose data this person may see."""
    if getattr(user, "is_superuser", False):
        return AdminUnit.objects.all()
    roots = (
        org_units_in_scope(user, IOC_ROLES)
        .filter(area__isnull=False)
        .values_list("area__path", flat=True)
    )
    paths = set(roots)
    if not paths:
        return AdminUnit.objects.none()
    return AdminUnit.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def can_see(user: Any, area: AdminUnit) -> bool:
    return areas_in_scope(user).filter(pk=area.pk).exists()


def uploadable_indicators(user: Any) -> set[int]:
    """What a person may upload by CSV: indicators owned by units their IOC roles reach
    (a system admin: every indicator)."""
    from tinhso.ioc.models import Indicator

    if getattr(user, "is_superuser", False) or Role.SYSTEM_ADMIN in roles_of(user):
        return set(Indicator.objects.values_list("pk", flat=True))
    units = org_units_in_scope(user, IOC_ROLES)
    return set(Indicator.objects.filter(owner__in=units).values_list("pk", flat=True))
