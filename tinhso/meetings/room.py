"""The session in the room: opening it, the item under discussion, the floor, the
end. One ``do_*`` per change, each with its audit row; each bumps the meeting's
``revision`` so the room's screens redraw."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.meetings import permissions
from tinhso.meetings.choices import MeetingState, SpeechState, VoteState
from tinhso.meetings.models import AgendaItem, Meeting, SpeakingRequest


def bump(meeting: Meeting) -> None:
    """Tell the room's screens something changed (see ``Meeting.revision``)."""
    Meeting.objects.filter(pk=meeting.pk).update(revision=F("revision") + 1)


def _presided(meeting: Meeting, user: Any) -> Meeting:
    if not permissions.can_preside(user, meeting):
        raise PermissionDenied
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _sitting(meeting: Meeting) -> None:
    if meeting.state != MeetingState.IN_SESSION:
        raise ActionError(_("Cuộc họp không đang diễn ra."))


@transaction.atomic
def do_open_session(meeting: Meeting, *, acting_user: Any) -> Meeting:
    meeting = _presided(meeting, acting_user)
    if meeting.state != MeetingState.PLANNED:
        raise ActionError(_("Cuộc họp đã khai mạc hoặc đã kết thúc."))
    meeting.state, meeting.opened_at = MeetingState.IN_SESSION, timezone.now()
    meeting.current_item = meeting.current_item or meeting.items.first()
    meeting.save(update_fields=["state", "opened_at", "current_item"])
    bump(meeting)
    write_audit("meeting.opened", actor=acting_user, obj=meeting)
    return meeting


@transaction.atomic
def do_take_up_item(meeting: Meeting, item: AgendaItem, *, acting_user: Any) -> Meeting:
    """The chair moves the room to another agenda item."""
    meeting = _presided(meeting, acting_user)
    _sitting(meeting)
    if item.meeting_id != meeting.pk:
        raise ActionError(_("Nội dung này không thuộc cuộc họp."), field="item")
    meeting.current_item = item
    meeting.save(update_fields=["current_item"])
    bump(meeting)
    write_audit("meeting.item_taken_up", actor=acting_user, obj=meeting, data={"item": item.title})
    return meeting


@transaction.atomic
def do_close_session(meeting: Meeting, *, acting_user: Any) -> Meeting:
    meeting = _presided(meeting, acting_user)
    _sitting(meeting)
    if meeting.votes.filter(state=VoteState.OPEN).exists():
        raise ActionError(_("Còn một biểu quyết đang mở: kết thúc biểu quyết trước."))
    now = timezone.now()
    meeting.speeches.filter(state=SpeechState.SPEAKING).update(state=SpeechState.DONE, ended_at=now)
    meeting.speeches.filter(state=SpeechState.WAITING).update(state=SpeechState.WITHDRAWN)
    meeting.state, meeting.closed_at = MeetingState.CLOSED, now
    meeting.save(update_fields=["state", "closed_at"])
    bump(meeting)
    write_audit("meeting.closed", actor=acting_user, obj=meeting)
    return meeting


@transaction.atomic
def do_ask_to_speak(meeting: Meeting, *, topic: str = "", acting_user: Any) -> SpeakingRequest:
    """A member asks for the floor on the item under discussion."""
    member = permissions.member_of(acting_user, meeting)
    if member is None:
        raise ActionError(_("Chỉ thành viên cuộc họp được đăng ký phát biểu."))
    meeting = Meeting.objects.get(pk=meeting.pk)  # as it is now, not as the caller saw it
    _sitting(meeting)
    last = meeting.speeches.aggregate(last=Max("rank"))["last"] or 0
    try:
        with transaction.atomic():
            speech = SpeakingRequest.objects.create(
                meeting=meeting,
                item_id=meeting.current_item_id,
                participant=member,
                topic=topic.strip()[:200],
                rank=last + 1,
            )
    except IntegrityError:
        raise ActionError(_("Bạn đã đăng ký phát biểu, đang chờ đến lượt.")) from None
    bump(meeting)
    write_audit("meeting.asked_to_speak", actor=acting_user, obj=meeting)
    return speech


def _speech(meeting: Meeting, pk: int) -> SpeakingRequest:
    speech = meeting.speeches.select_for_update().filter(pk=pk).first()
    if speech is None:
        raise ActionError(_("Không có lượt đăng ký phát biểu này."))
    return speech


@transaction.atomic
def do_withdraw_request(meeting: Meeting, *, acting_user: Any) -> None:
    member = permissions.member_of(acting_user, meeting)
    found = (
        meeting.speeches.filter(participant=member, state=SpeechState.WAITING)
        if member is not None
        else SpeakingRequest.objects.none()
    )
    if not found.update(state=SpeechState.WITHDRAWN):
        raise ActionError(_("Bạn không có lượt đăng ký phát biểu đang chờ."))
    bump(meeting)
    write_audit("meeting.request_withdrawn", actor=acting_user, obj=meeting)


def _end_current(meeting: Meeting) -> None:
    meeting.speeches.filter(state=SpeechState.SPEAKING).update(
        state=SpeechState.DONE, ended_at=timezone.now()
    )


@transaction.atomic
def do_give_floor(meeting: Meeting, speech_pk: int, *, acting_user: Any) -> SpeakingRequest:
    """The chair gives the floor to one who asked; whoever spoke before is done."""
    meeting = _presided(meeting, acting_user)
    _sitting(meeting)
    speech = _speech(meeting, speech_pk)
    if speech.state != SpeechState.WAITING:
        raise ActionError(_("Người này không còn chờ phát biểu."))
    _end_current(meeting)
    speech.state, speech.started_at = SpeechState.SPEAKING, timezone.now()
    speech.save(update_fields=["state", "started_at"])
    bump(meeting)
    write_audit(
        "meeting.floor_given", actor=acting_user, obj=meeting, data={"to": speech.participant.name}
    )
    return speech


@transaction.atomic
def do_end_speech(meeting: Meeting, *, acting_user: Any) -> None:
    meeting = _presided(meeting, acting_user)
    if not meeting.speeches.filter(state=SpeechState.SPEAKING).exists():
        raise ActionError(_("Không có ai đang phát biểu."))
    _end_current(meeting)
    bump(meeting)
    write_audit("meeting.speech_ended", actor=acting_user, obj=meeting)


@transaction.atomic
def do_move_up(meeting: Meeting, speech_pk: int, *, acting_user: Any) -> None:
    """The chair puts a waiting speaker one place earlier in the list."""
    meeting = _presided(meeting, acting_user)
    waiting = list(meeting.speeches.select_for_update().filter(state=SpeechState.WAITING))
    index = next((i for i, s in enumerate(waiting) if s.pk == speech_pk), None)
    if index is None:
        raise ActionError(_("Người này không còn chờ phát biểu."))
    if index == 0:
        return
    this, before = waiting[index], waiting[index - 1]
    # Ranks may tie (asked at once): renumber the list, then swap the two.
    for rank, speech in enumerate(waiting, start=1):
        speech.rank = rank
    this.rank, before.rank = before.rank, this.rank
    SpeakingRequest.objects.bulk_update(waiting, ["rank"])
    bump(meeting)
    write_audit("meeting.speaker_moved", actor=acting_user, obj=meeting)
