"""Photos from phones: read the GPS position, then keep only the pixels.

Every photo is decoded and re-encoded as a fresh JPEG, which drops EXIF (GPS,
phone model, owner name) and anything hidden after the image data. A file that
Pillow cannot decode is refused: nothing is ever stored as it was sent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from tinhso.core.errors import ActionError
from tinhso.core.images import ImageRefused, decode

GPS_IFD = 0x8825


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int
    gps: tuple[float, float] | None  # (latitude, longitude) read before stripping


def _degrees(value: Any, ref: str) -> float:
    d, m, s = (float(x) for x in value)
    degrees = d + m / 60 + s / 3600
    return -degrees if ref in ("S", "W") else degrees


def _gps(image: Image.Image) -> tuple[float, float] | None:
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0.0, 0.0):
        return round(lat, 6), round(lon, 6)
    return None


def clean_photo(upload: Any) -> CleanPhoto:
    name = getattr(upload, "name", "") or "anh"
    limit = settings.REPORT_PHOTO_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ActionError(
            _("Ảnh “%(name)s” lớn hơn %(mb)d MB.") % {"name": name, "mb": limit // 1_048_576},
            field="photos",
            code="too_large",
        )
    side = settings.REPORT_PHOTO_MAX_SIDE
    try:
        with decode(upload, fit=(side, side)) as image:
            gps = _gps(image)
            upright = ImageOps.exif_transpose(image)
            rgb = upright.convert("RGB")
    except (ImageRefused, OSError, ValueError) as exc:
        raise ActionError(
            _(
                "“%(name)s” không phải ảnh đọc được hoặc quá nhiều điểm ảnh "
                "(JPEG, PNG, WebP; tối đa %(mp)d triệu điểm ảnh)."
            )
            % {"name": name, "mp": settings.IMAGE_MAX_PIXELS // 1_000_000},
            field="photos",
            code="not_an_image",
        ) from exc
    rgb.thumbnail((side, side))
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: none kept
    return CleanPhoto(out.getvalue(), rgb.width, rgb.height, gps)
