"""What happens in the room: who asked to speak and who has the floor, and the votes.

A vote's ballots: one row per member who voted — the database refuses a second
(``one_ballot_per_member``). An open vote's row says what they chose; a secret vote's
row only *that* they voted (its ``choice`` stays empty), and the choice goes straight
into the vote's counters, which keep no history: no table, log or timestamp ties a
person to a choice. Ballots carry no time either (a time next to the counters' order
could link them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.meetings.choices import Choice, MajorityRule, QuorumRule, SpeechState, VoteState
from tinhso.meetings.models.meeting import AgendaItem, Meeting, Participant

ACTIVE_SPEECH = (SpeechState.WAITING, SpeechState.SPEAKING)


class SpeakingRequest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speeches")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="speeches"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(_("nội dung muốn phát biểu"), max_length=200, blank=True)
    state = models.CharField(
        max_length=10, choices=SpeechState.choices, default=SpeechState.WAITING
    )
    # The chair's order of the waiting list (first asked, first heard until moved).
    rank = models.PositiveIntegerField(default=0)
    asked_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rank", "asked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"],
                condition=Q(state__in=ACTIVE_SPEECH),
                name="one_request_at_a_time",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(state=SpeechState.SPEAKING),
                name="one_speaker_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.state})"


class Vote(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="votes"
    )
    question = models.CharField(_("nội dung biểu quyết"), max_length=300)
    secret = models.BooleanField(_("bỏ phiếu kín"), default=False)
    quorum = models.CharField(
        _("điều kiện số thành viên có mặt"),
        max_length=12,
        choices=QuorumRule.choices,
        default=QuorumRule.HALF,
    )
    majority = models.CharField(
        _("điều kiện thông qua"),
        max_length=12,
        choices=MajorityRule.choices,
        default=MajorityRule.OF_MEMBERS,
    )
    state = models.CharField(max_length=10, choices=VoteState.choices, default=VoteState.PREPARED)
    # Counted as ballots arrive (secret or not), frozen when it closes.
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)  # all members, when it opened
    present = models.PositiveIntegerField(default=0)  # members checked in, when it closed
    passed = models.BooleanField(null=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.question

    @property
    def turnout(self) -> int:
        return self.yes + self.no + self.abstain


class Ballot(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    # Empty for a secret vote: the row says only that this member voted.
    choice = models.CharField(max_length=8, choices=Choice.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "participant"], name="one_ballot_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.choice or '—'}"
