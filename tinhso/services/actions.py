"""Every change to a dossier: one transaction, a timeline event, an audit row,
notifications after commit (STYLE.md #1). Views and the API only call these."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import uuid
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.choices import Role
from tinhso.accounts.models import User
from tinhso.core.audit import write_audit
from tinhso.core.choices import Channel, OrgUnitKind
from tinhso.core.errors import ActionError, clean_note
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify
from tinhso.core.workdays import WorkCalendar
from tinhso.services import documents, permissions
from tinhso.services.choices import (
    DocumentKind,
    DossierStatus,
    EventKind,
    ProcedureLevel,
    Satisfaction,
    SubmissionChannel,
)
from tinhso.services.codes import next_dossier_code
from tinhso.services.models import (
    Dossier,
    DossierDocument,
    DossierEvent,
    Payment,
    PortalSyncEvent,
    Procedure,
    RequiredDocument,
    WorkflowStep,
)
from tinhso.services.payments import CallbackResult
from tinhso.services.portal import portal_payload
from tinhso.services.state import OPEN, check_transition
from tinhso.services.uploads import CheckedFile, check_upload

S = DossierStatus


def _locked(dossier: Dossier) -> Dossier:
    """Re-read the dossier with a row lock: two officials clicking at once act in turn."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency", "current_step", "current_step__org_unit")
        .get(pk=dossier.pk)
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _record(
    dossier: Dossier,
    kind: str,
    *,
    to_status: int,
    actor: User | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> DossierEvent:
    """Move to ``to_status`` (if legal), save, and write the event and the audit row."""
    from_status = dossier.status
    if to_status != from_status:
        check_transition(from_status, to_status)
    dossier.status = to_status
    dossier.save()
    event = DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        actor=actor,
        actor_name=actor.full_name if actor else "",
        at=timezone.now(),
        from_status=from_status,
        to_status=to_status,
        step_name=dossier.current_step.name if dossier.current_step else "",
        note=note,
    )
    queue_portal_sync(dossier)
    write_audit(
        f"dossier.{kind}",
        actor=actor,
        obj=dossier,
        request=request,
        data={"from": from_status, "to": to_status},
    )
    if dossier.applicant_id and to_status != from_status:
        notify(
            dossier.applicant,
            "dossier_status",
            {"dossier": dossier, "status": S(to_status).label, "note": note},
            channels=[Channel.INBOX, Channel.SMS],
            link=f"/services/my/{dossier.code}/",
        )
    return event


def queue_portal_sync(dossier: Dossier) -> None:
    """Write the national portal payload to the outbox; push it after commit if configured."""
    from django.conf import settings

    from tinhso.services.tasks import push_portal_sync

    event = PortalSyncEvent.objects.create(dossier=dossier, payload=portal_payload(dossier))
    if settings.PORTAL_SYNC_URL:
        transaction.on_commit(partial(push_portal_sync.enqueue, event.pk), robust=True)


def _step_due(start: dt.datetime, step: WorkflowStep | None, calendar: WorkCalendar):
    if step is None:
        return None
    return calendar.add_working_days(start, math.ceil(step.days))


# --- Submission -----------------------------------------------------------------
def agency_for(procedure: Procedure, commune_committee: OrgUnit | None) -> OrgUnit:
    if procedure.level == ProcedureLevel.PROVINCE:
        if procedure.agency is None:
            raise ActionError(_("Thủ tục chưa được gán cơ quan thực hiện."))
        return procedure.agency
    if commune_committee is None or commune_committee.kind != OrgUnitKind.PEOPLES_COMMITTEE:
        raise ActionError(_("Vui lòng chọn xã, phường nơi nộp hồ sơ."), field="agency")
    return commune_committee


def _check_documents(
    procedure: Procedure, files: Mapping[int, Iterable[Any]]
) -> list[tuple[RequiredDocument, CheckedFile]]:
    requirements = {r.pk: r for r in procedure.documents.all()}
    unknown = set(files) - set(requirements)
    if unknown:
        raise ActionError(_("Có giấy tờ không thuộc thủ tục này."), code="unknown_document")
    checked = []
    for req_id, uploads in files.items():
        for upload in uploads:
            try:
                checked.append((requirements[req_id], check_upload(upload)))
            except ActionError as exc:
                exc.field = f"doc_{req_id}"
                raise
    provided = {req.pk for req, _file in checked}
    for requirement in requirements.values():
        if requirement.mandatory and requirement.pk not in provided:
            raise ActionError(
                _("Thiếu giấy tờ bắt buộc: %(name)s.") % {"name": requirement.name},
                field=f"doc_{requirement.pk}",
                code="missing_document",
            )
    return checked


def _save_documents(
    dossier: Dossier,
    checked: list[tuple[RequiredDocument | None, CheckedFile]],
    kind: str,
    uploaded_by: User | None,
) -> None:
    """Store the files and their rows; if anything fails, remove the files written so far.

    (A rollback of an enclosing transaction after this returns can still leave
    unreferenced files; they have random names and hold nothing a row points to.)
    """
    written: list[DossierDocument] = []
    try:
        for requirement, item in checked:
            document = DossierDocument(
                dossier=dossier,
                requirement=requirement,
                kind=kind,
                original_name=item.name,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                uploaded_by=uploaded_by,
            )
            document.file.save(item.name, item.upload, save=False)
            written.append(document)
            document.save()
    except BaseException:
        for document in written:
            document.file.delete(save=False)
        raise


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
    if submission_key is not None:
        existing = Dossier.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            if existing.applicant_id != (applicant.pk if applicant else None):
                raise ActionError(_("Mã gửi biểu mẫu không hợp lệ."), code="key_reused")
            return existing
    if not procedure.is_active:
        raise ActionError(_("Thủ tục này không còn áp dụng."), code="inactive")
    if channel not in SubmissionChannel.values:
        raise ActionError(_("Hình thức nộp không hợp lệ."), field="channel")
    counter = channel != SubmissionChannel.ONLINE
    first_step = procedure.steps.order_by("order").first()
    if first_step is None:
        raise ActionError(_("Thủ tục chưa có quy trình xử lý."), code="no_workflow")
    checked = _check_documents(procedure, files)
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
        _require(permissions.can_receive(acting_user, dossier))
    dossier.save()
    _save_documents(dossier, checked, DocumentKind.SUBMITTED, acting_user)  # type: ignore[arg-type]
    DossierEvent.objects.create(
        dossier=dossier,
        kind=EventKind.SUBMITTED,
        actor=acting_user,
        actor_name=acting_user.full_name,
        at=now,
        from_status=None,
        to_status=S.NEW,
        step_name=first_step.name,
    )
    queue_portal_sync(dossier)
    write_audit(
        "dossier.submitted",
        actor=acting_user,
        obj=dossier,
        request=request,
        data={"procedure": procedure.code, "channel": channel},
    )
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
            link=f"/services/my/{dossier.code}/",
        )
    return dossier


def _tell_reception(dossier: Dossier) -> None:
    """An inbox message to each receptionist who can receive this dossier."""
    unit = permissions.step_unit(dossier, dossier.current_step)
    receptionists = User.objects.filter(
        memberships__role=Role.RECEPTIONIST,
        memberships__org_unit__in=unit.ancestor_ids(),
        is_active=True,
    ).distinct()
    for person in receptionists[:50]:
        notify(
            person,
            "dossier_to_receive",
            {"dossier": dossier},
            channels=[Channel.INBOX],
            link=f"/console/dossiers/{dossier.code}/",
        )


# --- Reception ------------------------------------------------------------------
@transaction.atomic
def do_receive(
    dossier: Dossier, *, acting_user: User, request: HttpRequest | None = None
) -> Dossier:
    dossier = _locked(dossier)
    _require(permissions.can_receive(acting_user, dossier))
    check_transition(dossier.status, S.RECEIVED)
    calendar = WorkCalendar.load()
    now = timezone.now()
    dossier.received_at = now
    dossier.due_at = calendar.add_working_days(now, dossier.procedure.processing_days)
    dossier.step_due_at = _step_due(now, dossier.current_step, calendar)
    # The slip the applicant takes home: code, papers received, due date, look-up QR.
    _store_generated(
        dossier,
        DocumentKind.INTAKE,
        f"giay-tiep-nhan-{dossier.code}.pdf",
        documents.intake_slip_pdf(dossier, now),
        uploaded_by=acting_user,
    )
    _record(dossier, EventKind.RECEIVED, to_status=S.RECEIVED, actor=acting_user, request=request)
    return dossier


@transaction.atomic
def do_refuse(
    dossier: Dossier, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Dossier:
    dossier = _locked(dossier)
    _require(permissions.can_receive(acting_user, dossier))
    note = clean_note(note, required=True)
    dossier.current_step = None
    _record(
        dossier,
        EventKind.REFUSED,
        to_status=S.REFUSED,
        actor=acting_user,
        note=note,
        request=request,
    )
    return dossier


# --- Processing -----------------------------------------------------------------
def _steps(dossier: Dossier) -> list[WorkflowStep]:
    return list(dossier.procedure.steps.order_by("order"))


@transaction.atomic
def do_forward(
    dossier: Dossier, *, acting_user: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    """Send the dossier on to the next step of the workflow."""
    dossier = _locked(dossier)
    _require(permissions.can_do_current_step(acting_user, dossier))
    if dossier.status not in (S.RECEIVED, S.IN_PROGRESS):
        check_transition(dossier.status, S.IN_PROGRESS)
    steps = _steps(dossier)
    later = [s for s in steps if s.order > dossier.current_step.order]  # type: ignore[union-attr]
    if not later:
        raise ActionError(_("Đây là bước cuối: hãy hoàn thành xử lý."), code="last_step")
    dossier.current_step = later[0]
    dossier.assignee = None
    dossier.step_due_at = _step_due(timezone.now(), later[0], WorkCalendar.load())
    _record(
        dossier,
        EventKind.FORWARDED,
        to_status=S.IN_PROGRESS,
        actor=acting_user,
        note=clean_note(note),
        request=request,
    )
    return dossier


@transaction.atomic
def do_return_to_previous(
    dossier: Dossier, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Dossier:
    dossier = _locked(dossier)
    _require(permissions.can_do_current_step(acting_user, dossier))
    note = clean_note(note, required=True)
    if dossier.status != S.IN_PROGRESS:
        check_transition(dossier.status, S.IN_PROGRESS)
    earlier = [s for s in _steps(dossier) if s.order < dossier.current_step.order]  # type: ignore[union-attr]
    # The reception step is not "processing": a dossier goes back at most to step 2.
    if len(earlier) < 2:
        raise ActionError(_("Không có bước xử lý nào trước bước này."), code="first_step")
    dossier.current_step = earlier[-1]
    dossier.assignee = None
    dossier.step_due_at = _step_due(timezone.now(), earlier[-1], WorkCalendar.load())
    _record(
        dossier,
        EventKind.RETURNED_TO_STEP,
        to_status=S.IN_PROGRESS,
        actor=acting_user,
        note=note,
        request=request,
    )
    return dossier


@transaction.atomic
def do_assign(
    dossier: Dossier, assignee: User, *, acting_user: User, request: HttpRequest | None = None
) -> Dossier:
    """Give the current step to one official (a leader assigns, or one claims it)."""
    dossier = _locked(dossier)
    step = dossier.current_step
    if dossier.status not in (S.RECEIVED, S.IN_PROGRESS) or step is None:
        raise ActionError(_("Hồ sơ không ở bước có thể phân công."), code="not_assignable")
    claiming = assignee.pk == acting_user.pk
    _require(
        permissions.can_do_current_step(acting_user, dossier)
        if claiming
        else permissions.can_oversee(acting_user, dossier)
    )
    if not permissions.can_do_current_step(assignee, dossier):
        raise ActionError(
            _("Cán bộ này không có vai trò thực hiện bước hiện tại."), field="assignee"
        )
    dossier.assignee = assignee
    _record(
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
    dossier = _locked(dossier)
    _require(permissions.can_do_current_step(acting_user, dossier))
    note = clean_note(note, required=True)
    check_transition(dossier.status, S.SUPPLEMENT_REQUESTED)
    dossier.paused_at = timezone.now()
    _record(
        dossier,
        EventKind.SUPPLEMENT_REQUESTED,
        to_status=S.SUPPLEMENT_REQUESTED,
        actor=acting_user,
        note=note,
        request=request,
    )
    return dossier


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
    dossier = _locked(dossier)
    _require(
        dossier.applicant_id == acting_user.pk or permissions.can_receive(acting_user, dossier)
    )
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
    _save_documents(dossier, checked, DocumentKind.SUPPLEMENT, acting_user)
    now = timezone.now()
    calendar = WorkCalendar.load()
    if dossier.due_at and dossier.paused_at:
        dossier.due_at = resume_due(dossier.due_at, dossier.paused_at, now, calendar)
    if dossier.step_due_at and dossier.paused_at:
        dossier.step_due_at = resume_due(dossier.step_due_at, dossier.paused_at, now, calendar)
    dossier.paused_at = None
    note = clean_note(note)
    due_text = timezone.localtime(dossier.due_at).strftime("%d/%m/%Y") if dossier.due_at else ""
    _record(
        dossier,
        EventKind.SUPPLEMENTED,
        to_status=S.IN_PROGRESS,
        actor=acting_user,
        note=(note + "\n" if note else "") + _("Hẹn trả mới: %(date)s") % {"date": due_text},
        request=request,
    )
    return dossier


@transaction.atomic
def do_request_fee(
    dossier: Dossier,
    *,
    acting_user: User,
    amount: int | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Dossier:
    dossier = _locked(dossier)
    _require(permissions.can_do_current_step(acting_user, dossier))
    amount = dossier.procedure.fee if amount is None else amount
    if amount <= 0 or amount > 1_000_000_000:
        raise ActionError(_("Số tiền không hợp lệ."), field="amount")
    if dossier.fee_paid_at is not None:
        raise ActionError(_("Hồ sơ đã nộp phí."), code="already_paid")
    check_transition(dossier.status, S.FEE_REQUESTED)
    dossier.fee_amount = amount
    _record(
        dossier,
        EventKind.FEE_REQUESTED,
        to_status=S.FEE_REQUESTED,
        actor=acting_user,
        note=clean_note(note),
        request=request,
    )
    return dossier


@transaction.atomic
def do_withdraw(
    dossier: Dossier, *, acting_user: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    """The applicant asks to withdraw; the agency then stops the dossier."""
    dossier = _locked(dossier)
    _require(dossier.applicant_id == acting_user.pk)
    check_transition(dossier.status, S.WITHDRAWAL_REQUESTED)
    _record(
        dossier,
        EventKind.WITHDRAWAL_REQUESTED,
        to_status=S.WITHDRAWAL_REQUESTED,
        actor=acting_user,
        note=clean_note(note),
        request=request,
    )
    return dossier


@transaction.atomic
def do_stop(
    dossier: Dossier, *, acting_user: User, note: str, request: HttpRequest | None = None
) -> Dossier:
    dossier = _locked(dossier)
    _require(
        permissions.can_oversee(acting_user, dossier)
        or permissions.can_receive(acting_user, dossier)
    )
    note = clean_note(note, required=dossier.status != S.WITHDRAWAL_REQUESTED)
    check_transition(dossier.status, S.STOPPED)
    dossier.current_step = None
    dossier.finished_at = timezone.now()
    _record(
        dossier,
        EventKind.STOPPED,
        to_status=S.STOPPED,
        actor=acting_user,
        note=note,
        request=request,
    )
    return dossier


@transaction.atomic
def do_finish(
    dossier: Dossier, *, acting_user: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    """The last step is done: the result is ready to hand over."""
    dossier = _locked(dossier)
    _require(permissions.can_do_current_step(acting_user, dossier))
    steps = _steps(dossier)
    if dossier.current_step != steps[-1]:
        raise ActionError(_("Hồ sơ chưa đến bước cuối của quy trình."), code="not_last_step")
    if dossier.fee_amount and dossier.fee_paid_at is None and dossier.status == S.FEE_REQUESTED:
        raise ActionError(_("Công dân chưa nộp phí."), code="fee_unpaid")
    check_transition(dossier.status, S.FINISHED)
    dossier.finished_at = timezone.now()
    if dossier.received_at:
        dossier.processing_working_days = WorkCalendar.load().working_days_between(
            timezone.localtime(dossier.received_at).date(),
            timezone.localtime(dossier.finished_at).date(),
        )
    _issue_result(dossier, acting_user, dossier.finished_at)
    dossier.assignee = None
    _record(
        dossier,
        EventKind.FINISHED,
        to_status=S.FINISHED,
        actor=acting_user,
        note=clean_note(note),
        request=request,
    )
    return dossier


def _store_generated(
    dossier: Dossier,
    kind: str,
    name: str,
    data: bytes,
    *,
    uploaded_by: User | None = None,
    verify_token: str | None = None,
) -> DossierDocument:
    """Keep a PDF the agency produced (result, letter, receipt) on the dossier."""
    document = DossierDocument(
        dossier=dossier,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=uploaded_by,
        verify_token=verify_token,
    )
    document.file.save(name, ContentFile(data), save=False)
    try:
        document.save()
    except BaseException:
        document.file.delete(save=False)  # no file without its row
        raise
    return document


def _issue_result(dossier: Dossier, acting_user: User, moment: dt.datetime) -> DossierDocument:
    """Write the result PDF, sign it with the approving unit's certificate, and store it."""
    unit = permissions.step_unit(dossier, dossier.current_step)
    token = documents.new_token()
    raw = documents.result_pdf(dossier, token, unit.name, moment)
    signed = documents.sign_pdf(
        raw,
        unit,
        reason=_("Kết quả giải quyết hồ sơ %(code)s") % {"code": dossier.code},
        location=unit.area.name,
    )
    return _store_generated(
        dossier,
        DocumentKind.RESULT,
        f"ket-qua-{dossier.code}.pdf",
        signed,
        uploaded_by=acting_user,
        verify_token=token,
    )


@transaction.atomic
def do_return_result(
    dossier: Dossier, *, acting_user: User, request: HttpRequest | None = None
) -> Dossier:
    dossier = _locked(dossier)
    _require(permissions.can_receive(acting_user, dossier))
    check_transition(dossier.status, S.RESULT_RETURNED)
    dossier.returned_at = timezone.now()
    dossier.current_step = None
    _record(
        dossier,
        EventKind.RESULT_RETURNED,
        to_status=S.RESULT_RETURNED,
        actor=acting_user,
        request=request,
    )
    return dossier


@transaction.atomic
def do_rate(
    dossier: Dossier,
    rating: int,
    *,
    acting_user: User,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Dossier:
    dossier = _locked(dossier)
    _require(dossier.applicant_id == acting_user.pk)
    if dossier.status != S.RESULT_RETURNED:
        raise ActionError(_("Chỉ đánh giá được sau khi nhận kết quả."), code="too_early")
    if dossier.rating is not None:
        raise ActionError(_("Bạn đã đánh giá hồ sơ này."), code="already_rated")
    if rating not in Satisfaction.values:
        raise ActionError(_("Mức đánh giá không hợp lệ."), field="rating")
    dossier.rating = rating
    dossier.rating_comment = clean_note(comment)
    dossier.rated_at = timezone.now()
    _record(
        dossier,
        EventKind.RATED,
        to_status=dossier.status,
        actor=acting_user,
        note=str(Satisfaction(rating).label),
        request=request,
    )
    return dossier


# --- Fees -----------------------------------------------------------------------
@transaction.atomic
def do_start_payment(dossier: Dossier, *, acting_user: User, provider: str) -> Payment:
    """The applicant starts paying the requested fee; the provider takes it from here."""
    dossier = _locked(dossier)
    _require(dossier.applicant_id == acting_user.pk)
    if dossier.status != S.FEE_REQUESTED or dossier.fee_paid_at is not None:
        raise ActionError(_("Hồ sơ không có khoản phí nào đang chờ nộp."), code="nothing_to_pay")
    return Payment.objects.create(dossier=dossier, provider=provider, amount=dossier.fee_amount)


@transaction.atomic
def do_record_payment(
    result: CallbackResult, *, provider: str, request: HttpRequest | None = None
) -> Payment:
    """Apply a provider's (already signature-checked) callback. Replays change nothing."""
    reference = _uuid_or_none(result.reference)
    payment = (
        Payment.objects.select_for_update().filter(reference=reference, provider=provider).first()
        if reference
        else None
    )
    if payment is None:
        raise ActionError(_("Không tìm thấy giao dịch thanh toán."), code="unknown_payment")
    if payment.status != Payment.Status.PENDING:
        return payment  # the same callback again (or a late one): already applied
    now = timezone.now()
    dossier = _locked(payment.dossier)
    if not result.succeeded or result.amount != payment.amount or dossier.fee_paid_at:
        payment.status = Payment.Status.FAILED
        payment.completed_at = now
        payment.provider_transaction = result.transaction
        payment.save()
        write_audit(
            "payment.failed",
            obj=payment.dossier,
            request=request,
            data={"reference": str(payment.reference), "amount": result.amount},
        )
        return payment
    payment.status = Payment.Status.SUCCEEDED
    payment.completed_at = now
    payment.provider_transaction = result.transaction
    payment.save()
    dossier.fee_paid_at = now
    _store_receipt(dossier, payment)
    target = S.IN_PROGRESS if dossier.status == S.FEE_REQUESTED else dossier.status
    _record(
        dossier,
        EventKind.FEE_PAID,
        to_status=target,
        actor=dossier.applicant,
        note=f"{payment.amount:,} đ".replace(",", "."),
        request=request,
    )
    return payment


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _store_receipt(dossier: Dossier, payment: Payment) -> None:
    _store_generated(
        dossier,
        DocumentKind.RECEIPT,
        f"bien-lai-{dossier.code}.pdf",
        documents.receipt_pdf(dossier, payment),
    )


# --- Late dossiers ------------------------------------------------------------------
@transaction.atomic
def do_issue_apology(
    dossier: Dossier,
    *,
    acting_user: User,
    new_due: dt.date,
    note: str,
    request: HttpRequest | None = None,
) -> DossierDocument:
    """The letter of apology with a new date (Decree 61/2018, art. 19).

    The dossier keeps its legal due date and still counts as late; the new date
    is what the agency now promises the applicant.
    """
    dossier = _locked(dossier)
    _require(
        permissions.can_oversee(acting_user, dossier)
        or permissions.can_do_current_step(acting_user, dossier)
    )
    note = clean_note(note, required=True)
    if dossier.status not in OPEN or dossier.due_at is None:
        raise ActionError(_("Chỉ gửi thư xin lỗi cho hồ sơ đang xử lý."), code="not_open")
    today = timezone.localdate()
    if new_due <= max(today, timezone.localtime(dossier.due_at).date()):
        raise ActionError(
            _("Ngày hẹn mới phải sau hôm nay và sau ngày hẹn trả cũ."),
            field="new_due",
            code="bad_date",
        )
    if new_due > today + dt.timedelta(days=366):
        raise ActionError(_("Ngày hẹn mới quá xa."), field="new_due", code="bad_date")
    moment = timezone.make_aware(dt.datetime.combine(new_due, dt.time(16, 30)))
    dossier.apology_due_at = moment
    unit = dossier.agency
    token = documents.new_token()
    raw = documents.apology_pdf(dossier, token, note, moment, timezone.now())
    signed = documents.sign_pdf(raw, unit, reason=_("Thư xin lỗi"), location=unit.area.name)
    document = _store_generated(
        dossier,
        DocumentKind.APOLOGY,
        f"thu-xin-loi-{dossier.code}.pdf",
        signed,
        uploaded_by=acting_user,
        verify_token=token,
    )
    _record(
        dossier,
        EventKind.APOLOGY_ISSUED,
        to_status=dossier.status,
        actor=acting_user,
        note=_("Hẹn trả mới: %(date)s. %(note)s") % {"date": f"{new_due:%d/%m/%Y}", "note": note},
        request=request,
    )
    if dossier.applicant_id:
        notify(
            dossier.applicant,
            "dossier_apology",
            {"dossier": dossier, "date": f"{new_due:%d/%m/%Y}"},
            channels=[Channel.INBOX, Channel.SMS],
            link=f"/services/my/{dossier.code}/",
        )
    return document
