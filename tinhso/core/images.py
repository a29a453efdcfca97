"""Decoding pictures that strangers send, without letting one exhaust a worker.

A 164 KB PNG can declare 13,000 × 13,000 pixels and take gigabytes to decode.
Pillow reads the size from the header without decoding, so the pixel count is
checked first against ``IMAGE_MAX_PIXELS`` (50 MP by default: a 48 MP phone photo
passes; Pillow's own guard only warns below ~179 MP). Where the picture will be
shrunk anyway, JPEG decoding is asked to scale down while it decodes (``draft``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from PIL import Image, UnidentifiedImageError


class ImageRefused(ValueError):
    """Not a picture we decode: unreadable, or too many pixels."""


def configure_pillow() -> None:
    """Pillow's process-wide guard at our limit too, for any decode not made here."""
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS


def decode(upload: Any, *, fit: tuple[int, int] | None = None) -> Image.Image:
    """The first frame of an uploaded picture, loaded; ImageRefused when it is not
    one or has more pixels than allowed. ``fit``: the size it will be shrunk to."""
    try:
        upload.seek(0)
        image = Image.open(upload)  # the header only
        width, height = image.size
        if width * height > settings.IMAGE_MAX_PIXELS:
            raise ImageRefused(f"{width}×{height} pixels")
        if fit is not None:
            image.draft("RGB", fit)  # JPEG: decode at the smallest scale ≥ fit
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageRefused(str(exc)) from None
    return image
