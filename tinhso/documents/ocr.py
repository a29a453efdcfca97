"""Reading a scanned document: Tesseract OCR in Vietnamese (Debian's ``tesseract-ocr``
and ``tesseract-ocr-vie``, through pytesseract), page images rendered by pypdfium2.

Used twice: on the first page while the clerk fills in the registration form (the
fields are guessed from what it reads, recognise.py), and on the whole document in a
background task after registration, so that its words can be searched. A page that
takes longer than ``TIMEOUT_SECONDS`` is skipped, not waited for; Tesseract missing
gives no text, and the clerk types the fields.
"""

from __future__ import annotations

import logging
import shutil

import pytesseract
from PIL import Image, ImageOps

from tinhso.core.pdfs import page_images

log = logging.getLogger(__name__)

LANGUAGE = "vie"
DPI = 300
TIMEOUT_SECONDS = 60
MAX_PAGES = 30
# --psm 4: one column of text of various sizes, which an administrative letter is
# once its two-column heading has been read line by line.
CONFIG = "--psm 4"


def available() -> bool:
    return shutil.which("tesseract") is not None


def read_image(image: Image.Image) -> str:
    """The text of one page image ("" when Tesseract is missing or too slow)."""
    if not available():
        return ""
    grey = ImageOps.grayscale(image)
    try:
        return str(
            pytesseract.image_to_string(grey, lang=LANGUAGE, config=CONFIG, timeout=TIMEOUT_SECONDS)
        )
    except (RuntimeError, pytesseract.TesseractError) as exc:  # a timeout is a RuntimeError
        log.warning("OCR of a page failed: %s", exc)
        return ""


def read_pdf_pages(data: bytes, *, pages: int = MAX_PAGES) -> str:
    return "\n".join(read_image(image) for image in page_images(data, dpi=DPI, count=pages))
