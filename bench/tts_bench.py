"""Text to speech with espeak-ng: how long a sentence takes to synthesise against how
long it lasts, next to starting espeak-ng for one word (the process start, the floor of
any call) in the same run; and the normalisation alone.

    .venv/bin/python bench/tts_bench.py
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
os.environ.setdefault("TINHSO_VAR_DIR", tempfile.mkdtemp())

import django

django.setup()

from tinhso.core.tts import speakable
from tinhso.core.tts.backends import EspeakBackend

SENTENCES = [
    "Xin chào.",
    "UBND phường Bình An thông báo: lệ phí 1.500.000đ, nộp trước 17h ngày 30/11/2026.",
    "Thông báo lịch tiêm chủng mở rộng cho trẻ dưới 5 tuổi tại trạm y tế phường từ 7h30 "
    "đến 11h ngày 5/12/2026. Phụ huynh mang theo sổ tiêm chủng, CCCD và gọi 0901234567 "
    "nếu cần hỗ trợ. Nhiệt độ ngày mai 35°C, độ ẩm 80%, mưa 12,5 mm.",
]


def seconds_of(audio: bytes) -> float:
    with wave.open(io.BytesIO(audio)) as wav:
        return wav.getnframes() / wav.getframerate()


def main() -> None:
    backend = EspeakBackend()
    print(f"text-to-speech bench — {platform.node()}, {os.cpu_count()} CPU, espeak-ng")

    def timed(text: str, runs: int = 5) -> tuple[float, float]:
        times, audio = [], b""
        for _ in range(runs):
            start = time.perf_counter()
            audio = backend.synthesize(text).audio
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times), seconds_of(audio)

    backend.synthesize("một")  # the first start reads the voice files from disk
    floor, _ = timed("một")
    print(f"    baseline: espeak-ng for one word        {floor:7.1f} ms")
    for text in SENTENCES:
        words = speakable(text)
        start = time.perf_counter()
        for _ in range(200):
            speakable(text)
        normalise = (time.perf_counter() - start) / 200 * 1000
        ms, lasts = timed(words)
        print(
            f"    {len(text):4d} characters: normalise {normalise:6.2f} ms, synthesise "
            f"{ms:7.1f} ms for {lasts:5.1f} s of speech ({ms / 1000 / lasts:.3f} of real time)"
        )


if __name__ == "__main__":
    main()
