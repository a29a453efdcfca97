"""The commune radio's records: what it airs (content.py), when and where it aired
(airing.py), and how its loudspeakers were told and what they said (devices.py)."""

from tinhso.broadcast.models.airing import Airing, AiringItem, Programme, Reach
from tinhso.broadcast.models.content import Bulletin, Speaker, Station, audio_path
from tinhso.broadcast.models.devices import DeviceCommand, DeviceProblem, PlayLog
from tinhso.broadcast.models.sources import Dispatch, SourceSystem

__all__ = [
    "Airing", "AiringItem", "Bulletin", "DeviceCommand", "DeviceProblem", "Dispatch", "PlayLog",
    "Programme", "Reach", "SourceSystem", "Speaker", "Station", "audio_path",
]  # fmt: skip
