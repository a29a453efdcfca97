"""Every change to a meeting before it sits: one ``do_*`` each, with its audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core import office
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.models import OrgUnit
from tinhso.core.notify import notify
from tinhso.core.pdfs import read_pdf
from tinhso.core.text import fold
from tinhso.meetings import permissions
from tinhso.meetings.choices import DocumentState, MeetingState, ParticipantRole, Reply
from tinhso.meetings.models import AgendaItem, Meeting, MeetingDocument, PageNote, Participant
from tinhso.meetings.room import bump

MAX_NOTE = 4000


@transaction.atomic
def do_create_meeting(
    *,
    body: OrgUnit,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    term: str = "",
    session_number: int | None = None,
    room: str = "",
    online_link: str = "",
    chair: Any = None,
    secretary: Any = None,
    confidential: bool = False,
    speech_minutes: int = 5,
    acting_user: Any,
) -> Meeting:
    if not permissions.organising_units(acting_user).filter(pk=body.pk).exists():
        raise PermissionDenied
    if not 1 <= speech_minutes <= 30:
        raise ActionError(_("Mỗi lượt phát biểu từ 1 đến 30 phút."), field="speech_minutes")
    meeting = Meeting.objects.create(
        body=body,
        kind=kind,
        title=title.strip()[:300],
        starts_at=starts_at,
        term=term.strip()[:40],
        session_number=session_number,
        room=room.strip()[:200],
        online_link=online_link.strip(),
        chair=chair,
        secretary=secretary,
        confidential=confidential,
        speech_seconds=speech_minutes * 60,
        created_by=acting_user,
    )
    for person in {p for p in (chair, secretary) if p is not None}:
        _invite_account(meeting, person, ParticipantRole.MEMBER)
    write_audit("meeting.created", actor=acting_user, obj=meeting)
    return meeting


def _require_organiser(meeting: Meeting, user: Any) -> None:
    if not permissions.can_organise(user, meeting):
        raise PermissionDenied


@transaction.atomic
def do_add_item(
    meeting: Meeting, *, title: str, presenter: str = "", minutes: int = 15, acting_user: Any
) -> AgendaItem:
    _require_organiser(meeting, acting_user)
    if not 1 <= minutes <= 600:
        raise ActionError(_("Thời lượng từ 1 đến 600 phút."), field="minutes")
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        title=title.strip()[:500],
        presenter=presenter.strip()[:200],
        minutes=minutes,
    )
    write_audit("meeting.item_added", actor=acting_user, obj=meeting, data={"item": item.title})
    return item


def _ready(document: MeetingDocument, pdf: bytes) -> None:
    facts = read_pdf(pdf)
    document.file.save("tai-lieu.pdf", ContentFile(pdf), save=False)
    document.pages, document.text = facts.pages, facts.text
    document.folded = fold(" ".join([document.title, facts.text]))
    document.folded_pages = [fold(page) for page in facts.page_texts]
    document.state, document.problem = DocumentState.READY, ""


@transaction.atomic
def do_add_document(
    meeting: Meeting,
    *,
    title: str,
    file_bytes: bytes,
    file_name: str,
    item: AgendaItem | None = None,
    replaces: MeetingDocument | None = None,
    acting_user: Any,
) -> MeetingDocument:
    """A document for the meeting (or for one agenda item); ``replaces``: a new version
    of that one, which stays in the history, superseded."""
    _require_organiser(meeting, acting_user)
    if item is not None and item.meeting_id != meeting.pk:
        raise ActionError(_("Nội dung này không thuộc cuộc họp."), field="item")
    if replaces is not None:
        replaces = MeetingDocument.objects.select_for_update().get(pk=replaces.pk)
        if replaces.meeting_id != meeting.pk or replaces.superseded_by_id is not None:
            raise ActionError(_("Chỉ thay được bản mới nhất của tài liệu."))
        item = replaces.item
    is_word = office.checked_upload(file_bytes, file_name)
    document = MeetingDocument(
        meeting=meeting,
        item=item,
        title=(title.strip() or (replaces.title if replaces else file_name))[:300],
        version=replaces.version + 1 if replaces else 1,
        uploaded_by=acting_user,
    )
    document.source.save(file_name[-120:] or "tai-lieu", ContentFile(file_bytes), save=False)
    if is_word:
        document.state = DocumentState.CONVERTING
    else:
        _ready(document, file_bytes)
    document.save()
    if replaces is not None:
        replaces.superseded_by = document
        replaces.save(update_fields=["superseded_by"])
    if is_word:
        from tinhso.meetings.tasks import convert_document

        transaction.on_commit(lambda: convert_document.enqueue(document.pk))
    write_audit(
        "meeting.document_added",
        actor=acting_user,
        obj=meeting,
        data={"document": document.title, "version": document.version},
    )
    return document


def _invite_account(meeting: Meeting, person: Any, role: str) -> Participant:
    found, _created = Participant.objects.get_or_create(
        meeting=meeting,
        user=person,
        defaults={
            "name": person.full_name or str(person),
            "email": person.email or "",
            "phone": person.phone,
            "role": role,
        },
    )
    return found


@transaction.atomic
def do_invite(
    meeting: Meeting,
    *,
    people: list[Any],
    role: str = ParticipantRole.MEMBER,
    guests: list[tuple[str, str]] = (),  # type: ignore[assignment]
    acting_user: Any,
) -> int:
    """Invite accounts (members or guests) and outsiders (name, e-mail); each account
    gets the invitation in their inbox with the programme's link. How many are new."""
    _require_organiser(meeting, acting_user)
    before = meeting.participants.count()
    link = reverse("meetings:meeting", args=[meeting.pk])
    for person in people:
        participant = _invite_account(meeting, person, role)
        if participant.replied_at is None:
            notify(person, "meeting_invitation", {"meeting": meeting}, link=link)
    for name, email in guests:
        if not meeting.participants.filter(email__iexact=email, user__isnull=True).exists():
            Participant.objects.create(
                meeting=meeting, name=name[:150], email=email, role=ParticipantRole.GUEST
            )
    added = meeting.participants.count() - before
    write_audit("meeting.invited", actor=acting_user, obj=meeting, data={"added": added})
    return added


@transaction.atomic
def do_reply(
    meeting: Meeting, *, reply: str, reason: str = "", deputy: str = "", acting_user: Any
) -> Participant:
    participant = meeting.participants.select_for_update().filter(user=acting_user).first()
    if participant is None:
        raise PermissionDenied
    if reply not in (Reply.ATTENDING, Reply.ABSENT, Reply.DEPUTY):
        raise ActionError(_("Chọn một câu trả lời."), field="reply")
    if reply == Reply.ABSENT and not reason.strip():
        raise ActionError(_("Cho biết lý do vắng mặt."), field="reason")
    if reply == Reply.DEPUTY and not deputy.strip():
        raise ActionError(_("Cho biết người dự thay."), field="deputy")
    participant.reply, participant.replied_at = reply, timezone.now()
    participant.reason = reason.strip()[:300] if reply != Reply.ATTENDING else ""
    participant.deputy = deputy.strip()[:150] if reply == Reply.DEPUTY else ""
    participant.save(update_fields=["reply", "replied_at", "reason", "deputy"])
    write_audit("meeting.replied", actor=acting_user, obj=meeting, data={"reply": reply})
    return participant


@transaction.atomic
def do_check_in(meeting: Meeting, participant: Participant, *, acting_user: Any) -> Participant:
    """At the door: the person themselves (scanning the meeting's code) or the secretary."""
    if participant.meeting_id != meeting.pk:
        raise PermissionDenied
    if participant.user_id != acting_user.pk and not permissions.can_organise(acting_user, meeting):
        raise PermissionDenied
    if Meeting.objects.filter(pk=meeting.pk, state=MeetingState.CLOSED).exists():
        raise ActionError(_("Cuộc họp đã kết thúc."))
    if participant.checked_in_at is None:
        participant.checked_in_at = timezone.now()
        if participant.reply == Reply.PENDING:  # here in person: that is an answer
            participant.reply, participant.replied_at = Reply.ATTENDING, participant.checked_in_at
        participant.save(update_fields=["checked_in_at", "reply", "replied_at"])
        bump(meeting)  # the room's count of members present
        write_audit(
            "meeting.checked_in", actor=acting_user, obj=meeting, data={"who": participant.name}
        )
    return participant


@transaction.atomic
def do_note(document: MeetingDocument, *, page: int, text: str, acting_user: Any) -> PageNote:
    """A reader's own note on a page of a document they may read."""
    if not permissions.visible_documents(acting_user).filter(pk=document.pk).exists():
        raise PermissionDenied
    if not 1 <= page <= max(document.pages, 1):
        raise ActionError(_("Không có trang này."), field="page")
    text = text.strip()
    if not text:
        raise ActionError(_("Ghi chú trống."), field="text")
    note = PageNote.objects.create(
        document=document, page=page, author=acting_user, text=text[:MAX_NOTE]
    )
    # That a note was written, not what it says: it is the reader's own.
    write_audit("meeting.note_added", actor=acting_user, obj=document.meeting)
    return note
