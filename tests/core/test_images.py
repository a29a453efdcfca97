"""Pictures from strangers: pixel counts checked before decoding, uploads rate-limited
(issue 11, finding 8)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from tests.conftest import citizen_client
from tests.reports.conftest import jpeg
from tinhso.core.errors import ActionError


def pixel_bomb(side: int = 13_000) -> SimpleUploadedFile:
    """A small PNG file that declares side × side pixels (1 bit each, all black)."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
    return SimpleUploadedFile("bom.png", out.getvalue(), content_type="image/png")


@pytest.fixture(scope="module")
def bomb_bytes() -> bytes:
    return pixel_bomb().read()


@pytest.fixture
def decodes(monkeypatch) -> list[int]:
    """Records every time Pillow decodes pixel data."""
    calls: list[int] = []
    original = ImageFile.ImageFile.load

    def spy(self):
        calls.append(self.size[0] * self.size[1])
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return calls


def test_a_pixel_bomb_to_photo_location_is_refused_undecoded(citizen, bomb_bytes, decodes):
    assert len(bomb_bytes) < 1_000_000  # a small file…
    upload = SimpleUploadedFile("bom.png", bomb_bytes, content_type="image/png")
    response = citizen_client(citizen).post("/reports/new/photo-location/", {"photo": upload})
    assert response.status_code == 400
    assert "điểm ảnh" in response.json()["error"]
    assert decodes == []  # …that was never decoded


def test_a_pixel_bomb_as_camera_evidence_is_refused_undecoded(bomb_bytes, decodes):
    from tinhso.traffic.evidence import clean_image

    with pytest.raises(ActionError):
        clean_image(SimpleUploadedFile("bom.png", bomb_bytes))
    assert decodes == []


def test_the_pixel_limit_is_a_setting(settings):
    from tinhso.reports.photos import clean_photo

    settings.IMAGE_MAX_PIXELS = 1200 * 800
    assert clean_photo(jpeg(size=(1200, 800))).width == 1200
    settings.IMAGE_MAX_PIXELS = 1200 * 800 - 1
    with pytest.raises(ActionError, match="điểm ảnh"):
        clean_photo(jpeg(size=(1200, 800)))


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(settings, decodes):
    from tinhso.reports.photos import clean_photo

    settings.REPORT_PHOTO_MAX_SIDE = 500
    cleaned = clean_photo(jpeg(size=(4000, 3000)))
    assert max(cleaned.width, cleaned.height) == 500
    assert decodes and decodes[0] <= 1000 * 750  # JPEG draft: 1/4 scale, not 12 MP


def test_photo_location_is_rate_limited(citizen, settings):
    settings.UPLOADS_PER_HOUR = 2
    client = citizen_client(citizen)
    for _ in range(2):
        assert client.post("/reports/new/photo-location/", {"photo": jpeg()}).status_code == 200
    response = client.post("/reports/new/photo-location/", {"photo": jpeg()})
    assert response.status_code == 429 and "quá nhiều" in response.json()["error"]


def test_the_signed_copy_check_is_rate_limited_for_strangers(db, settings):
    from django.test import Client

    settings.UPLOADS_PER_HOUR = 1
    stranger = Client()
    stranger.post("/verify/abc/", {"copy": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    response = stranger.post("/verify/abc/", {"copy": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert response.status_code == 429 and "quá nhiều" in response.content.decode()
