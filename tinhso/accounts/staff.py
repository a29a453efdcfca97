"""Who to tell: the active officials holding a role, found the same way by every app.

    people = staff_over(unit, [Role.RECEPTIONIST])
    notify_all(people, "dossier_to_receive", {...}, link=reverse(...))

A role held in a unit reaches every unit below it (see permissions.py), so the
people *over* a unit are those holding the role in it or in one of its ancestors.
At most ``MAX_RECIPIENTS`` are returned: a message to a unit's desk is for its
staff on duty, not a mass mailing (a misconfigured root role must not send
thousands of messages per event).
"""

from __future__ import annotations

from collections.abc import Iterable

from tinhso.accounts.models import User
from tinhso.core.models import OrgUnit

MAX_RECIPIENTS = 50


def _holding(roles: Iterable[str], **where: object) -> list[User]:
    people = User.objects.filter(is_active=True, memberships__role__in=list(roles), **where)
    return list(people.distinct().order_by("pk")[:MAX_RECIPIENTS])


def staff_over(unit: OrgUnit, roles: Iterable[str]) -> list[User]:
    """People holding one of ``roles`` in ``unit`` or above it: they can act on it."""
    return _holding(roles, memberships__org_unit__in=unit.ancestor_ids())


def staff_in(unit: OrgUnit, roles: Iterable[str]) -> list[User]:
    """People holding one of ``roles`` in ``unit`` itself: its own desk or leaders."""
    return _holding(roles, memberships__org_unit=unit)


def staff_anywhere(roles: Iterable[str], *, area_kind: str | None = None) -> list[User]:
    """People holding one of ``roles`` in any unit (at that level of area, if given)."""
    where = {"memberships__org_unit__area__kind": area_kind} if area_kind else {}
    return _holding(roles, **where)
