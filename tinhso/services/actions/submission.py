"""A dossier arrives: online from the applicant, or at the counter from a receptionist."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.accounts.staff import staff_over
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel, OrgUnitKind
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify, notify_all
from tinhso.services import permissions
from tinhso.services.actions.base import (
    S,
    queue_portal_sync,
    require,
    save_documents,
)
from tinhso.services.actions.workflow import do_receive
from tinhso.services.choices import (
    DocumentKind,
    EventKind,
    ProcedureLevel,
    SubmissionChannel,
)
from tinhso.services.codes import next_dossier_code
from tinhso.services.models import (
    Dossier,
    DossierEvent,
    Procedure,
)
from tinhso.services.uploads import check_documents


def agency_for(procedure: Procedure, commune_committee: OrgUnit | None) -> OrgUnit:
    if procedure.level == ProcedureLevel.PROVINCE:
        if procedure.agency is None:
            raise ActionError(_("Thủ tục chưa được gán cơ quan thực hiện."))
        return procedure.agency
    if commune_committee is None or commune_committee.kind != OrgUnitKind.PEOPLES_COMMITTEE:
        raise ActionError(_("Vui lòng chọn xã, phường nơi nộp hồ sơ."), field="agency")
    return commune_committee


def _submitted_before(key: uuid.UUID | None, applicant: User | None) -> Dossier | None:
    """The dossier a first click with this submission key made, if any."""
    existing = Dossier.objects.filter(submission_key=key).first() if key else None
    if existing is not None and existing.applicant_id != (applicant.pk if applicant else None):
        raise ActionError(_("Mã gửi biểu mẫu không hợp lệ."), code="key_reused")
    return existing


def _record_submission(dossier: Dossier, acting_user: User, request: HttpRequest | None) -> None:
    """The first event of the timeline (no status before it), the outbox and the audit row."""
    DossierEvent.objects.create(
        dossier=dossier,
        kind=EventKind.SUBMITTED,
        actor=acting_user,
        actor_name=acting_user.full_name,
        at=dossier.submitted_at,
        from_status=None,
        to_status=S.NEW,
        step_name=dossier.current_step.name if dossier.current_step else "",
    )
    queue_portal_sync(dossier)
    write_audit(
        "dossier.submitted",
        actor=acting_user,
        obj=dossier,
        request=request,
        data={"procedure": dossier.procedure.code, "channel": dossier.channel},
    )


@transaction.atomic
def do_submit_dossier(
    *,
    procedure: Procedure,
    agency: OrgUnit,
    applicant: User | None,
    applicant_name: str,
    applicant_phone: str,
    applicant_citizen_id: str = "",
    applicant_address: str = "",
    form_data: dict[str, Any],
    files: Mapping[int, Iterable[Any]],
    channel: str,
    acting_user: User,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Dossier:
    """Create a dossier with its code, documents and first event.

    ``submission_key`` makes a double-clicked submit return the dossier the
    first click made instead of a second one.
    """
    earlier = _submitted_before(submission_key, applicant)
    if earlier is not None:
        return earlier
    if not procedure.is_active:
        raise ActionError(_("Thủ tục này không còn áp dụng."), code="inactive")
    if channel not in SubmissionChannel.values:
        raise ActionError(_("Hình thức nộp không hợp lệ."), field="channel")
    counter = channel != SubmissionChannel.ONLINE
    first_step = procedure.steps.order_by("order").first()
    if first_step is None:
        raise ActionError(_("Thủ tục chưa có quy trình xử lý."), code="no_workflow")
    checked = check_documents(procedure, files)
    now = timezone.now()
    dossier = Dossier(
        code=next_dossier_code(agency.identifier, now),
        procedure=procedure,
        agency=agency,
        applicant=applicant,
        applicant_name=applicant_name,
        applicant_phone=applicant_phone,
        applicant_citizen_id=applicant_citizen_id,
        applicant_address=applicant_address,
        channel=channel,
        status=S.NEW,
        form_data=form_data,
        current_step=first_step,
        submitted_at=now,
        fee_amount=procedure.fee,
        # Online dossiers arrive digital; paper ones are digitised when scanned.
        is_digitised=bool(checked),
    )
    if submission_key is not None:
        dossier.submission_key = submission_key
    if counter:
        require(permissions.can_receive(acting_user, dossier))
    dossier.save()
    save_documents(dossier, checked, DocumentKind.SUBMITTED, acting_user)  # type: ignore[arg-type]
    _record_submission(dossier, acting_user, request)
    if counter:
        dossier = do_receive(dossier, acting_user=acting_user, request=request)
    else:
        _tell_reception(dossier)
    if applicant is not None:
        notify(
            applicant,
            "dossier_submitted",
            {"dossier": dossier},
            channels=[Channel.INBOX, Channel.SMS],
            link=reverse("services:my_dossier", args=[dossier.code]),
        )
    return dossier


def submit_online(
    user: User,
    procedure: Procedure,
    *,
    commune_committee: OrgUnit | None,
    applicant_address: str,
    form_data: dict[str, Any],
    files: Mapping[int, Iterable[Any]],
    submission_key: uuid.UUID | None,
    request: HttpRequest | None = None,
) -> Dossier:
    """A citizen submits online (the page and the API): the applicant is the account,
    the agency follows from the procedure and the chosen commune."""
    return do_submit_dossier(
        procedure=procedure,
        agency=agency_for(procedure, commune_committee),
        applicant=user,
        applicant_name=user.full_name,
        applicant_phone=user.phone,
        applicant_citizen_id=user.citizen_id or "",
        applicant_address=applicant_address[:300],
        form_data=form_data,
        files=files,
        channel=SubmissionChannel.ONLINE,
        acting_user=user,
        submission_key=submission_key,
        request=request,
    )


def _tell_reception(dossier: Dossier) -> None:
    """An inbox message to each receptionist who can receive this dossier."""
    unit = permissions.step_unit(dossier, dossier.current_step)
    notify_all(
        staff_over(unit, [Role.RECEPTIONIST]),
        "dossier_to_receive",
        {"dossier": dossier},
        link=reverse("desk:dossier", args=[dossier.code]),
    )
