"""The meeting (before it sits), the room (speakers, votes) and what follows."""

from tinhso.meetings.models.after import FollowUp, Minutes, Publication
from tinhso.meetings.models.meeting import (
    AgendaItem,
    Meeting,
    MeetingDocument,
    PageNote,
    Participant,
    document_path,
    new_code,
)
from tinhso.meetings.models.session import Ballot, SpeakingRequest, Vote

__all__ = [
    "AgendaItem",
    "Ballot",
    "FollowUp",
    "Meeting",
    "MeetingDocument",
    "Minutes",
    "PageNote",
    "Participant",
    "Publication",
    "SpeakingRequest",
    "Vote",
    "document_path",
    "new_code",
]
