"""Every change to an incoming document: one ``do_*`` each, with its audit row and a
line in the document's history."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.permissions import org_units_in_scope
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.images import ImageRefused, decode
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify
from tinhso.core.pdfs import MAX_UPLOAD_BYTES, read_pdf
from tinhso.core.registers import take_number
from tinhso.core.text import fold
from tinhso.core.workdays import add_working_days
from tinhso.documents import doctypes, edxml, electronic, permissions
from tinhso.documents.choices import (
    AssignmentState,
    Channel,
    Field,
    HandlingRole,
    IncomingState,
    NoteKind,
    Secrecy,
    Urgency,
)
from tinhso.documents.models import (
    INCOMING_BOOK,
    ArrivalState,
    ArrivedPackage,
    Assignment,
    DocumentNote,
    IncomingDocument,
)
from tinhso.documents.tasks import read_scan

MAX_FILE_BYTES = MAX_UPLOAD_BYTES
MAX_DAYS = 365


@dataclass(frozen=True)
class Holder:
    """Who an assignment goes to: a person or a unit (a department)."""

    user: Any = None
    org_unit: OrgUnit | None = None


def duplicates_of(
    unit: OrgUnit, issuer: str, notation: str, issued_on: dt.date
) -> QuerySet[IncomingDocument]:
    """The same document registered before in this unit: same number/notation and date
    from an issuer with the same name (accents and case aside)."""
    same = IncomingDocument.objects.filter(
        unit=unit, notation=doctypes.tidy_notation(notation), issued_on=issued_on
    )
    wanted = fold(issuer).strip()
    return same.filter(pk__in=[d.pk for d in same if fold(d.issuer).strip() == wanted])


PHOTO_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def as_pdf(data: bytes) -> bytes:
    """A scan as the clerk has it: a PDF stays as it is; a photo of a paper document
    (JPEG, PNG) becomes a one-page PDF, so that every document is kept, served and
    read the same way."""
    if not data:
        raise ActionError(_("Chưa chọn tệp văn bản."), field="file", code="empty")
    if len(data) > MAX_FILE_BYTES:
        raise ActionError(
            _("Tệp lớn hơn %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 1_048_576},
            field="file",
            code="too_large",
        )
    if data.startswith(b"%PDF-"):
        return data
    if not data.startswith(PHOTO_SIGNATURES):
        raise ActionError(
            _("Tệp văn bản phải là PDF, hoặc ảnh chụp JPEG, PNG."), field="file", code="file_type"
        )
    try:
        picture = decode(io.BytesIO(data))
    except ImageRefused:
        raise ActionError(
            _("Ảnh chụp văn bản bị hỏng hoặc quá lớn."), field="file", code="damaged"
        ) from None
    out = io.BytesIO()
    picture.convert("RGB").save(out, format="PDF", resolution=200.0)
    return out.getvalue()


def _pdf(data: bytes, name: str) -> tuple[int, str]:
    try:
        facts = read_pdf(data, name=name)
    except ActionError as exc:
        raise ActionError(exc.message, field="file", code=exc.code) from None
    return facts.pages, facts.text


def do_register_incoming(
    *,
    unit: OrgUnit,
    issuer: str,
    notation: str,
    kind: str,
    issued_on: dt.date,
    subject: str,
    file_bytes: bytes,
    file_name: str = "",
    field: str = Field.GENERAL,
    channel: str = Channel.PAPER,
    issuer_code: str = "",
    urgency: str = Urgency.NORMAL,
    secrecy: str = Secrecy.NONE,
    received_at: dt.datetime | None = None,
    allow_duplicate: bool = False,
    arrival: ArrivedPackage | None = None,
    acting_user: Any,
) -> IncomingDocument:
    """Enter a document in ``unit``'s incoming register with the next number of the
    year; a document already registered (same issuer, number/notation and date) is
    refused unless the clerk confirms it is another one. ``arrival``: it came over the
    axis (its PDF, its sender, who is told it is registered)."""
    if not permissions.can_register(acting_user, unit):
        raise PermissionDenied
    notation = doctypes.tidy_notation(notation)
    if not doctypes.NOTATION.fullmatch(notation):
        raise ActionError(
            _("Số, ký hiệu phải có dạng 15/QĐ-UBND hoặc 120/UBND-VP."), field="notation"
        )
    if kind not in doctypes.BY_CODE:
        raise ActionError(_("Chọn loại văn bản."), field="kind")
    received_at = received_at or timezone.now()
    if issued_on > timezone.localdate(received_at):
        raise ActionError(_("Ngày ban hành không thể sau ngày đến."), field="issued_on")
    if not allow_duplicate and duplicates_of(unit, issuer, notation, issued_on).exists():
        raise ActionError(
            _(
                "Văn bản %(notation)s ngày %(date)s của %(issuer)s đã vào sổ. Nếu đây là "
                "văn bản khác, hãy đánh dấu “Vẫn vào sổ”."
            )
            % {"notation": notation, "date": issued_on.strftime("%d/%m/%Y"), "issuer": issuer},
            field="notation",
            code="duplicate",
        )
    if arrival is not None:
        if arrival.unit_id != unit.pk or arrival.state != ArrivalState.WAITING:
            raise ActionError(_("Văn bản điện tử này đã được xử lý."), code="handled")
        channel, issuer_code = Channel.ELECTRONIC, arrival.sender_code
        with arrival.file.open("rb") as stored:
            file_bytes = stored.read()
    file_bytes = as_pdf(file_bytes)
    pages, text = _pdf(file_bytes, file_name)
    year = timezone.localdate(received_at).year
    with transaction.atomic():
        document = IncomingDocument(
            unit=unit,
            year=year,
            number=take_number(unit, INCOMING_BOOK, year),
            received_at=received_at,
            channel=channel,
            issuer=issuer.strip(),
            issuer_code=issuer_code.strip(),
            notation=notation,
            kind=kind,
            issued_on=issued_on,
            subject=subject.strip(),
            field=field if field in Field.values else Field.GENERAL,
            urgency=urgency,
            secrecy=secrecy,
            pages=pages,
            text=text,
            folded=fold(" ".join([notation, issuer, subject, text])),
            registered_by=acting_user,
        )
        if arrival is not None:
            document.sender_document_id = arrival.package_id
            document.signature_note = arrival.signature_note
        document.file.save("van-ban.pdf", ContentFile(file_bytes), save=False)
        document.save()
        DocumentNote.objects.create(document=document, kind=NoteKind.REGISTERED, author=acting_user)
        if arrival is not None:
            claimed = ArrivedPackage.objects.filter(
                pk=arrival.pk, state=ArrivalState.WAITING
            ).update(state=ArrivalState.REGISTERED, document=document)
            if not claimed:  # another clerk registered it a moment ago
                raise ActionError(_("Văn bản điện tử này đã được xử lý."), code="handled")
            arrival.refresh_from_db()
            electronic.tell_sender(arrival, edxml.REGISTERED)
        if not text.strip():
            # A scan: its words are read in the background, for search.
            transaction.on_commit(partial(read_scan.enqueue, document.pk), robust=True)
        write_audit(
            "documents.register_incoming",
            actor=acting_user,
            obj=document,
            data={"unit": unit.pk, "number": document.number, "notation": notation},
        )
    return document


def _deadline(days: int) -> dt.date:
    if not 1 <= days <= MAX_DAYS:
        raise ActionError(
            _("Hạn xử lý từ 1 đến %(most)d ngày làm việc.") % {"most": MAX_DAYS}, field="days"
        )
    return timezone.localdate(add_working_days(timezone.now(), days))


def _tell(assignment: Assignment) -> None:
    document = assignment.document
    link = reverse("documents:incoming", args=[document.pk])
    context = {
        "document": document,
        "role": assignment.get_role_display(),
        "deadline": assignment.deadline,
    }
    if assignment.user is not None:
        notify(assignment.user, "document_assigned", context, link=link)


def do_assign(
    document: IncomingDocument,
    *,
    lead: Holder | None,
    coordinate: list[Holder] | tuple[Holder, ...] = (),
    inform: list[Holder] | tuple[Holder, ...] = (),
    days: int,
    note: str = "",
    acting_user: Any,
) -> list[Assignment]:
    """The leader gives the document to a lead (replacing an open one), co-ordinators
    and people to inform, due ``days`` working days from now."""
    if not permissions.can_lead(acting_user, document):
        raise PermissionDenied
    if document.state == IncomingState.DONE:
        raise ActionError(_("Văn bản đã xử lý xong; mở lại trước khi phân công."))
    if (
        lead is None
        and not document.assignments.filter(
            role=HandlingRole.LEAD, state=AssignmentState.OPEN
        ).exists()
    ):
        raise ActionError(_("Chọn đơn vị hoặc người chủ trì."), field="lead")
    deadline = _deadline(days)
    wanted = [(HandlingRole.LEAD, lead)] if lead is not None else []
    wanted += [(HandlingRole.COORDINATE, h) for h in coordinate]
    wanted += [(HandlingRole.INFORM, h) for h in inform]
    for _role, holder in wanted:
        _check_holder(document, holder)
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        if lead is not None:
            document.assignments.filter(role=HandlingRole.LEAD, state=AssignmentState.OPEN).update(
                state=AssignmentState.WITHDRAWN, done_at=timezone.now()
            )
        made = [
            Assignment.objects.create(
                document=document,
                user=holder.user,
                org_unit=holder.org_unit if holder.user is None else None,
                role=role,
                deadline=None if role == HandlingRole.INFORM else deadline,
                assigned_by=acting_user,
            )
            for role, holder in wanted
        ]
        document.state = IncomingState.IN_PROGRESS
        document.deadline = deadline
        document.save(update_fields=["state", "deadline"])
        DocumentNote.objects.create(
            document=document,
            kind=NoteKind.ASSIGNED,
            author=acting_user,
            text="; ".join(str(a) for a in made) + (f" — {note.strip()}" if note.strip() else ""),
        )
        electronic.tell_sender_of(document, edxml.ASSIGNED)
        write_audit(
            "documents.assign",
            actor=acting_user,
            obj=document,
            data={"assignments": [a.pk for a in made], "deadline": deadline.isoformat()},
        )
        for assignment in made:
            _tell(assignment)
    return made


def _check_holder(document: IncomingDocument, holder: Holder) -> None:
    """A holder is a unit inside the document's unit, or an official working there."""
    if holder.user is not None:
        inside = org_units_in_scope(holder.user, permissions.STAFF).filter(
            path__startswith=document.unit.path
        )
        if not inside.exists():
            raise ActionError(
                _("%(name)s không làm việc tại %(unit)s.")
                % {"name": holder.user, "unit": document.unit},
                field="lead",
            )
    elif holder.org_unit is None or not holder.org_unit.path.startswith(document.unit.path):
        raise ActionError(_("Chỉ giao cho phòng, ban thuộc đơn vị nhận."), field="lead")


def do_forward(
    assignment: Assignment, *, to: Holder, role: str, note: str = "", acting_user: Any
) -> Assignment:
    """A handler passes part of the work on: a colleague co-ordinates or is informed."""
    if not permissions.holds(acting_user, assignment) or assignment.state != AssignmentState.OPEN:
        raise PermissionDenied
    if role not in (HandlingRole.COORDINATE, HandlingRole.INFORM):
        raise ActionError(_("Chỉ chuyển để phối hợp hoặc để biết."), field="role")
    document = assignment.document
    _check_holder(document, to)
    with transaction.atomic():
        made = Assignment.objects.create(
            document=document,
            user=to.user,
            org_unit=to.org_unit if to.user is None else None,
            role=role,
            deadline=None if role == HandlingRole.INFORM else assignment.deadline,
            assigned_by=acting_user,
            forwarded_from=assignment,
        )
        DocumentNote.objects.create(
            document=document,
            kind=NoteKind.FORWARDED,
            author=acting_user,
            text=str(made) + (f" — {note.strip()}" if note.strip() else ""),
        )
        write_audit("documents.forward", actor=acting_user, obj=document, data={"to": made.pk})
        _tell(made)
    return made


def do_comment(document: IncomingDocument, *, text: str, acting_user: Any) -> DocumentNote:
    if not (
        permissions.can_lead(acting_user, document)
        or any(permissions.holds(acting_user, a) for a in document.assignments.all())
    ):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ActionError(_("Nhập ý kiến."), field="text")
    with transaction.atomic():
        note = DocumentNote.objects.create(
            document=document, kind=NoteKind.COMMENT, author=acting_user, text=text
        )
        write_audit("documents.comment", actor=acting_user, obj=document, data={"note": note.pk})
    return note


def do_finish(assignment: Assignment, *, note: str = "", acting_user: Any) -> Assignment:
    """The holder's part is done; the lead's finishing is the document's."""
    if not permissions.holds(acting_user, assignment):
        raise PermissionDenied
    if assignment.state != AssignmentState.OPEN:
        raise ActionError(_("Phần việc này đã kết thúc."))
    now = timezone.now()
    with transaction.atomic():
        assignment.state = AssignmentState.DONE
        assignment.done_at = now
        assignment.save(update_fields=["state", "done_at"])
        document = assignment.document
        if assignment.role == HandlingRole.LEAD:
            document.state = IncomingState.DONE
            document.done_at = now
            document.save(update_fields=["state", "done_at"])
            electronic.tell_sender_of(document, edxml.DONE)
        DocumentNote.objects.create(
            document=document,
            kind=NoteKind.DONE,
            author=acting_user,
            text=f"{assignment}" + (f" — {note.strip()}" if note.strip() else ""),
        )
        write_audit(
            "documents.finish", actor=acting_user, obj=document, data={"assignment": assignment.pk}
        )
    return assignment


def do_refuse_arrival(arrival: ArrivedPackage, *, reason: str, acting_user: Any) -> None:
    """The clerk does not accept a document sent here (not for this unit, incomplete):
    the sender is told why (status 02)."""
    if not permissions.can_register(acting_user, arrival.unit):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ActionError(_("Nêu lý do từ chối tiếp nhận."), field="reason")
    with transaction.atomic():
        claimed = ArrivedPackage.objects.filter(pk=arrival.pk, state=ArrivalState.WAITING).update(
            state=ArrivalState.REFUSED, refusal=reason[:500]
        )
        if not claimed:
            raise ActionError(_("Văn bản điện tử này đã được xử lý."), code="handled")
        electronic.tell_sender(arrival, edxml.REFUSED, reason)
        write_audit(
            "documents.refuse_arrival", actor=acting_user, obj=arrival, data={"reason": reason}
        )
