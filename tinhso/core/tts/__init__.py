"""The platform's one text-to-speech interface: `speak(text)` → Speech.

The procedure assistant reads answers aloud with it and the commune loudspeakers will
broadcast with it. The text is normalised first (normalize.py: numbers, dates, money,
abbreviations as words), then synthesised by the configured backend (backends.py),
and the recording is kept under VAR_DIR/tts, named by a hash of backend, voice, rate
and words, so a procedure page read a thousand times is synthesised once. A recording
nobody has asked for in TTS_CACHE_DAYS is removed when a new one is written.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from tinhso.core.tts.backends import BaseTtsBackend, Speech, TtsError
from tinhso.core.tts.normalize import speakable

__all__ = ["Speech", "TtsError", "get_backend", "speak", "speakable"]

CONTENT_TYPES = {"wav": "audio/wav", "mp3": "audio/mpeg", "ogg": "audio/ogg"}


def get_backend() -> BaseTtsBackend:
    backend: BaseTtsBackend = import_string(settings.TTS_BACKEND)()
    return backend


def _cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "tts"


def speak(text: str) -> Speech:
    """`text` read aloud. Raises TtsError when it is empty or too long, or when the
    backend cannot speak."""
    words = speakable(text)
    if not words:
        raise TtsError("nothing to read")
    if len(words) > settings.TTS_MAX_CHARS:
        raise TtsError(f"text longer than {settings.TTS_MAX_CHARS} characters")
    backend = get_backend()
    key = hashlib.sha256(
        "\n".join([backend.name, backend.voice(), str(settings.TTS_RATE), words]).encode()
    ).hexdigest()
    for extension, content_type in CONTENT_TYPES.items():
        kept = _cache_dir() / f"{key}.{extension}"
        if kept.exists():
            os.utime(kept)  # still wanted: kept another TTS_CACHE_DAYS
            return Speech(kept.read_bytes(), content_type)
    speech = backend.synthesize(words)
    _keep(_cache_dir() / f"{key}.{speech.extension}", speech.audio)
    _forget_unused(_cache_dir())
    return speech


def _keep(path: Path, audio: bytes) -> None:
    """Written whole or not at all: a reader never finds half a recording."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(audio)
    os.replace(temporary, path)


def _forget_unused(directory: Path, at_most: int = 200) -> int:
    """Remove recordings not asked for in TTS_CACHE_DAYS (a few at a time)."""
    cutoff = time.time() - settings.TTS_CACHE_DAYS * 86_400
    removed = 0
    with os.scandir(directory) as entries:
        for entry in entries:
            if removed >= at_most:
                break
            if entry.is_file() and entry.stat().st_mtime < cutoff:
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    return removed
