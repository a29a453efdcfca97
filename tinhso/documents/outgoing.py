"""Every change to an outgoing document, from draft to issued: one ``do_*`` each, with
its audit row and a line in the document's history.

draft (DOCX converted in the background) → review chain, one reviewer after another
(any may return it to the drafter) → the leader signs with their own certificate,
typing their second-factor code again → the clerk issues: the next number of the
unit's register for that kind, the date, the organisation's signature, then it goes to
its recipients (axis, e-mail) and, when public, to the public page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts import mfa
from tinhso.accounts.choices import Role
from tinhso.accounts.permissions import has_role_over
from tinhso.accounts.staff import staff_in
from tinhso.core import office, pki, signing
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify, notify_all
from tinhso.core.pdfs import read_pdf
from tinhso.core.registers import agency_abbreviation, take_number
from tinhso.core.text import fold
from tinhso.documents import doctypes, electronic, permissions, signatures
from tinhso.documents.choices import (
    DeliveryChannel,
    DeliveryState,
    Field,
    NoteKind,
    OutgoingEvent,
    OutgoingState,
    ReviewState,
    Secrecy,
    Urgency,
)
from tinhso.documents.models import (
    Delivery,
    DocumentNote,
    IncomingDocument,
    OutgoingDocument,
    OutgoingNote,
    ReviewStep,
)

MAX_REVIEWERS = 6
MAX_EMAILS = 20


def outgoing_book(kind: str) -> str:
    """The outgoing register of a kind: Decree 30 numbers each kind from 01 a year."""
    return f"DI-{kind}"


def notation_suffix(document: OutgoingDocument) -> str:
    """What follows the number: "/QĐ-UBND"; a Công văn has no kind in it: "/UBND"."""
    kind = doctypes.BY_CODE.get(document.kind)
    agency = agency_abbreviation(document.unit)
    if kind is None or not kind.abbreviation:
        return f"/{agency}"
    return f"/{kind.abbreviation}-{agency}"


def notation_for(document: OutgoingDocument, number: int) -> str:
    """The number and notation, "15/QĐ-UBND" (Decree 30: "05" below 10)."""
    return f"{number:02d}{notation_suffix(document)}"


def _note(document: OutgoingDocument, user: Any, kind: str, text: str = "") -> None:
    OutgoingNote.objects.create(document=document, kind=kind, author=user, text=text[:4000])


def _link(document: OutgoingDocument) -> str:
    return reverse("documents:outgoing", args=[document.pk])


def _tell(people: Any, document: OutgoingDocument, step: str, note: str = "") -> None:
    context = {"document": document, "step": step, "note": note}
    if hasattr(people, "__iter__"):
        notify_all(people, "outgoing_turn", context, link=_link(document))
    elif people is not None:
        notify(people, "outgoing_turn", context, link=_link(document))


def _store_draft(document: OutgoingDocument, file_bytes: bytes, file_name: str) -> None:
    is_word = office.checked_upload(file_bytes, file_name)
    document.source.save(file_name[-200:] or "du-thao", ContentFile(file_bytes), save=False)
    document.source_name = file_name[-200:]
    document.problem = ""
    if is_word:
        document.draft_pdf = None
        document.state = OutgoingState.CONVERTING
    else:
        document.draft_pdf.save("du-thao.pdf", ContentFile(file_bytes), save=False)
        document.state = OutgoingState.DRAFT


def _convert_later(document: OutgoingDocument) -> None:
    if document.state == OutgoingState.CONVERTING:
        from tinhso.documents.tasks import convert_draft

        transaction.on_commit(lambda: convert_draft.enqueue(document.pk))


@transaction.atomic
def do_draft_outgoing(
    *,
    unit: OrgUnit,
    kind: str,
    subject: str,
    field: str = Field.GENERAL,
    urgency: str = Urgency.NORMAL,
    secrecy: str = Secrecy.NONE,
    public: bool = False,
    file_bytes: bytes,
    file_name: str,
    in_reply_to: IncomingDocument | None = None,
    acting_user: Any,
) -> OutgoingDocument:
    if not permissions.drafting_units(acting_user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    if in_reply_to is not None and not permissions.can_view(acting_user, in_reply_to):
        raise PermissionDenied
    if kind not in doctypes.BY_CODE:
        raise ActionError(_("Chọn loại văn bản."), field="kind")
    if secrecy != Secrecy.NONE and public:
        raise ActionError(_("Văn bản mật không được công khai."), field="public")
    document = OutgoingDocument(
        unit=unit,
        kind=kind,
        subject=subject.strip()[:2000],
        field=field if field in Field.values else Field.GENERAL,
        urgency=urgency,
        secrecy=secrecy,
        public=public,
        drafter=acting_user,
        in_reply_to=in_reply_to,
    )
    _store_draft(document, file_bytes, file_name)
    document.save()
    _note(document, acting_user, OutgoingEvent.DRAFTED, file_name[-200:])
    write_audit("document.drafted", actor=acting_user, obj=document)
    _convert_later(document)
    return document


@transaction.atomic
def do_replace_draft(
    document: OutgoingDocument, *, file_bytes: bytes, file_name: str, acting_user: Any
) -> OutgoingDocument:
    """A new version of the draft, while it is the drafter's (before review or returned)."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.drafter_id != acting_user.pk:
        raise PermissionDenied
    if document.state not in (OutgoingState.DRAFT, OutgoingState.CONVERTING):
        raise ActionError(_("Dự thảo đang trình duyệt; chỉ sửa được khi bị trả lại."))
    _store_draft(document, file_bytes, file_name)
    document.save()
    _note(document, acting_user, OutgoingEvent.REPLACED, file_name[-200:])
    write_audit("document.draft_replaced", actor=acting_user, obj=document)
    _convert_later(document)
    return document


@transaction.atomic
def do_submit_outgoing(
    document: OutgoingDocument,
    *,
    reviewers: list[Any],
    signer: Any,
    signer_title: str,
    acting_user: Any,
) -> OutgoingDocument:
    """Send the draft along its chain: each reviewer in turn, then the signer."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.drafter_id != acting_user.pk:
        raise PermissionDenied
    if document.state != OutgoingState.DRAFT or not document.draft_pdf:
        raise ActionError(_("Chỉ trình được dự thảo đã có bản PDF."))
    if len(reviewers) > MAX_REVIEWERS:
        raise ActionError(
            _("Tối đa %(most)d người duyệt.") % {"most": MAX_REVIEWERS}, field="reviewers"
        )
    if len({r.pk for r in reviewers}) != len(reviewers) or signer in reviewers:
        raise ActionError(_("Mỗi người chỉ có một lượt trong chuỗi duyệt."), field="reviewers")
    allowed = set(permissions.reviewers_for(document.unit).values_list("pk", flat=True))
    if any(r.pk not in allowed for r in reviewers):
        raise ActionError(_("Người duyệt phải làm việc tại đơn vị."), field="reviewers")
    if not has_role_over(signer, Role.APPROVER, document.unit):
        raise ActionError(_("Người ký phải là lãnh đạo của đơn vị."), field="signer")
    rounds = document.reviews.order_by("-round").values_list("round", flat=True).first() or 0
    for position, reviewer in enumerate(reviewers, start=1):
        ReviewStep.objects.create(
            document=document,
            position=position,
            reviewer=reviewer,
            round=rounds + 1,
            state=ReviewState.WAITING if position == 1 else ReviewState.QUEUED,
        )
    document.signer = signer
    document.signer_title = signer_title.strip()[:120]
    document.state = OutgoingState.IN_REVIEW if reviewers else OutgoingState.TO_SIGN
    document.save(update_fields=["signer", "signer_title", "state"])
    _note(document, acting_user, OutgoingEvent.SUBMITTED)
    write_audit("document.submitted", actor=acting_user, obj=document)
    if reviewers:
        _tell(reviewers[0], document, "review")
    else:
        _tell(signer, document, "sign")
    return document


def current_step(document: OutgoingDocument) -> ReviewStep | None:
    return document.reviews.filter(state=ReviewState.WAITING).select_related("reviewer").first()


@transaction.atomic
def do_review_outgoing(
    document: OutgoingDocument, *, approve: bool, note: str = "", acting_user: Any
) -> OutgoingDocument:
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    step = current_step(document)
    if document.state != OutgoingState.IN_REVIEW or step is None:
        raise ActionError(_("Dự thảo không chờ duyệt."))
    if step.reviewer_id != acting_user.pk:
        raise PermissionDenied
    note = note.strip()
    step.note, step.decided_at = note[:4000], timezone.now()
    if not approve:
        step.state = ReviewState.RETURNED
        step.save(update_fields=["state", "note", "decided_at"])
        return _back_to_drafter(document, note, acting_user)
    step.state = ReviewState.APPROVED
    step.save(update_fields=["state", "note", "decided_at"])
    following = (
        document.reviews.filter(round=step.round, state=ReviewState.QUEUED)
        .order_by("position")
        .first()
    )
    _note(document, acting_user, OutgoingEvent.APPROVED, note)
    write_audit("document.reviewed", actor=acting_user, obj=document, data={"approved": True})
    if following is not None:
        following.state = ReviewState.WAITING
        following.save(update_fields=["state"])
        _tell(following.reviewer, document, "review")
    else:
        document.state = OutgoingState.TO_SIGN
        document.save(update_fields=["state"])
        _tell(document.signer, document, "sign")
    return document


def _back_to_drafter(document: OutgoingDocument, note: str, acting_user: Any) -> OutgoingDocument:
    if not note:
        raise ActionError(_("Ghi lý do trả lại để người soạn sửa."), field="note")
    document.reviews.filter(state__in=[ReviewState.QUEUED, ReviewState.WAITING]).update(
        state=ReviewState.CANCELLED
    )
    document.state = OutgoingState.DRAFT
    document.save(update_fields=["state"])
    _note(document, acting_user, OutgoingEvent.RETURNED, note)
    write_audit("document.returned", actor=acting_user, obj=document)
    _tell(document.drafter, document, "returned", note)
    return document


@transaction.atomic
def do_return_outgoing(
    document: OutgoingDocument, *, note: str, acting_user: Any
) -> OutgoingDocument:
    """The signer sends the draft back instead of signing it."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.state != OutgoingState.TO_SIGN:
        raise ActionError(_("Văn bản không chờ ký."))
    if not permissions.can_sign(acting_user, document):
        raise PermissionDenied
    return _back_to_drafter(document, note.strip(), acting_user)


def _read(file: Any) -> bytes:
    with file.open("rb") as stored:
        return bytes(stored.read())


@transaction.atomic
def do_sign_outgoing(
    document: OutgoingDocument, *, code: str, acting_user: Any
) -> OutgoingDocument:
    """The leader signs with their own certificate after typing their code again. The
    blanks for the number and date are added in the same revision, so the clerk's
    filling them in later leaves this signature valid."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.state != OutgoingState.TO_SIGN:
        raise ActionError(_("Văn bản không chờ ký."))
    if not permissions.can_sign(acting_user, document):
        raise PermissionDenied
    mfa.confirm_code(acting_user, code)
    return sign_as(document, acting_user)


def sign_as(document: OutgoingDocument, acting_user: Any) -> OutgoingDocument:
    """The signature itself, once ``do_sign_outgoing`` has checked the signer and their
    code (and the demo's loader, which signs as the demo leader without a phone), inside
    the caller's transaction."""
    name = acting_user.full_name or str(acting_user)
    signer = signing.personal_signer(pki.person_key(acting_user), name)
    now = timezone.now()
    signed, layout = signatures.by_leader(
        _read(document.draft_pdf),
        signer,
        name=name,
        suffix=notation_suffix(document),
        at=timezone.localtime(now),
        reason=_("Ký ban hành văn bản"),
        location=document.unit.name,
        image=pki.image_if_any(pki.signature_image_path(pki.person_key(acting_user))),
    )
    document.signed_pdf.save("da-ky.pdf", ContentFile(signed), save=False)
    document.layout, document.signed_at = layout, now
    document.state = OutgoingState.TO_ISSUE
    document.save(update_fields=["signed_pdf", "layout", "signed_at", "state"])
    _note(document, acting_user, OutgoingEvent.SIGNED)
    write_audit("document.signed", actor=acting_user, obj=document)
    _tell(staff_in(document.unit, [Role.CLERK]), document, "issue")
    return document


def _emails(raw: list[str]) -> list[str]:
    found: list[str] = []
    for address in raw:
        address = address.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except Exception:
            raise ActionError(
                _("Địa chỉ thư không hợp lệ: %(address)s") % {"address": address[:80]},
                field="emails",
            ) from None
        if address.lower() not in {a.lower() for a in found}:
            found.append(address)
    if len(found) > MAX_EMAILS:
        raise ActionError(_("Tối đa %(most)d địa chỉ thư.") % {"most": MAX_EMAILS}, field="emails")
    return found


@transaction.atomic
def do_issue_outgoing(
    document: OutgoingDocument,
    *,
    recipients: list[tuple[str, str]],
    emails: list[str],
    acting_user: Any,
) -> OutgoingDocument:
    """Number, date, the organisation's signature, then out to ``recipients`` (QCVN 102
    code, name) over the axis and to ``emails``. The number is taken in this
    transaction: if anything after fails, the number goes back and the register has no
    gap."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.state != OutgoingState.TO_ISSUE:
        raise ActionError(_("Văn bản chưa được ký hoặc đã ban hành."))
    if not permissions.can_issue(acting_user, document):
        raise PermissionDenied
    addresses = _emails(emails)
    if addresses and document.is_secret:
        raise ActionError(_("Văn bản mật không gửi qua thư điện tử."), field="emails")
    today = timezone.localdate()
    number = take_number(document.unit, outgoing_book(document.kind), today.year)
    notation = notation_for(document, number)
    token = signing.new_token()
    final = signatures.by_organisation(
        _read(document.signed_pdf),
        document.layout,
        signing.signer_for(document.unit),
        organisation=document.unit.name,
        number=number,
        notation=notation,
        day=today,
        check_url=settings.SITE_URL + reverse("verify", args=[token]),
        reason=_("Ban hành văn bản %(notation)s") % {"notation": notation},
        seal=pki.image_if_any(pki.seal_image_path(document.unit.identifier)),
    )
    facts = read_pdf(final)
    document.final_pdf.save(f"{notation.replace('/', '-')}.pdf", ContentFile(final), save=False)
    document.year, document.number, document.notation = today.year, number, notation
    document.issued_on, document.issued_at, document.issued_by = today, timezone.now(), acting_user
    document.pages, document.text = facts.pages, facts.text
    document.folded = fold(" ".join([notation, document.unit.name, document.subject, facts.text]))
    document.verify_token = token
    document.state = OutgoingState.ISSUED
    document.save()
    _deliver(document, recipients, addresses)
    if document.in_reply_to is not None:
        DocumentNote.objects.create(
            document=document.in_reply_to,
            kind=NoteKind.REPLIED,
            author=acting_user,
            text=f"{notation}: {document.subject}"[:4000],
        )
    _note(document, acting_user, OutgoingEvent.ISSUED, notation)
    write_audit("document.issued", actor=acting_user, obj=document, data={"notation": notation})
    _tell([p for p in (document.drafter, document.signer) if p is not None], document, "issued")
    return document


def _deliver(
    document: OutgoingDocument, recipients: list[tuple[str, str]], addresses: list[str]
) -> int:
    """Send the issued document to ``recipients`` over the axis and to ``addresses``
    by e-mail (in the caller's transaction; the e-mails after it commits)."""
    axis = [
        Delivery.objects.create(
            document=document, channel=DeliveryChannel.AXIS, code=code[:40], name=name[:300]
        )
        for code, name in _unique(recipients)
    ]
    mailed = [
        Delivery.objects.create(
            document=document, channel=DeliveryChannel.EMAIL, name=address, email=address
        )
        for address in addresses
    ]
    electronic.send(document, axis)
    if mailed:
        from tinhso.documents.tasks import email_delivery

        ids = [delivery.pk for delivery in mailed]
        transaction.on_commit(lambda: [email_delivery.enqueue(pk) for pk in ids])
    return len(axis) + len(mailed)


@transaction.atomic
def do_send_more(
    document: OutgoingDocument,
    *,
    recipients: list[tuple[str, str]],
    emails: list[str],
    acting_user: Any,
) -> int:
    """After issuing: send to recipients forgotten, or again to one whose sending
    failed (the failed delivery stays in the list as it was). Those that already have
    the document are left alone. How many sendings were made."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.state != OutgoingState.ISSUED:
        raise ActionError(_("Văn bản chưa ban hành."))
    if not permissions.can_issue(acting_user, document):
        raise PermissionDenied
    addresses = _emails(emails)
    if addresses and document.is_secret:
        raise ActionError(_("Văn bản mật không gửi qua thư điện tử."), field="emails")
    reached = document.deliveries.exclude(state=DeliveryState.FAILED)
    have_codes = set(reached.filter(channel=DeliveryChannel.AXIS).values_list("code", flat=True))
    have_mail = {a.lower() for a in reached.values_list("email", flat=True) if a}
    fresh = [(code, name) for code, name in recipients if code not in have_codes]
    new_addresses = [a for a in addresses if a.lower() not in have_mail]
    if not fresh and not new_addresses:
        raise ActionError(_("Các nơi nhận đã chọn đều đã nhận văn bản."))
    sent = _deliver(document, fresh, new_addresses)
    _note(document, acting_user, OutgoingEvent.SENT_MORE, str(sent))
    write_audit("document.sent_more", actor=acting_user, obj=document, data={"count": sent})
    return sent


def _unique(recipients: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for code, name in recipients:
        if code and code not in seen:
            seen[code] = name or code
    return list(seen.items())
