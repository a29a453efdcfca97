"""A dossier moves through its workflow: reception, the steps, supplements, withdrawal
and stopping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.models import User
from tinhso.core.errors import ActionError, clean_note
from tinhso.core.workdays import WorkCalendar
from tinhso.services import documents, permissions
from tinhso.services.actions.base import (
    S,
    change,
    is_applicant,
    locked,
    record,
    require,
    save_documents,
    step_due,
    steps_of,
    store_generated,
)
from tinhso.services.choices import (
    DocumentKind,
    EventKind,
)
from tinhso.services.models import (
    Dossier,
    RequiredDocument,
    WorkflowStep,
)
from tinhso.services.state import check_transition
from tinhso.services.uploads import CheckedFile, check_upload


@transaction.atomic
def do_receive(
    dossier: Dossier, *, acting_user: User, request: HttpRequest | None = None
) -> Dossier:
    dossier = locked(dossier)
    require(permissions.can_receive(acting_user, dossier))
    check_transition(dossier.status, S.RECEIVED)
    calendar = WorkCalendar.load()
    now = timezone.now()
    dossier.received_at = now
    dossier.due_at = calendar.add_working_days(now, dossier.procedure.processing_days)
    dossier.step_due_at = step_due(now, dossier.current_step, calendar)
    # The slip the applicant takes home: code, papers received, due date, look-up QR.
    store_generated(
        dossier,
        DocumentKind.INTAKE,
        f"giay-tiep-nhan-{dossier.code}.pdf",
        documents.intake_slip_pdf(dossier, now, acting_user.full_name),
        uploaded_by=acting_user,
    )
    record(dossier, EventKind.RECEIVED, to_status=S.RECEIVED, actor=acting_user, request=request)
    return dossier


@transaction.atomic
def do_refuse(
    dossier: Dossier, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Dossier:
    """Refuse to receive: the papers are not in order (the note says why)."""
    return change(
        dossier,
        EventKind.REFUSED,
        S.REFUSED,
        acting_user=acting_user,
        may=permissions.can_receive,
        note=note,
        note_required=True,
        request=request,
        current_step=None,
    )


def _move_to_step(
    dossier: Dossier,
    step: WorkflowStep,
    kind: str,
    acting_user: User,
    note: str,
    request: HttpRequest | None,
) -> Dossier:
    """Hand the dossier to another step: nobody assigned yet, the step's own deadline."""
    dossier.current_step = step
    dossier.assignee = None
    dossier.step_due_at = step_due(timezone.now(), step, WorkCalendar.load())
    record(dossier, kind, to_status=S.IN_PROGRESS, actor=acting_user, note=note, request=request)
    return dossier


@transaction.atomic
def do_forward(
    dossier: Dossier, *, acting_user: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    """Send the dossier on to the next step of the workflow."""
    dossier = locked(dossier)
    require(permissions.can_do_current_step(acting_user, dossier))
    if dossier.status not in (S.RECEIVED, S.IN_PROGRESS):
        check_transition(dossier.status, S.IN_PROGRESS)
    steps = steps_of(dossier)
    later = [s for s in steps if s.order > dossier.current_step.order]  # type: ignore[union-attr]
    if not later:
        raise ActionError(_("Đây là bước cuối: hãy hoàn thành xử lý."), code="last_step")
    return _move_to_step(
        dossier, later[0], EventKind.FORWARDED, acting_user, clean_note(note), request
    )


@transaction.atomic
def do_return_to_previous(
    dossier: Dossier, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Dossier:
    dossier = locked(dossier)
    require(permissions.can_do_current_step(acting_user, dossier))
    note = clean_note(note, required=True)
    if dossier.status != S.IN_PROGRESS:
        check_transition(dossier.status, S.IN_PROGRESS)
    earlier = [s for s in steps_of(dossier) if s.order < dossier.current_step.order]  # type: ignore[union-attr]
    # The reception step is not "processing": a dossier goes back at most to step 2.
    if len(earlier) < 2:
        raise ActionError(_("Không có bước xử lý nào trước bước này."), code="first_step")
    return _move_to_step(
        dossier, earlier[-1], EventKind.RETURNED_TO_STEP, acting_user, note, request
    )


@transaction.atomic
def do_assign(
    dossier: Dossier, assignee: User, *, acting_user: User, request: HttpRequest | None = None
) -> Dossier:
    """Give the current step to one official (a leader assigns, or one claims it)."""
    dossier = locked(dossier)
    step = dossier.current_step
    if dossier.status not in (S.RECEIVED, S.IN_PROGRESS) or step is None:
        raise ActionError(_("Hồ sơ không ở bước có thể phân công."), code="not_assignable")
    claiming = assignee.pk == acting_user.pk
    require(
        permissions.can_do_current_step(acting_user, dossier)
        if claiming
        else permissions.can_oversee(acting_user, dossier)
    )
    if not permissions.can_do_current_step(assignee, dossier):
        raise ActionError(
            _("Cán bộ này không có vai trò thực hiện bước hiện tại."), field="assignee"
        )
    dossier.assignee = assignee
    record(
        dossier,
        EventKind.ASSIGNED,
        to_status=dossier.status,
        actor=acting_user,
        note="" if claiming else assignee.full_name,
        request=request,
    )
    return dossier


@transaction.atomic
def do_request_supplement(
    dossier: Dossier, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Dossier:
    """Ask the applicant for more papers; the legal clock stops until they arrive."""
    return change(
        dossier,
        EventKind.SUPPLEMENT_REQUESTED,
        S.SUPPLEMENT_REQUESTED,
        acting_user=acting_user,
        may=permissions.can_do_current_step,
        note=note,
        note_required=True,
        request=request,
        paused_at=timezone.now(),
    )


def resume_due(
    due: dt.datetime, paused_at: dt.datetime, resumed_at: dt.datetime, calendar: WorkCalendar
) -> dt.datetime:
    """The due date after a pause: the working days left at the pause, counted again."""
    local_due = timezone.localtime(due)
    remaining = calendar.working_days_between(
        timezone.localtime(paused_at).date(), local_due.date()
    )
    new_due = calendar.add_working_days(resumed_at, remaining)
    return (
        new_due.replace(hour=local_due.hour, minute=local_due.minute, second=0, microsecond=0)
        if remaining
        else new_due
    )


@transaction.atomic
def do_supplement(
    dossier: Dossier,
    files: Mapping[int | None, Iterable[Any]],
    *,
    acting_user: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> Dossier:
    """The applicant sends the requested papers; the clock resumes with the days it had left."""
    dossier = locked(dossier)
    require(is_applicant(acting_user, dossier) or permissions.can_receive(acting_user, dossier))
    check_transition(dossier.status, S.IN_PROGRESS)
    requirements = {r.pk: r for r in dossier.procedure.documents.all()}
    checked: list[tuple[RequiredDocument | None, CheckedFile]] = []
    for req_id, uploads in files.items():
        if req_id is not None and req_id not in requirements:
            raise ActionError(_("Có giấy tờ không thuộc thủ tục này."), code="unknown_document")
        for upload in uploads:
            checked.append((requirements.get(req_id) if req_id else None, check_upload(upload)))
    if not checked:
        raise ActionError(_("Vui lòng đính kèm giấy tờ bổ sung."), field="files", code="required")
    save_documents(dossier, checked, DocumentKind.SUPPLEMENT, acting_user)
    now = timezone.now()
    calendar = WorkCalendar.load()
    if dossier.due_at and dossier.paused_at:
        dossier.due_at = resume_due(dossier.due_at, dossier.paused_at, now, calendar)
    if dossier.step_due_at and dossier.paused_at:
        dossier.step_due_at = resume_due(dossier.step_due_at, dossier.paused_at, now, calendar)
    dossier.paused_at = None
    note = clean_note(note)
    due_text = timezone.localtime(dossier.due_at).strftime("%d/%m/%Y") if dossier.due_at else ""
    record(
        dossier,
        EventKind.SUPPLEMENTED,
        to_status=S.IN_PROGRESS,
        actor=acting_user,
        note=(note + "\n" if note else "") + _("Hẹn trả mới: %(date)s") % {"date": due_text},
        request=request,
    )
    return dossier


@transaction.atomic
def do_withdraw(
    dossier: Dossier, *, acting_user: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    """The applicant asks to withdraw; the agency then stops the dossier."""
    return change(
        dossier,
        EventKind.WITHDRAWAL_REQUESTED,
        S.WITHDRAWAL_REQUESTED,
        acting_user=acting_user,
        may=is_applicant,
        note=note,
        request=request,
    )


@transaction.atomic
def do_stop(
    dossier: Dossier, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Dossier:
    dossier = locked(dossier)
    require(
        permissions.can_oversee(acting_user, dossier)
        or permissions.can_receive(acting_user, dossier)
    )
    note = clean_note(note, required=dossier.status != S.WITHDRAWAL_REQUESTED)
    check_transition(dossier.status, S.STOPPED)
    dossier.current_step = None
    dossier.finished_at = timezone.now()
    record(
        dossier,
        EventKind.STOPPED,
        to_status=S.STOPPED,
        actor=acting_user,
        note=note,
        request=request,
    )
    return dossier
