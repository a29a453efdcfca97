"""Audio for broadcast: any common recording (or the TTS's WAV) decoded and checked,
made mono at 48 kHz, brought to the EBU R128 loudness target and encoded once as Ogg
Opus — the commune loudspeakers' bulletins, and any app that plays sound to the public.

PyAV (FFmpeg's own libraries, no ``ffmpeg`` program) decodes, resamples and encodes;
pyloudnorm (ITU-R BS.1770, the measure EBU R128 uses) measures the loudness. Written
here rather than with FFmpeg's ``loudnorm`` filter because that one changes the gain
along the recording (two passes to do it linearly); a bulletin wants one gain, set from
the measured programme loudness, with the peak kept under −1 dBFS.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import numpy as np
import pyloudnorm
from django.utils.translation import gettext as _

from tinhso.core.errors import ActionError

RATE = 48_000
TARGET_LUFS = -23.0  # EBU R128 programme loudness
PEAK_LIMIT = 10 ** (-1 / 20)  # −1 dBFS (sample peak, the true peak's stand-in)
OPUS_FRAME = 960  # 20 ms at 48 kHz: what the Opus encoder takes
MAX_SECONDS = 30 * 60
MAX_UPLOAD_BYTES = 60 * 1_048_576  # a 30-minute MP3 at 256 kbit/s


@dataclass(frozen=True)
class Encoded:
    data: bytes  # Ogg Opus
    seconds: float
    loudness_in: float  # LUFS, as received
    loudness_out: float  # LUFS, as encoded (the target, or less where the peak limited it)
    content_type: str = "audio/ogg"


def _not_audio() -> ActionError:
    return ActionError(
        _("Tệp không phải bản ghi âm thanh đọc được (MP3, WAV, OGG, M4A…)."), code="not_audio"
    )


def decode(data: bytes, *, max_seconds: int = MAX_SECONDS) -> np.ndarray:
    """The recording as mono float samples at 48 kHz; refused when it is not audio or
    longer than ``max_seconds`` (checked while decoding: a header can lie)."""
    too_long = ActionError(
        _("Bản ghi dài quá %(minutes)d phút.") % {"minutes": max_seconds // 60}, code="too_long"
    )
    try:
        container = av.open(io.BytesIO(data), "r")
    except (av.error.FFmpegError, ValueError):
        raise _not_audio() from None
    with container:
        if not container.streams.audio:
            raise _not_audio()
        if container.duration and container.duration / 1_000_000 > max_seconds + 1:
            raise too_long
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        parts: list[np.ndarray] = []
        count = 0
        try:
            for frame in container.decode(container.streams.audio[0]):
                for out in resampler.resample(frame):
                    samples = out.to_ndarray().reshape(-1)
                    parts.append(samples)
                    count += samples.size
                if count > (max_seconds + 1) * RATE:
                    raise too_long
            for out in resampler.resample(None):
                parts.append(out.to_ndarray().reshape(-1))
        except av.error.FFmpegError:
            raise _not_audio() from None
    if not parts:
        raise _not_audio()
    return np.concatenate(parts).astype(np.float32)


def loudness(samples: np.ndarray) -> float:
    """Integrated loudness in LUFS (−inf for silence; BS.1770 needs 0.4 s at least)."""
    if samples.size < int(0.4 * RATE):
        samples = np.pad(samples, (0, int(0.4 * RATE) - samples.size))
    return float(pyloudnorm.Meter(RATE).integrated_loudness(samples.astype(np.float64)))


def normalise(samples: np.ndarray, target: float = TARGET_LUFS) -> tuple[np.ndarray, float, float]:
    """One gain to ``target`` LUFS, lowered if the peak would pass −1 dBFS."""
    before = loudness(samples)
    if not np.isfinite(before):
        raise ActionError(_("Bản ghi không có tiếng."), code="silent")
    gain = 10 ** ((target - before) / 20)
    peak = float(np.max(np.abs(samples))) * gain
    if peak > PEAK_LIMIT:
        gain *= PEAK_LIMIT / peak
    out = (samples * gain).astype(np.float32)
    return out, before, loudness(out)


def encode_opus(samples: np.ndarray, bitrate: int = 48_000) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=RATE)
        stream.layout = "mono"  # type: ignore[union-attr]
        stream.bit_rate = bitrate
        padded = np.pad(samples, (0, -samples.size % OPUS_FRAME))
        for start in range(0, padded.size, OPUS_FRAME):
            frame = av.AudioFrame.from_ndarray(
                padded[start : start + OPUS_FRAME].reshape(1, -1), format="flt", layout="mono"
            )
            frame.sample_rate = RATE
            frame.pts = start
            for packet in stream.encode(frame):  # type: ignore[union-attr]
                container.mux(packet)
        for packet in stream.encode(None):  # type: ignore[union-attr]
            container.mux(packet)
    return buffer.getvalue()


def for_broadcast(data: bytes, *, max_seconds: int = MAX_SECONDS) -> Encoded:
    """Any common recording → loudness-normalised mono Ogg Opus, encoded once."""
    samples, before, after = normalise(decode(data, max_seconds=max_seconds))
    return Encoded(encode_opus(samples), samples.size / RATE, before, after)
