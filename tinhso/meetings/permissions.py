"""Who sees and does what in a meeting.

- Organisers — the body's leaders, unit administrators and clerks (văn thư prepares
  meetings), and the meeting's secretary — set it up: agenda, documents, invitations.
- The invited (members, guests with an account), the chair and the secretary see the
  meeting and its documents.
- No one else, a confidential meeting or not: a 404, so codes and numbers cannot be
  probed. The public archive of published resolutions comes with the sessions' end.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import has_role_over, org_units_in_scope
from tinhso.core.models import OrgUnit
from tinhso.meetings.choices import ParticipantRole
from tinhso.meetings.models import Meeting, MeetingDocument

ORGANISERS = (Role.APPROVER, Role.UNIT_ADMIN, Role.CLERK)


def organising_units(user: Any) -> QuerySet[OrgUnit]:
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    return org_units_in_scope(user, ORGANISERS)


def can_organise(user: Any, meeting: Meeting) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return meeting.secretary_id == user.pk or has_role_over(user, ORGANISERS, meeting.body)


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    if not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    seen = (
        Q(participants__user=user)
        | Q(chair=user)
        | Q(secretary=user)
        | Q(body__in=organising_units(user))
    )
    return Meeting.objects.filter(pk__in=Meeting.objects.filter(seen).values("pk"))


def can_view(user: Any, meeting: Meeting) -> bool:
    return visible_meetings(user).filter(pk=meeting.pk).exists()


def visible_documents(user: Any) -> QuerySet[MeetingDocument]:
    return MeetingDocument.objects.filter(meeting__in=visible_meetings(user))


def people_of(units: QuerySet[OrgUnit]) -> QuerySet[Any]:
    """Everyone working in ``units`` or under them (members, delegates, officials)."""
    from tinhso.accounts.models import User

    paths = Q()
    for path in units.values_list("path", flat=True):
        paths |= Q(memberships__org_unit__path__startswith=path)
    if not paths:
        return User.objects.none()
    return User.objects.filter(paths, is_active=True).distinct().order_by("full_name")


def can_preside(user: Any, meeting: Meeting) -> bool:
    """Runs the room — the agenda's current item, the floor, the votes: the chair and
    the secretary at the console; the organisers where no chair was named."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk in (meeting.chair_id, meeting.secretary_id):
        return True
    return meeting.chair_id is None and can_organise(user, meeting)


def member_of(user: Any, meeting: Meeting) -> Any:
    """This person's participation as a member (who may ask to speak and vote), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return meeting.participants.filter(user=user, role=ParticipantRole.MEMBER).first()


def task_units(user: Any) -> QuerySet[OrgUnit]:
    """Units whose follow-up tasks this person reports on: leaders and staff over them."""
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    return org_units_in_scope(user, (*ORGANISERS, Role.SPECIALIST))
