"""The end of a dossier: the signed result, handing it over, the rating, and the
apology letter for a late one."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.models import User
from tinhso.core import registers, signing
from tinhso.core.choices import Channel
from tinhso.core.errors import ActionError, clean_note
from tinhso.core.notify import notify
from tinhso.core.workdays import WorkCalendar
from tinhso.services import documents, permissions
from tinhso.services.actions.base import (
    S,
    change,
    is_applicant,
    locked,
    record,
    require,
    steps_of,
    store_generated,
)
from tinhso.services.choices import (
    DocumentKind,
    EventKind,
    Satisfaction,
)
from tinhso.services.models import (
    Dossier,
    DossierDocument,
)
from tinhso.services.state import OPEN, check_transition


@transaction.atomic
def do_finish(
    dossier: Dossier, *, acting_user: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    """The last step is done: the result is ready to hand over."""
    dossier = locked(dossier)
    require(permissions.can_do_current_step(acting_user, dossier))
    steps = steps_of(dossier)
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
    record(
        dossier,
        EventKind.FINISHED,
        to_status=S.FINISHED,
        actor=acting_user,
        note=clean_note(note),
        request=request,
    )
    return dossier


def _issue_result(dossier: Dossier, acting_user: User, moment: dt.datetime) -> DossierDocument:
    """Write the result PDF, sign it with the approving unit's certificate, and store it."""
    unit = permissions.step_unit(dossier, dossier.current_step)
    token = signing.new_token()
    number = registers.next_number(unit, documents.RESULT_BOOK)
    raw = documents.result_pdf(
        dossier, token, unit.name, moment, number=number, signer_name=acting_user.full_name
    )
    signed = signing.sign_pdf(
        raw,
        unit,
        reason=_("Kết quả giải quyết hồ sơ %(code)s") % {"code": dossier.code},
        location=unit.area.name,
    )
    return store_generated(
        dossier,
        DocumentKind.RESULT,
        f"ket-qua-{dossier.code}.pdf",
        signed,
        uploaded_by=acting_user,
        verify_token=token,
        number=number,
    )


@transaction.atomic
def do_return_result(
    dossier: Dossier, *, acting_user: User, request: HttpRequest | None = None
) -> Dossier:
    """The receptionist hands the result over to the applicant."""
    return change(
        dossier,
        EventKind.RESULT_RETURNED,
        S.RESULT_RETURNED,
        acting_user=acting_user,
        may=permissions.can_receive,
        request=request,
        returned_at=timezone.now(),
        current_step=None,
    )


@transaction.atomic
def do_rate(
    dossier: Dossier,
    rating: int,
    *,
    acting_user: User,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Dossier:
    dossier = locked(dossier)
    require(is_applicant(acting_user, dossier))
    if dossier.status != S.RESULT_RETURNED:
        raise ActionError(_("Chỉ đánh giá được sau khi nhận kết quả."), code="too_early")
    if dossier.rating is not None:
        raise ActionError(_("Bạn đã đánh giá hồ sơ này."), code="already_rated")
    if rating not in Satisfaction.values:
        raise ActionError(_("Mức đánh giá không hợp lệ."), field="rating")
    dossier.rating = rating
    dossier.rating_comment = clean_note(comment)
    dossier.rated_at = timezone.now()
    record(
        dossier,
        EventKind.RATED,
        to_status=dossier.status,
        actor=acting_user,
        note=str(Satisfaction(rating).label),
        request=request,
    )
    return dossier


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
    dossier = locked(dossier)
    require(
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
    token = signing.new_token()
    number = registers.next_number(unit, documents.APOLOGY_BOOK)
    raw = documents.apology_pdf(dossier, token, note, moment, timezone.now(), number=number)
    signed = signing.sign_pdf(raw, unit, reason=_("Thư xin lỗi"), location=unit.area.name)
    document = store_generated(
        dossier,
        DocumentKind.APOLOGY,
        f"thu-xin-loi-{dossier.code}.pdf",
        signed,
        uploaded_by=acting_user,
        verify_token=token,
        number=number,
    )
    record(
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
            link=reverse("services:my_dossier", args=[dossier.code]),
        )
    return document
