"""Each station's opening and closing jingles, and the platform's chime where a station
has none uploaded — three rising (or, to close, falling) tones, made once with numpy and
encoded like any bulletin (so it is at the same loudness)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.signing import BadSignature, Signer

from tinhso.broadcast.models import Bulletin, Station
from tinhso.core import audio

NOTES = (523.25, 659.25, 783.99)  # C5, E5, G5


def _chime(rising: bool) -> bytes:
    seconds = 0.45
    t = np.arange(int(audio.RATE * seconds)) / audio.RATE
    envelope = np.exp(-4.5 * t)
    tones = [0.4 * envelope * np.sin(2 * np.pi * f * t) for f in (NOTES if rising else NOTES[::-1])]
    return audio.encode_opus(np.concatenate(tones).astype(np.float32))


def _default(rising: bool) -> Path:
    path = (
        Path(settings.MEDIA_ROOT)
        / "broadcast"
        / "jingles"
        / f"chime-{'open' if rising else 'close'}.ogg"
    )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(audio.for_broadcast(_chime(rising)).data)
        temporary.replace(path)
    return path


def opening(station: Station) -> Path:
    return Path(station.opening_jingle.path) if station.opening_jingle else _default(True)


def closing(station: Station) -> Path:
    return Path(station.closing_jingle.path) if station.closing_jingle else _default(False)


# A speaker that missed an emergency fetches the bulletin's file over HTTP when it is
# back. The link is a signature of the bulletin's id (a capability: speakers have no
# accounts on the web side); the view serves it only while the bulletin is valid.
_signer = Signer(salt="broadcast.catch-up")


def catch_up_path(bulletin: Bulletin) -> str:
    token = _signer.sign(str(bulletin.pk)).split(":", 1)[1]
    return f"/radio/{bulletin.pk}/{token}.ogg"


def bulletin_for_token(pk: int, token: str) -> bool:
    try:
        return _signer.unsign(f"{pk}:{token}") == str(pk)
    except BadSignature:
        return False
