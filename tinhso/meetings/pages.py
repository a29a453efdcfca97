"""A document's pages as pictures for the tablet: no PDF download, no viewer to
install, nothing from a CDN — an <img> per page, rendered once by PDFium on the server
and kept on disk (``VAR_DIR/meeting-pages``), so a room of forty tablets opening the
same page costs one rendering."""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.conf import settings

from tinhso.core.pdfs import page_images
from tinhso.meetings.models import MeetingDocument

DPI = 110  # a 1280-pixel-wide tablet shows an A4 page at full width, text sharp
QUALITY = 82


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "meeting-pages"


def page_jpeg(document: MeetingDocument, page: int) -> bytes:
    """Page ``page`` (1-based) as a JPEG, from the cache or rendered now."""
    path = cache_dir() / f"{document.pk}-{document.version}-{page}-{DPI}.jpg"
    if path.exists():
        return path.read_bytes()
    with document.file.open("rb") as stored:
        data = stored.read()
    image = next(page_images(data, dpi=DPI, first=page - 1, count=1))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=QUALITY, optimize=True)
    picture = out.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside, then renamed: a reader never gets half a file.
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(picture)
    partial.replace(path)
    return picture
