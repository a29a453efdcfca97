"""What the room's screens show, and the cheap test of whether it changed.

Every screen — the projector, each tablet's panel — asks every second with the key
it last drew (``?seen=``). Unchanged → 204 and the browser keeps what it has (htmx
does not swap on 204): two primary-key reads, no rendering. This is what runs with
several server processes: no process holds state, each answers from the database, so
a screen may ask any of them. A vote's counters are part of the key, so a ballot
shows on every screen at the next second without touching the meeting's row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import translation

from tinhso.meetings import permissions
from tinhso.meetings.choices import SpeechState, VoteState
from tinhso.meetings.models import Meeting, SpeakingRequest, Vote
from tinhso.meetings.voting import Outcome, head_count, live_outcome

CACHED_SECONDS = 30


def _key(meetings: QuerySet[Meeting]) -> str | None:
    """The meeting's revision and its open vote's counters, in one query."""
    open_vote = Vote.objects.filter(meeting_id=OuterRef("pk"), state=VoteState.OPEN)
    row = (
        meetings.annotate(
            vote_pk=Subquery(open_vote.values("pk")[:1]),
            vote_yes=Subquery(open_vote.values("yes")[:1]),
            vote_no=Subquery(open_vote.values("no")[:1]),
            vote_abstain=Subquery(open_vote.values("abstain")[:1]),
        )
        .values_list("revision", "vote_pk", "vote_yes", "vote_no", "vote_abstain")
        .first()
    )
    if row is None:
        return None
    return f"{row[0]}-" + "-".join(str(n) for n in row[1:] if n is not None)


def state_key(meeting_pk: int) -> str:
    return _key(Meeting.objects.filter(pk=meeting_pk).order_by()) or ""


def state_key_for(user: Any, meeting_pk: int) -> str | None:
    """The key, in the same query as the check that this person sits in the meeting
    (a participant, the chair, the secretary) — the screens' every-second question
    costs one query after the session's own. None: not one of them (an organiser
    outside the room, or no one: the caller checks the long way)."""
    if not getattr(user, "is_authenticated", False):
        return None
    sitting = Meeting.objects.filter(
        Q(participants__user=user) | Q(chair=user) | Q(secretary=user), pk=meeting_pk
    ).order_by()
    return _key(sitting)


@dataclass
class Room:
    meeting: Meeting
    speaker: SpeakingRequest | None
    waiting: list[SpeakingRequest]
    vote: Vote | None  # the open vote, else the last one closed
    outcome: Outcome | None
    members: int
    present: int


def room(meeting: Meeting) -> Room:
    speeches = list(
        meeting.speeches.filter(state__in=(SpeechState.WAITING, SpeechState.SPEAKING))
        .select_related("participant")
        .order_by("rank", "asked_at", "id")
    )
    vote = (
        meeting.votes.filter(state=VoteState.OPEN).first()
        or meeting.votes.filter(state=VoteState.CLOSED).order_by("-closed_at").first()
    )
    members, present = head_count(meeting)
    return Room(
        meeting=meeting,
        speaker=next((s for s in speeches if s.state == SpeechState.SPEAKING), None),
        waiting=[s for s in speeches if s.state == SpeechState.WAITING],
        vote=vote,
        outcome=live_outcome(vote) if vote else None,
        members=members,
        present=present,
    )


def personal(room_now: Room, user: Any) -> dict[str, Any]:
    """This person's side of the room: their request to speak, their ballot."""
    member = permissions.member_of(user, room_now.meeting)
    mine = next((s for s in room_now.waiting if s.participant_id == getattr(member, "pk", 0)), None)
    voted = (
        room_now.vote is not None
        and member is not None
        and room_now.vote.ballots.filter(participant=member).exists()
    )
    return {"member": member, "my_request": mine, "voted": voted}


def cached_room(meeting_pk: int, key: str) -> Room:
    """The room as of ``key``, worked out once per key (and per cache: the process's
    own, or Redis shared by all where CACHE_URL is set) for every screen asking: during
    a vote the key changes with each ballot and every screen redraws."""
    name = f"meetings:room:{meeting_pk}:{key}"
    found = cache.get(name)
    if found is None:
        meeting = Meeting.objects.select_related("current_item", "body").get(pk=meeting_pk)
        found = room(meeting)
        cache.set(name, found, CACHED_SECONDS)
    return found  # type: ignore[no-any-return]


def screen_html(meeting_pk: int, key: str, draw: Callable[[Room], str]) -> str:
    """The room screen's part as of ``key``, drawn once per key and language (it shows
    the same to everyone: no form, nothing personal)."""
    name = f"meetings:screen:{meeting_pk}:{key}:{translation.get_language()}"
    found = cache.get(name)
    if found is None:
        found = draw(cached_room(meeting_pk, key))
        cache.set(name, found, CACHED_SECONDS)
    return found  # type: ignore[no-any-return]


def context_for(user: Any, meeting: Meeting, key: str, now: Room | None = None) -> dict[str, Any]:
    """What the live parts draw (the meeting page's first drawing too)."""
    now = now or room(meeting)
    return {
        "room": now,
        "key": key,
        "presiding": permissions.can_preside(user, meeting),
        **personal(now, user),
    }
