"""A document's pages as pictures for the tablet: no PDF download, no viewer to
install, nothing from a CDN — an <img> per page, rendered once by PDFium on the server
and kept on disk (``VAR_DIR/meeting-pages``), so a room of forty tablets opening the
same page costs one rendering.

A PNG of 32 colours, not a JPEG: a page of text is a few inks on paper, and it comes
out a third of the size (≈70 KB against ≈250 KB at the same resolution,
bench/meeting_pages_bench.py) with sharp letters — forty tablets on one Wi-Fi."""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.conf import settings
from PIL import Image

from tinhso.core.pdfs import page_images
from tinhso.meetings.models import MeetingDocument

DPI = 110  # a 1280-pixel-wide tablet shows an A4 page at full width, text sharp
COLOURS = 32


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "meeting-pages"


def page_png(document: MeetingDocument, page: int) -> bytes:
    """Page ``page`` (1-based) as a PNG, from the cache or rendered now."""
    path = cache_dir() / f"{document.pk}-{document.version}-{page}-{DPI}.png"
    if path.exists():
        return path.read_bytes()
    with document.file.open("rb") as stored:
        data = stored.read()
    image = next(page_images(data, dpi=DPI, first=page - 1, count=1))
    out = io.BytesIO()
    # Octree quantising: a sixth of median cut's time (bench/meeting_pages_bench.py)
    # and smaller still for a page of text.
    palette = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.FASTOCTREE)
    palette.save(out, format="PNG")
    picture = out.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside, then renamed: a reader never gets half a file.
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(picture)
    partial.replace(path)
    return picture
