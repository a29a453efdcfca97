"""Text-to-speech backends, chosen by the TTS_BACKEND setting (like SMS_BACKEND).

- EspeakBackend (the default): Debian's espeak-ng with its Vietnamese voice. Robotic,
  but offline, free and on every machine the platform installs on.
- HttpTtsBackend: a commercial Vietnamese TTS service (natural voices). Every vendor's
  API differs, so it speaks one plain JSON shape — POST {"text", "voice", "format"} with
  a bearer token, audio back — and a province puts a small adapter in front of its
  vendor, as for SMS. The call goes through the SSRF guard (core/outbound.py).

Backends receive text already normalised (normalize.py) and return a Speech.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from tinhso.core import outbound


class TtsError(Exception):
    """Speech could not be made: the engine is missing, refused or timed out."""


@dataclass(frozen=True)
class Speech:
    audio: bytes
    content_type: str  # audio/wav, audio/mpeg, audio/ogg

    @property
    def extension(self) -> str:
        return {"audio/mpeg": "mp3", "audio/ogg": "ogg"}.get(self.content_type, "wav")


class BaseTtsBackend(ABC):
    #: Part of the cache key: two backends (or voices) never share a recording.
    name = "base"

    @abstractmethod
    def synthesize(self, text: str) -> Speech:
        """Audio for `text` (already normalised), or TtsError."""

    def voice(self) -> str:
        return str(settings.TTS_VOICE)


class EspeakBackend(BaseTtsBackend):
    """`espeak-ng -v vi -w file`: the text on standard input (never on the command
    line: no length limit, no argument injection), the WAV written to a file so that
    its header carries the real length (on standard output it says "unknown")."""

    name = "espeak-ng"

    def synthesize(self, text: str) -> Speech:
        binary = shutil.which("espeak-ng")
        if binary is None:
            raise TtsError("espeak-ng is not installed (apt-get install espeak-ng)")
        with tempfile.TemporaryDirectory() as workdir:
            out = Path(workdir) / "speech.wav"
            try:
                done = subprocess.run(  # noqa: S603 (fixed arguments, text on stdin)
                    [binary, "-v", self.voice(), "-s", str(settings.TTS_RATE), "-w", str(out)],
                    input=text.encode(),
                    capture_output=True,
                    timeout=settings.TTS_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise TtsError("espeak-ng took too long") from exc
            audio = out.read_bytes() if out.exists() else b""
        if done.returncode != 0 or not audio.startswith(b"RIFF"):
            raise TtsError(f"espeak-ng failed: {done.stderr[:200].decode(errors='replace')}")
        return Speech(audio, "audio/wav")


class HttpTtsBackend(BaseTtsBackend):
    name = "http"

    def synthesize(self, text: str) -> Speech:
        if not settings.TTS_HTTP_URL:
            raise TtsError("TTS_HTTP_URL is not set")
        try:
            status, body, headers = outbound.fetch(
                "POST",
                settings.TTS_HTTP_URL,
                json={"text": text, "voice": self.voice(), "format": "mp3"},
                headers={"Authorization": f"Bearer {settings.TTS_HTTP_TOKEN}"},
                timeout=settings.TTS_TIMEOUT,
                max_bytes=settings.TTS_MAX_AUDIO_BYTES,
            )
        except outbound.OutboundRefused as exc:
            raise TtsError(f"TTS service unreachable or refused: {exc.reason}") from exc
        content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if status >= 300:
            raise TtsError(f"TTS service answered {status}: {body[:200]!r}")
        if not content_type.startswith("audio/") or not body:
            raise TtsError(f"TTS service sent {content_type or 'nothing'}, not audio")
        return Speech(body, content_type)
