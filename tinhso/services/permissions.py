"""Who may act on a dossier: the holder of the current step's role, over the step's unit."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import has_role_over, org_units_in_scope
from tinhso.core.models import OrgUnit
from tinhso.services.models import Dossier, WorkflowStep

DOSSIER_ROLES = (
    Role.RECEPTIONIST,
    Role.SPECIALIST,
    Role.APPROVER,
    Role.UNIT_ADMIN,
    Role.SYSTEM_ADMIN,
)


def step_unit(dossier: Dossier, step: WorkflowStep | None) -> OrgUnit:
    """The unit that does ``step``: the step's own unit, else the dossier's agency."""
    if step is not None and step.org_unit_id:
        return step.org_unit  # type: ignore[return-value]
    return dossier.agency


def reception_step(dossier: Dossier) -> WorkflowStep | None:
    return dossier.procedure.steps.order_by("order").first()


def can_do_current_step(user: Any, dossier: Dossier) -> bool:
    step = dossier.current_step
    return step is not None and has_role_over(user, step.role, step_unit(dossier, step))


def can_receive(user: Any, dossier: Dossier) -> bool:
    """Receiving, refusing and returning results belong to the reception step's unit."""
    return has_role_over(user, Role.RECEPTIONIST, step_unit(dossier, reception_step(dossier)))


def can_oversee(user: Any, dossier: Dossier) -> bool:
    """Leaders and unit admins of the agency (or above) may stop and reassign."""
    return has_role_over(user, (Role.APPROVER, Role.UNIT_ADMIN), dossier.agency)


def can_view(user: Any, dossier: Dossier) -> bool:
    if dossier.applicant_id is not None and dossier.applicant_id == getattr(user, "pk", None):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    units = {dossier.agency_id}
    units.update(s.org_unit_id for s in dossier.procedure.steps.all() if s.org_unit_id)
    # A dossier holds personal data (Decree 13/2023): only the roles that handle
    # dossiers see it — in its agency, a step's unit, or a unit above them. IOC
    # viewers and traffic officers see the statistics, not the files.
    return org_units_in_scope(user, DOSSIER_ROLES).filter(pk__in=units).exists()


def dossiers_for_role(user: Any, role: str) -> QuerySet[Dossier]:
    """Dossiers whose current step is done by ``role`` in a unit the user reaches."""
    scope = org_units_in_scope(user, [role])
    return Dossier.objects.filter(current_step__role=role).filter(
        Q(current_step__org_unit__in=scope)
        | Q(current_step__org_unit__isnull=True, agency__in=scope)
    )


def dossiers_in_scope(user: Any) -> QuerySet[Dossier]:
    """Every dossier of an agency the user works in or above (for overviews and stats)."""
    return Dossier.objects.filter(agency__in=org_units_in_scope(user))


def finished_for_reception(user: Any) -> QuerySet[Dossier]:
    """Finished dossiers whose result this user's reception desk hands over.

    The reception step is the procedure's first step; its unit is the step's own
    unit or, when it has none, the dossier's agency.
    """
    from tinhso.services.choices import DossierStatus

    scope = org_units_in_scope(user, [Role.RECEPTIONIST])
    first_steps = WorkflowStep.objects.filter(order=1)
    with_own_unit = first_steps.filter(org_unit__in=scope).values("procedure_id")
    without_unit = first_steps.filter(org_unit__isnull=True).values("procedure_id")
    return Dossier.objects.filter(status=DossierStatus.FINISHED).filter(
        Q(procedure_id__in=with_own_unit) | Q(procedure_id__in=without_unit, agency__in=scope)
    )
