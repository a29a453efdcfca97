"""Electronic votes: prepared by the chair with their rules, opened, cast, closed.

One vote per member: the database's ``one_ballot_per_member`` refuses a second
ballot, whatever two tablets send at once. Counters move in the same transaction as
the ballot, and only while the vote is open: closing takes the vote's row lock, so a
ballot either counts before the close or is refused after it. A secret vote's ballot
holds no choice (models/session.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.audit import write_audit
from tinhso.core.errors import ActionError
from tinhso.meetings import permissions
from tinhso.meetings.choices import (
    Choice,
    MajorityRule,
    MeetingState,
    ParticipantRole,
    QuorumRule,
    VoteState,
)
from tinhso.meetings.models import AgendaItem, Ballot, Meeting, Vote
from tinhso.meetings.room import bump


@dataclass(frozen=True)
class Outcome:
    """A vote's figures against its rules (live while open, final once closed)."""

    members: int
    present: int
    quorum_needed: int
    yes_needed: int
    quorum_met: bool
    passed: bool


def _more_than_half(n: int) -> int:
    return n // 2 + 1


def _two_thirds(n: int) -> int:
    return -(-2 * n // 3)  # rounded up


def outcome(vote: Vote, *, members: int, present: int) -> Outcome:
    quorum_needed = {
        QuorumRule.NONE: 0,
        QuorumRule.HALF: _more_than_half(members),
        QuorumRule.TWO_THIRDS: _two_thirds(members),
    }[QuorumRule(vote.quorum)]
    yes_needed = {
        MajorityRule.OF_PRESENT: _more_than_half(present),
        MajorityRule.OF_MEMBERS: _more_than_half(members),
        MajorityRule.TWO_THIRDS: _two_thirds(members),
    }[MajorityRule(vote.majority)]
    quorum_met = present >= quorum_needed
    return Outcome(
        members,
        present,
        quorum_needed,
        yes_needed,
        quorum_met,
        quorum_met and vote.yes >= yes_needed,
    )


def head_count(meeting: Meeting) -> tuple[int, int]:
    """Members invited, and of them those checked in."""
    counts = meeting.participants.filter(role=ParticipantRole.MEMBER).aggregate(
        all=Count("id"), here=Count("id", filter=Q(checked_in_at__isnull=False))
    )
    return counts["all"], counts["here"]


def live_outcome(vote: Vote) -> Outcome:
    if vote.state == VoteState.CLOSED:
        return outcome(vote, members=vote.members, present=vote.present)
    members, present = head_count(vote.meeting)
    return outcome(vote, members=members, present=present)


def _presiding(meeting: Meeting, user: Any) -> None:
    if not permissions.can_preside(user, meeting):
        raise PermissionDenied


@transaction.atomic
def do_prepare_vote(
    meeting: Meeting,
    *,
    question: str,
    secret: bool = False,
    quorum: str = QuorumRule.HALF,
    majority: str = MajorityRule.OF_MEMBERS,
    item: AgendaItem | None = None,
    acting_user: Any,
) -> Vote:
    _presiding(meeting, acting_user)
    if meeting.state == MeetingState.CLOSED:
        raise ActionError(_("Cuộc họp đã kết thúc."))
    if item is not None and item.meeting_id != meeting.pk:
        raise ActionError(_("Nội dung này không thuộc cuộc họp."), field="item")
    if quorum not in QuorumRule.values or majority not in MajorityRule.values:
        raise ActionError(_("Chọn điều kiện biểu quyết."), field="majority")
    question = question.strip()
    if not question:
        raise ActionError(_("Nhập nội dung biểu quyết."), field="question")
    vote = Vote.objects.create(
        meeting=meeting,
        item=item or meeting.current_item,
        question=question[:300],
        secret=secret,
        quorum=quorum,
        majority=majority,
        created_by=acting_user,
    )
    write_audit("meeting.vote_prepared", actor=acting_user, obj=meeting, data={"vote": vote.pk})
    return vote


def _locked(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().select_related("meeting").get(pk=vote.pk)


@transaction.atomic
def do_open_vote(vote: Vote, *, acting_user: Any) -> Vote:
    _presiding(vote.meeting, acting_user)
    vote = _locked(vote)
    meeting = Meeting.objects.select_for_update().get(pk=vote.meeting_id)
    if meeting.state != MeetingState.IN_SESSION:
        raise ActionError(_("Chỉ biểu quyết khi cuộc họp đang diễn ra."))
    if vote.state != VoteState.PREPARED:
        raise ActionError(_("Biểu quyết này đã mở hoặc đã kết thúc."))
    if meeting.votes.filter(state=VoteState.OPEN).exists():
        raise ActionError(_("Đang có một biểu quyết khác: kết thúc nó trước."))
    vote.members, _present = head_count(meeting)
    vote.state, vote.opened_at = VoteState.OPEN, timezone.now()
    vote.save(update_fields=["members", "state", "opened_at"])
    bump(meeting)
    write_audit("meeting.vote_opened", actor=acting_user, obj=meeting, data={"vote": vote.pk})
    return vote


@transaction.atomic
def do_cast(vote: Vote, *, choice: str, acting_user: Any) -> None:
    """A member present in the room votes, once."""
    if choice not in Choice.values:
        raise ActionError(_("Chọn tán thành, không tán thành hoặc không biểu quyết."))
    member = permissions.member_of(acting_user, vote.meeting)
    if member is None:
        raise ActionError(_("Chỉ thành viên cuộc họp được biểu quyết."))
    if member.checked_in_at is None:
        raise ActionError(_("Hãy điểm danh trước khi biểu quyết."))
    try:
        with transaction.atomic():
            Ballot.objects.create(
                vote=vote, participant=member, choice="" if vote.secret else choice
            )
    except IntegrityError:
        raise ActionError(_("Bạn đã biểu quyết nội dung này.")) from None
    counted = Vote.objects.filter(pk=vote.pk, state=VoteState.OPEN).update(
        **{choice: F(choice) + 1}
    )
    if not counted:  # not open (yet, or any more): the ballot goes with the rollback
        raise ActionError(_("Biểu quyết không đang mở."))
    # That this member voted, never what (for an open vote the ballot says it).
    write_audit("meeting.voted", actor=acting_user, obj=vote.meeting, data={"vote": vote.pk})


@transaction.atomic
def do_close_vote(vote: Vote, *, acting_user: Any) -> Vote:
    _presiding(vote.meeting, acting_user)
    vote = _locked(vote)
    if vote.state != VoteState.OPEN:
        raise ActionError(_("Biểu quyết không đang mở."))
    _members, vote.present = head_count(vote.meeting)
    result = outcome(vote, members=vote.members, present=vote.present)
    vote.state, vote.closed_at, vote.passed = VoteState.CLOSED, timezone.now(), result.passed
    vote.save(update_fields=["state", "closed_at", "present", "passed"])
    bump(vote.meeting)
    write_audit(
        "meeting.vote_closed",
        actor=acting_user,
        obj=vote.meeting,
        data={"vote": vote.pk, "yes": vote.yes, "no": vote.no, "abstain": vote.abstain},
    )
    return vote


def my_ballot(vote: Vote, user: Any) -> Ballot | None:
    return vote.ballots.filter(participant__user=user).first()
