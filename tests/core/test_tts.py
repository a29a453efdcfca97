"""Text to speech: the words a sentence becomes, the real espeak-ng, the HTTP backend
against a server on loopback, and the recordings kept."""

from __future__ import annotations

import io
import json
import os
import shutil
import threading
import time
import wave
from array import array
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tinhso.core import tts
from tinhso.core.tts.backends import BaseTtsBackend, HttpTtsBackend, Speech, TtsError
from tinhso.core.tts.numbers import read_integer

NUMBERS = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (105, "một trăm lẻ năm"),
    (110, "một trăm mười"),
    (1005, "một nghìn không trăm lẻ năm"),
    (1050, "một nghìn không trăm năm mươi"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (15_000, "mười lăm nghìn"),
    (1_000_500, "một triệu không trăm nghìn năm trăm"),
    (1_500_000, "một triệu năm trăm nghìn"),
    (2_300_000_000, "hai tỷ ba trăm triệu"),
    (5_000_000_000_000, "năm nghìn tỷ"),
]


@pytest.mark.parametrize(("number", "said"), NUMBERS)
def test_numbers_are_read_as_a_newsreader_reads_them(number, said):
    assert read_integer(number) == said


SENTENCES = [
    (
        "UBND phường thu lệ phí 1.500.000đ.",
        "ủy ban nhân dân phường thu lệ phí một triệu năm trăm nghìn đồng.",
    ),
    ("Phí 50.000 VNĐ.", "Phí năm mươi nghìn đồng."),
    ("Khoảng 1,5 triệu đồng.", "Khoảng một phẩy năm triệu đồng."),
    (
        "Nộp trước 17h ngày 30/11/2026.",
        "Nộp trước mười bảy giờ ngày ba mươi tháng mười một năm hai nghìn không trăm hai mươi sáu.",
    ),
    ("Ngày 30-11-2026.", "Ngày ba mươi tháng mười một năm hai nghìn không trăm hai mươi sáu."),
    ("Họp lúc 07:30 thứ 2, ngày 5/4.", "Họp lúc bảy giờ ba mươi phút thứ hai, ngày năm tháng tư."),
    ("Lúc 14g15.", "Lúc mười bốn giờ mười lăm phút."),
    ("Báo cáo tháng 11/2026.", "Báo cáo tháng mười một năm hai nghìn không trăm hai mươi sáu."),
    ("Giải quyết trong 3-5 ngày.", "Giải quyết trong ba đến năm ngày."),
    ("Tỷ lệ 3/4 số hộ.", "Tỷ lệ ba phần tư số hộ."),
    (
        "Gọi 0901234567.",
        "Gọi không chín không một, hai ba bốn, năm sáu bảy.",
    ),
    (
        "Gọi +84 901 234 567.",
        "Gọi cộng tám tư chín không một, hai ba bốn, năm sáu bảy.",
    ),
    (
        "Nhiệt độ 35°C, độ ẩm 80%, mưa 12,5 mm.",
        "Nhiệt độ ba mươi lăm độ C, độ ẩm tám mươi phần trăm, mưa mười hai phẩy năm mi-li-mét.",
    ),
    (
        "Nhà 120 m2, cách 2 km, chạy 60 km/h.",
        "Nhà một trăm hai mươi mét vuông, cách hai ki-lô-mét, chạy sáu mươi ki-lô-mét một giờ.",
    ),
    ("Bụi PM2.5 cao.", "Bụi PM hai chấm năm cao."),
    (
        "Mã hồ sơ 000.01.00.H99.",
        "Mã hồ sơ không không không chấm không một chấm không không chấm H chín chín.",
    ),
    ("Số tài khoản 0123.", "Số tài khoản không một hai ba."),
    (
        "HĐND TP. Thủ Dầu Một và MTTQ.",
        "hội đồng nhân dân thành phố Thủ Dầu Một và mặt trận tổ quốc.",
    ),
    (
        "Sở TN&MT, BHYT, CCCD, GPLX.",
        "Sở tài nguyên và môi trường, bảo hiểm y tế, căn cước công dân, giấy phép lái xe.",
    ),
    ("Dân số 1.000.500 người.", "Dân số một triệu không trăm nghìn năm trăm người."),
    ("Không có số nào ở đây.", "Không có số nào ở đây."),
]


@pytest.mark.parametrize(("text", "said"), SENTENCES)
def test_sentences_become_the_words_a_reader_says(text, said):
    assert tts.speakable(text) == said


def _samples(speech: Speech) -> tuple[float, array]:
    with wave.open(io.BytesIO(speech.audio)) as wav:
        assert wav.getsampwidth() == 2
        frames = wav.readframes(wav.getnframes())
        return wav.getnframes() / wav.getframerate(), array("h", frames)


@pytest.fixture
def cache(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "tts"


def test_espeak_ng_reads_vietnamese_aloud(cache):
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: run `make system-deps` (apt-get install espeak-ng)")
    short = tts.speak("Xin chào.")
    long = tts.speak("UBND phường Bình An thông báo lịch tiêm chủng ngày 30/11/2026 lúc 7h30.")
    assert short.content_type == "audio/wav"
    short_seconds, _ = _samples(short)
    long_seconds, samples = _samples(long)
    assert 0.3 < short_seconds < long_seconds < 30  # the header carries the real length
    assert max(abs(s) for s in samples) > 3000  # a voice, not silence


class Counting(BaseTtsBackend):
    name = "counting"
    calls: list[str] = []

    def synthesize(self, text: str) -> Speech:
        Counting.calls.append(text)
        return Speech(b"RIFF" + text.encode(), "audio/wav")


def test_a_recording_is_made_once_and_forgotten_when_unused(settings, cache):
    settings.TTS_BACKEND = "tests.core.test_tts.Counting"
    Counting.calls = []
    first = tts.speak("Lệ phí 50.000đ.")
    again = tts.speak("Lệ phí  50.000đ. ")  # the same words once normalised
    assert Counting.calls == ["Lệ phí năm mươi nghìn đồng."]
    assert first == again
    (kept,) = cache.iterdir()
    month_ago = time.time() - 31 * 86_400
    os.utime(kept, (month_ago, month_ago))
    tts.speak("Một câu khác.")  # writing a new one forgets what nobody asked for
    assert not kept.exists() and len(list(cache.iterdir())) == 1


def test_empty_or_overlong_text_is_refused_clearly(settings, cache):
    settings.TTS_BACKEND = "tests.core.test_tts.Counting"
    settings.TTS_MAX_CHARS = 50
    with pytest.raises(TtsError, match="nothing"):
        tts.speak("   ")
    with pytest.raises(TtsError, match="longer than 50"):
        tts.speak("Thông báo " * 20)
    assert not cache.exists()


class Vendor(BaseHTTPRequestHandler):
    received: list = []
    status = 200
    content_type = "audio/mpeg"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Vendor.received.append((self.headers["Authorization"], json.loads(body)))
        self.send_response(Vendor.status)
        self.send_header("Content-Type", Vendor.content_type)
        self.end_headers()
        self.wfile.write(b"ID3-mp3-audio")

    def log_message(self, *args):
        pass


@pytest.fixture
def vendor(settings):
    Vendor.received, Vendor.status, Vendor.content_type = [], 200, "audio/mpeg"
    server = HTTPServer(("127.0.0.1", 0), Vendor)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.TTS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/tts"
    settings.TTS_HTTP_TOKEN = "t0ken"
    settings.TTS_VOICE = "banmai"
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    yield
    server.shutdown()
    server.server_close()


def test_the_http_backend_posts_the_normalised_text_with_its_token(settings, vendor, cache):
    settings.TTS_BACKEND = "tinhso.core.tts.backends.HttpTtsBackend"
    speech = tts.speak("Lệ phí 50.000đ.")
    assert speech == Speech(b"ID3-mp3-audio", "audio/mpeg")
    assert Vendor.received == [
        (
            "Bearer t0ken",
            {"text": "Lệ phí năm mươi nghìn đồng.", "voice": "banmai", "format": "mp3"},
        )
    ]
    assert [p.suffix for p in cache.iterdir()] == [".mp3"]


@pytest.mark.parametrize(
    ("status", "content_type", "message"),
    [(503, "audio/mpeg", "answered 503"), (200, "text/html", "not audio")],
)
def test_a_vendor_error_is_a_clear_error(vendor, status, content_type, message):
    Vendor.status, Vendor.content_type = status, content_type
    with pytest.raises(TtsError, match=message):
        HttpTtsBackend().synthesize("xin chào")


def test_the_vendor_is_reached_only_through_the_ssrf_guard(settings, vendor):
    settings.OUTBOUND_ALLOWED_NETWORKS = []  # loopback is not a vendor's address
    with pytest.raises(TtsError, match="unreachable or refused"):
        HttpTtsBackend().synthesize("xin chào")
    assert Vendor.received == []
    settings.TTS_HTTP_URL = ""
    with pytest.raises(TtsError, match="TTS_HTTP_URL"):
        HttpTtsBackend().synthesize("xin chào")


def test_the_admin_can_try_the_configuration_from_the_command_line(settings, cache, tmp_path):
    from django.core.management import call_command

    settings.TTS_BACKEND = "tests.core.test_tts.Counting"
    out = io.StringIO()
    call_command("say", "Lệ phí 50.000đ.", "-o", str(tmp_path / "a.wav"), stdout=out)
    assert "Lệ phí năm mươi nghìn đồng." in out.getvalue()
    assert (tmp_path / "a.wav").read_bytes() == "RIFFLệ phí năm mươi nghìn đồng.".encode()


def test_the_deploy_check_warns_when_speech_cannot_be_made(settings, monkeypatch):
    from tinhso.core import checks

    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert [w.id for w in checks.speech_can_be_made()] == ["tinhso.W002"]
    settings.TTS_BACKEND = "tinhso.core.tts.backends.HttpTtsBackend"
    settings.TTS_HTTP_URL = ""
    assert [w.id for w in checks.speech_can_be_made()] == ["tinhso.W002"]
    settings.TTS_HTTP_URL = "https://tts.example.vn/v1/speak"
    assert checks.speech_can_be_made() == []
