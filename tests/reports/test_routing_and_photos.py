import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.reports.conftest import BINH_AN, HANOI, ISLAND, jpeg
from tinhso.core import maps
from tinhso.core.errors import ActionError
from tinhso.reports.photos import clean_photo


def test_points_fall_in_the_right_commune(province):
    assert maps.locate(*BINH_AN).name == "Phường Bình An"
    assert maps.locate(*ISLAND).name == "Đặc khu Hòn Ngọc"
    assert maps.locate(*HANOI) is None


def test_a_point_just_off_the_boundary_snaps_to_the_nearest_commune(province):
    # 11.356° N is about 0.7 km north of the province's northern edge (11.35° N).
    assert maps.locate(11.356, 106.14).name == "Phường Bình An"
    # 11.40° N is 5.5 km out: outside.
    assert maps.locate(11.40, 106.14) is None


def test_new_boundaries_are_seen_at_once(province):
    from tinhso.core.models import AdminUnit

    unit = AdminUnit.objects.get(name="Phường Bình An")
    square = [[106.0, 11.0], [106.02, 11.0], [106.02, 11.02], [106.0, 11.02], [106.0, 11.0]]
    unit.boundary = {"type": "Polygon", "coordinates": [square]}
    unit.save()
    assert maps.locate(11.01, 106.01).name == "Phường Bình An"


def test_gps_is_read_then_every_exif_tag_removed():
    photo = clean_photo(jpeg(gps=(11.31, 106.14)))
    assert photo.gps == pytest.approx((11.31, 106.14), abs=1e-4)
    stored = Image.open(io.BytesIO(photo.data))
    assert dict(stored.getexif()) == {}
    assert b"Exif" not in photo.data and "Điện thoại".encode() not in photo.data


def test_big_photos_are_resized(settings):
    settings.REPORT_PHOTO_MAX_SIDE = 800
    photo = clean_photo(jpeg(size=(4000, 3000)))
    assert (photo.width, photo.height) == (800, 600)


def test_a_renamed_file_is_refused_and_nothing_is_kept():
    with pytest.raises(ActionError, match="không phải ảnh"):
        clean_photo(
            SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
        )
    with pytest.raises(ActionError, match="không phải ảnh"):
        clean_photo(SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0 truncated jpeg"))


def test_an_oversized_upload_is_refused(settings):
    settings.REPORT_PHOTO_MAX_BYTES = 1000
    with pytest.raises(ActionError, match="lớn hơn"):
        clean_photo(jpeg())
