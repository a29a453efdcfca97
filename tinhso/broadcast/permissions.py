"""Who writes, approves and hears bulletins: the staff of the station's commune (and of
the units above it) write them; its leaders (``approver``) approve them and set its
programmes; those given the emergency role (``radio_emergency``) alone send an
emergency, which airs at once, and stop one. Everyone else: a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import has_role_over, org_units_in_scope
from tinhso.broadcast.choices import BulletinState
from tinhso.broadcast.models import Bulletin, Dispatch, Station
from tinhso.core.choices import OrgUnitKind
from tinhso.core.models import OrgUnit

WRITERS = (Role.APPROVER, Role.UNIT_ADMIN, Role.CLERK, Role.SPECIALIST, Role.EMERGENCY_BROADCASTER)
APPROVERS = (Role.APPROVER,)
EMERGENCY = (Role.EMERGENCY_BROADCASTER,)


def stations_for(user: Any) -> QuerySet[Station]:
    if not getattr(user, "is_authenticated", False):
        return Station.objects.none()
    return Station.objects.filter(unit__in=org_units_in_scope(user, WRITERS))


def visible_bulletins(user: Any) -> QuerySet[Bulletin]:
    return Bulletin.objects.filter(station__in=stations_for(user))


def can_approve(user: Any, station: Station) -> bool:
    return getattr(user, "is_authenticated", False) and has_role_over(user, APPROVERS, station.unit)


def can_send_emergency(user: Any, station: Station) -> bool:
    return getattr(user, "is_authenticated", False) and has_role_over(user, EMERGENCY, station.unit)


def bulletins_to_approve(user: Any) -> QuerySet[Bulletin]:
    """Bulletins sent for approval at the stations this person leads."""
    if not getattr(user, "is_authenticated", False):
        return Bulletin.objects.none()
    return Bulletin.objects.filter(
        state=BulletinState.SUBMITTED, station__unit__in=org_units_in_scope(user, APPROVERS)
    )


def dispatch_stations(user: Any) -> QuerySet[Station]:
    """The stations this person may send a bulletin to from above: those they lead."""
    if not getattr(user, "is_authenticated", False):
        return Station.objects.none()
    return Station.objects.filter(unit__in=org_units_in_scope(user, APPROVERS + EMERGENCY))


def visible_dispatches(user: Any) -> QuerySet[Dispatch]:
    """Dispatches with a copy at one of this person's stations."""
    return Dispatch.objects.filter(
        pk__in=Bulletin.objects.filter(
            station__in=stations_for(user), dispatch__isnull=False
        ).values("dispatch")
    )


# Who installs: the unit's IT administrators (and the platform's) register stations and
# speakers, issue the speakers' passwords and take speakers down.
INSTALLERS = (Role.UNIT_ADMIN, Role.SYSTEM_ADMIN)


def can_install(user: Any, station: Station) -> bool:
    return getattr(user, "is_authenticated", False) and has_role_over(
        user, INSTALLERS, station.unit
    )


def units_without_station(user: Any) -> QuerySet[OrgUnit]:
    """People's Committees this person administers that have no station yet."""
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    return (
        org_units_in_scope(user, INSTALLERS)
        .filter(kind=OrgUnitKind.PEOPLES_COMMITTEE, station__isnull=True, is_active=True)
        .order_by("path")
    )
