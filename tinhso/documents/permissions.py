"""Who sees and does what with an incoming document.

- The unit's clerks (văn thư) register documents and see its register.
- Its leaders (the approver role over the unit) assign them and see them all.
- Handlers — a person assigned, or the specialists and leaders of a department
  assigned — see the documents they hold and do their part.
- Anyone else working in the unit or above sees a document that is not secret. A
  secret one (Mật, Tối mật, Tuyệt mật) only its handlers, the leaders and the clerks
  who keep the register: the Law on Protection of State Secrets limits it to those
  whose work needs it.
Outsiders (citizens, other units' officials) see nothing: a 404, not a 403, so that
numbers cannot be probed.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import has_role_over, org_units_in_scope
from tinhso.core.models import OrgUnit
from tinhso.documents import search
from tinhso.documents.choices import (
    AssignmentState,
    IncomingState,
    OutgoingState,
    ReviewState,
    Secrecy,
)
from tinhso.documents.doctypes import cited_notations
from tinhso.documents.models import Assignment, IncomingDocument, OutgoingDocument

STAFF = (Role.CLERK, Role.APPROVER, Role.SPECIALIST, Role.UNIT_ADMIN)
HANDLERS = (Role.SPECIALIST, Role.APPROVER)
KEEPERS = (Role.CLERK, Role.APPROVER)


def registering_units(user: Any) -> QuerySet[OrgUnit]:
    """The units whose register this clerk keeps (the units of their clerk roles)."""
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    return (
        OrgUnit.objects.filter(memberships__user=user, memberships__role=Role.CLERK)
        .distinct()
        .order_by("path")
    )


def can_register(user: Any, unit: OrgUnit) -> bool:
    return registering_units(user).filter(pk=unit.pk).exists()


def can_lead(user: Any, document: IncomingDocument) -> bool:
    """Assigning belongs to the unit's leaders."""
    return has_role_over(user, Role.APPROVER, document.unit)


def holds(user: Any, assignment: Assignment) -> bool:
    if assignment.user_id is not None:
        return bool(assignment.user_id == getattr(user, "pk", None))
    if assignment.org_unit_id is None:
        return False
    return org_units_in_scope(user, HANDLERS).filter(pk=assignment.org_unit_id).exists()


def _held(user: Any) -> Q:
    return Q(assignments__user=user) | Q(
        assignments__org_unit__in=org_units_in_scope(user, HANDLERS)
    )


def visible_documents(user: Any) -> QuerySet[IncomingDocument]:
    if not getattr(user, "is_authenticated", False):
        return IncomingDocument.objects.none()
    seen = (
        Q(unit__in=org_units_in_scope(user, STAFF), secrecy=Secrecy.NONE)
        | Q(unit__in=org_units_in_scope(user, KEEPERS))
        | _held(user)
    )
    ids = IncomingDocument.objects.filter(seen).values("pk")
    return IncomingDocument.objects.filter(pk__in=ids)


def can_view(user: Any, document: IncomingDocument) -> bool:
    return visible_documents(user).filter(pk=document.pk).exists()


def open_assignments_of(user: Any) -> QuerySet[Assignment]:
    """The parts this official holds and has not finished (their work list)."""
    if not getattr(user, "is_authenticated", False):
        return Assignment.objects.none()
    return Assignment.objects.filter(
        Q(user=user) | Q(user__isnull=True, org_unit__in=org_units_in_scope(user, HANDLERS)),
        state=AssignmentState.OPEN,
    )


def documents_to_assign(user: Any) -> QuerySet[IncomingDocument]:
    """Registered documents of the units this leader assigns, not yet given to anyone."""
    return IncomingDocument.objects.filter(
        unit__in=org_units_in_scope(user, [Role.APPROVER]), state=IncomingState.REGISTERED
    )


def citing(user: Any, document: IncomingDocument) -> QuerySet[IncomingDocument]:
    """Documents the user may see whose text names this one's number/notation (a
    later decision "căn cứ Quyết định số 15/QĐ-UBND …"); not those with the same
    number/notation themselves."""
    # The words index narrows first (a page view must not scan every text of the
    # province); the pattern then checks the number's boundary: not "115/QĐ-UBND" for
    # "15/QĐ-UBND".
    return (
        search.matching(visible_documents(user), document.notation)
        .filter(text__iregex=r"(^|[^0-9])" + re.escape(document.notation))
        .exclude(notation=document.notation)
        .order_by("-received_at")
    )


def cited(user: Any, document: IncomingDocument) -> QuerySet[IncomingDocument]:
    """Registered documents this one's text names, that the user may see."""
    named = cited_notations(document.text, but=document.notation)
    if not named:
        return IncomingDocument.objects.none()
    return visible_documents(user).filter(notation__in=named).order_by("-received_at")


# Outgoing documents -------------------------------------------------------------
# The drafter, the reviewers and the signer of a draft see it; the unit's clerks and
# leaders see all its outgoing documents; its other officials see the issued ones that
# are not secret.


def drafting_units(user: Any) -> QuerySet[OrgUnit]:
    """The units an official drafts for: those they work in as specialist, leader or clerk."""
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    return (
        OrgUnit.objects.filter(
            memberships__user=user, memberships__role__in=[*HANDLERS, Role.CLERK]
        )
        .distinct()
        .order_by("path")
    )


def visible_outgoing(user: Any) -> QuerySet[OutgoingDocument]:
    if not getattr(user, "is_authenticated", False):
        return OutgoingDocument.objects.none()
    seen = (
        Q(drafter=user)
        | Q(signer=user)
        | Q(reviews__reviewer=user)
        | Q(unit__in=org_units_in_scope(user, KEEPERS))
        | Q(
            unit__in=org_units_in_scope(user, STAFF),
            secrecy=Secrecy.NONE,
            state=OutgoingState.ISSUED,
        )
    )
    ids = OutgoingDocument.objects.filter(seen).values("pk")
    return OutgoingDocument.objects.filter(pk__in=ids)


def can_view_outgoing(user: Any, document: OutgoingDocument) -> bool:
    return visible_outgoing(user).filter(pk=document.pk).exists()


def can_sign(user: Any, document: OutgoingDocument) -> bool:
    return bool(
        document.signer_id == getattr(user, "pk", None)
        and has_role_over(user, Role.APPROVER, document.unit)
    )


def can_issue(user: Any, document: OutgoingDocument) -> bool:
    return can_register(user, document.unit)


def signers_for(unit: OrgUnit) -> QuerySet[Any]:
    """Who may sign for ``unit``: its leaders (the approver role over it)."""
    from tinhso.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.APPROVER,
            memberships__org_unit__in=unit.ancestor_ids(),
        )
        .distinct()
        .order_by("full_name")
    )


def reviewers_for(unit: OrgUnit) -> QuerySet[Any]:
    """Who may review a draft of ``unit``: the leaders and specialists working in it."""
    from tinhso.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=[*HANDLERS],
            memberships__org_unit__path__startswith=unit.path,
        )
        .distinct()
        .order_by("full_name")
    )


def drafts_to_review(user: Any) -> QuerySet[OutgoingDocument]:
    """Drafts whose current turn is this official's."""
    if not getattr(user, "is_authenticated", False):
        return OutgoingDocument.objects.none()
    return OutgoingDocument.objects.filter(
        state=OutgoingState.IN_REVIEW,
        reviews__reviewer=user,
        reviews__state=ReviewState.WAITING,
    ).distinct()


def documents_to_sign(user: Any) -> QuerySet[OutgoingDocument]:
    if not getattr(user, "is_authenticated", False):
        return OutgoingDocument.objects.none()
    return OutgoingDocument.objects.filter(state=OutgoingState.TO_SIGN, signer=user)


def documents_to_issue(user: Any) -> QuerySet[OutgoingDocument]:
    return OutgoingDocument.objects.filter(
        state=OutgoingState.TO_ISSUE, unit__in=registering_units(user)
    )
