"""Fees: the official asks for one, the applicant pays through a provider, the
provider's callback records it with a receipt."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.models import User
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError, clean_note
from tinhso.services import documents, permissions
from tinhso.services.actions.base import (
    S,
    is_applicant,
    locked,
    record,
    require,
    store_generated,
)
from tinhso.services.choices import (
    DocumentKind,
    EventKind,
)
from tinhso.services.models import (
    Dossier,
    Payment,
)
from tinhso.services.payments import CallbackResult
from tinhso.services.state import check_transition


@transaction.atomic
def do_request_fee(
    dossier: Dossier,
    *,
    acting_user: User,
    amount: int | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Dossier:
    dossier = locked(dossier)
    require(permissions.can_do_current_step(acting_user, dossier))
    amount = dossier.procedure.fee if amount is None else amount
    if amount <= 0 or amount > 1_000_000_000:
        raise ActionError(_("Số tiền không hợp lệ."), field="amount")
    if dossier.fee_paid_at is not None:
        raise ActionError(_("Hồ sơ đã nộp phí."), code="already_paid")
    check_transition(dossier.status, S.FEE_REQUESTED)
    dossier.fee_amount = amount
    record(
        dossier,
        EventKind.FEE_REQUESTED,
        to_status=S.FEE_REQUESTED,
        actor=acting_user,
        note=clean_note(note),
        request=request,
    )
    return dossier


@transaction.atomic
def do_start_payment(dossier: Dossier, *, acting_user: User, provider: str) -> Payment:
    """The applicant starts paying the requested fee; the provider takes it from here."""
    dossier = locked(dossier)
    require(is_applicant(acting_user, dossier))
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
    dossier = locked(payment.dossier)
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
    record(
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
    store_generated(
        dossier,
        DocumentKind.RECEIPT,
        f"bien-lai-{dossier.code}.pdf",
        documents.receipt_pdf(dossier, payment),
    )
