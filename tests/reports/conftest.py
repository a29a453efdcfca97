"""The demo province's real boundaries, its committees, and report categories."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.core import maps
from tinhso.core.demo import DEMO_GEOJSON
from tinhso.core.demo import load as load_places
from tinhso.core.models import OrgUnit
from tinhso.reports.demo import load as load_categories

# Points inside the demo communes (see tinhso/core/data/demo_province.geojson).
BINH_AN = (11.31, 106.14)  # Phường Bình An, top-left cell of the grid
PHU_MY = (11.10, 106.35)  # Xã Phú Mỹ… whichever cell; checked by name in tests
ISLAND = (11.12, 106.45)  # Đặc khu Hòn Ngọc
HANOI = (21.03, 105.85)  # far outside the province


@pytest.fixture
def province(db):
    maps.forget_boundaries()
    load_places(lambda *_: None)
    load_categories(lambda *_: None)
    yield
    maps.forget_boundaries()


@pytest.fixture
def binh_an_staff(province):
    committee = OrgUnit.objects.get(identifier="000.01.00.H99")
    return {
        "handler": grant(make_user("+84901000701", "Cán Bộ Phường"), committee, Role.SPECIALIST),
        "leader": grant(make_user("+84901000702", "Chủ Tịch Phường"), committee, Role.APPROVER),
    }


def jpeg(gps: tuple[float, float] | None = None, size=(1200, 800), name="anh.jpg"):
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "Điện thoại của Dân"  # camera model: personal data to be dropped
    if gps:

        def dms(value):
            value = abs(value)
            d = int(value)
            m = int((value - d) * 60)
            s = round(((value - d) * 60 - m) * 60 * 100)
            return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 100))

        exif.get_ifd(0x8825).update(
            {
                1: "N" if gps[0] >= 0 else "S",
                2: dms(gps[0]),
                3: "E" if gps[1] >= 0 else "W",
                4: dms(gps[1]),
            }
        )
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


__all__ = ["BINH_AN", "DEMO_GEOJSON", "HANOI", "ISLAND", "PHU_MY", "jpeg"]
