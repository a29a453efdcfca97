"""The minutes: drafted from what the platform saw in the room, edited by the
secretary, made into a PDF when the secretary signs, then signed by the chair — two
PAdES signatures with their personal certificates, each after their code again.

The draft and the PDF are in Vietnamese whatever the reader's language: the minutes
are the body's official record (Decree 30), not a page of the interface."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts import mfa
from tinhso.core import pki, signing
from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.core.letters import OfficialPdf
from tinhso.meetings import permissions
from tinhso.meetings.choices import (
    MeetingState,
    MinutesState,
    ParticipantRole,
    Reply,
    SpeechState,
    VoteState,
)
from tinhso.meetings.models import Meeting, Minutes, Vote
from tinhso.meetings.voting import outcome

MAX_TEXT = 60000


def _at(moment: Any) -> str:
    return f"{timezone.localtime(moment):%H giờ %M, ngày %d/%m/%Y}" if moment else "…"


def vote_line(vote: Vote) -> str:
    result = outcome(vote, members=vote.members, present=vote.present)
    form = "bỏ phiếu kín" if vote.secret else "biểu quyết công khai"
    # A decimal comma: the minutes are a Vietnamese document.
    percent = f"{100 * vote.yes / vote.members:.1f}".replace(".", ",") if vote.members else ""
    share = f" ({percent}% tổng số thành viên)" if percent else ""
    verdict = "THÔNG QUA" if result.passed else "KHÔNG THÔNG QUA"
    if not result.quorum_met:
        verdict += " (không đủ số thành viên có mặt)"
    return (
        f"Biểu quyết ({form}): {vote.question}. Có mặt {vote.present}/{vote.members}; "
        f"tán thành {vote.yes}{share}, không tán thành {vote.no}, không biểu quyết "
        f"{vote.abstain}. Kết quả: {verdict}."
    )


def draft_text(meeting: Meeting) -> str:
    """The minutes as the room left them: attendance, each item with its speakers and
    votes, and a place for the chair's conclusions."""
    people = list(meeting.participants.all())
    members = [p for p in people if p.role == ParticipantRole.MEMBER]
    present = [p for p in members if p.checked_in_at]
    absent = [p for p in members if not p.checked_in_at]
    guests = [p for p in people if p.role == ParticipantRole.GUEST and p.checked_in_at]
    lines = [
        f"Thời gian: khai mạc lúc {_at(meeting.opened_at)}; bế mạc lúc {_at(meeting.closed_at)}.",
        f"Địa điểm: {meeting.room or meeting.online_link or '…'}.",
        f"Chủ tọa: {meeting.chair.full_name if meeting.chair else '…'}. "
        f"Thư ký: {meeting.secretary.full_name if meeting.secretary else '…'}.",
        "",
        "I. THÀNH PHẦN",
        f"Thành viên: {len(members)}; có mặt {len(present)}, vắng mặt {len(absent)}.",
    ]
    for person in absent:
        why = {
            Reply.ABSENT: f"vắng, lý do: {person.reason}",
            Reply.DEPUTY: f"vắng, cử {person.deputy} dự thay",
        }.get(Reply(person.reply), "vắng")
        lines.append(f"- {person.name}: {why}.")
    if guests:
        lines.append("Khách mời dự họp: " + ", ".join(p.name for p in guests) + ".")
    lines += ["", "II. NỘI DUNG"]
    speeches = list(
        meeting.speeches.filter(state=SpeechState.DONE)
        .select_related("participant")
        .order_by("started_at")
    )
    votes = list(meeting.votes.filter(state=VoteState.CLOSED))
    for number, item in enumerate(meeting.items.all(), start=1):
        presenter = f" (trình bày: {item.presenter})" if item.presenter else ""
        lines.append(f"{number}. {item.title}{presenter}")
        spoke = [s for s in speeches if s.item_id == item.pk]
        if spoke:
            lines.append(
                "Ý kiến phát biểu: "
                + "; ".join(
                    s.participant.name + (f" ({s.topic})" if s.topic else "") for s in spoke
                )
                + "."
            )
        lines += [vote_line(v) for v in votes if v.item_id == item.pk]
    lines += [vote_line(v) for v in votes if v.item_id is None]
    lines += ["", "III. KẾT LUẬN", "(Thư ký ghi kết luận của chủ tọa.)"]
    tasks = list(meeting.tasks.select_related("unit"))
    if tasks:
        lines.append("Nhiệm vụ giao:")
        lines += [f"- {t.unit.name}: {t.title} (hạn {t.due:%d/%m/%Y})." for t in tasks]
    return "\n".join(lines)


def minutes_pdf(meeting: Meeting, text: str) -> bytes:
    pdf = OfficialPdf()
    pdf.national_heading(meeting.body.name)
    pdf.doc_title("Biên bản")
    pdf.set_font("Serif", "B", 12)
    pdf.multi_cell(0, 6, meeting.title, align="C")
    pdf.ln(4)
    pdf.body_text(text)
    pdf.ln(8)
    if pdf.get_y() + 40 > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    for x, title, person in (
        (20, "THƯ KÝ", meeting.secretary),
        (110, "CHỦ TỌA", meeting.chair),
    ):
        pdf.set_xy(x, top)
        pdf.set_font("Serif", "B", 11)
        pdf.multi_cell(80, 6, title, align="C")
        pdf.set_x(x)
        pdf.set_font("Serif", "", 9)
        pdf.multi_cell(80, 5, "(Ký số)", align="C")
        pdf.set_xy(x, top + 24)
        pdf.set_font("Serif", "B", 11)
        pdf.multi_cell(80, 6, person.full_name if person else "", align="C")
    return bytes(pdf.output())


def _writer(meeting: Meeting, user: Any) -> None:
    if user.pk != meeting.secretary_id and not permissions.can_organise(user, meeting):
        raise PermissionDenied


@transaction.atomic
def do_start_minutes(meeting: Meeting, *, acting_user: Any) -> Minutes:
    _writer(meeting, acting_user)
    if meeting.state != MeetingState.CLOSED:
        raise ActionError(_("Lập biên bản sau khi bế mạc cuộc họp."))
    if meeting.chair_id is None or meeting.secretary_id is None:
        raise ActionError(_("Cuộc họp cần có chủ tọa và thư ký để ký biên bản."))
    minutes, created = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"text": draft_text(meeting)}
    )
    if created:
        write_audit("meeting.minutes_drafted", actor=acting_user, obj=meeting)
    return minutes


@transaction.atomic
def do_edit_minutes(minutes: Minutes, *, text: str, acting_user: Any) -> Minutes:
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    _writer(minutes.meeting, acting_user)
    if minutes.state != MinutesState.DRAFT:
        raise ActionError(_("Biên bản đã ký: không sửa được nữa."))
    text = text.strip()
    if not text:
        raise ActionError(_("Biên bản trống."), field="text")
    if len(text) > MAX_TEXT:
        raise ActionError(_("Biên bản quá dài."), field="text")
    minutes.text, minutes.edited_at = text, timezone.now()
    minutes.save(update_fields=["text", "edited_at"])
    write_audit("meeting.minutes_edited", actor=acting_user, obj=minutes.meeting)
    return minutes


@transaction.atomic
def do_sign_minutes(minutes: Minutes, *, code: str, acting_user: Any) -> Minutes:
    """The secretary signs first (the PDF is made then: the text is final), the chair
    second; each after typing their code again."""
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting__body", "meeting__chair", "meeting__secretary")
        .get(pk=minutes.pk)
    )
    meeting = minutes.meeting
    if minutes.state == MinutesState.SIGNED:
        raise ActionError(_("Biên bản đã ký đủ."))
    if minutes.state == MinutesState.DRAFT and acting_user.pk != meeting.secretary_id:
        raise ActionError(_("Thư ký cuộc họp ký biên bản trước."))
    if minutes.state == MinutesState.SECRETARY_SIGNED and acting_user.pk != meeting.chair_id:
        raise ActionError(_("Biên bản đang chờ chủ tọa ký."))
    mfa.confirm_code(acting_user, code)
    return sign_as(minutes, acting_user)


def sign_as(minutes: Minutes, acting_user: Any) -> Minutes:
    """The signature itself, once ``do_sign_minutes`` has checked whose turn it is and
    their code (and the demo's loader, which signs without a phone), inside the
    caller's transaction."""
    meeting = minutes.meeting
    if minutes.state == MinutesState.DRAFT:
        pdf, field, reason = minutes_pdf(meeting, minutes.text), "ThuKy", "Thư ký ký biên bản"
    else:
        with minutes.pdf.open("rb") as handle:
            pdf = handle.read()
        field, reason = "ChuToa", "Chủ tọa ký biên bản"
    name = acting_user.full_name or str(acting_user)
    signer = signing.personal_signer(pki.person_key(acting_user), name)
    signed = signing.sign_pdf_as(pdf, signer, field, reason, meeting.body.name)
    minutes.pdf.save("bien-ban.pdf", ContentFile(signed), save=False)
    now = timezone.now()
    if minutes.state == MinutesState.DRAFT:
        minutes.state, minutes.secretary_signed_at = MinutesState.SECRETARY_SIGNED, now
    else:
        minutes.state, minutes.chair_signed_at = MinutesState.SIGNED, now
    minutes.save()
    write_audit("meeting.minutes_signed", actor=acting_user, obj=meeting, data={"as": field})
    return minutes
