"""Reading a PDF someone uploaded: how many pages, and the text it carries.

pypdfium2 (PDFium, the PDF engine of Chromium) rather than a pure-Python parser:
scanned letters, signed documents and office exports all open, and the same library
renders pages to images for the meeting room. A PDF that needs a password to open,
a damaged one, or one with no page is refused with a message the clerk can act on;
nothing is stored from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2
from django.utils.translation import gettext as _
from PIL import Image

from tinhso.core.errors import ActionError

MAX_PAGES = 1000
MAX_TEXT_CHARS = 2_000_000
MAX_UPLOAD_BYTES = 50 * 1_048_576


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    text: str  # the text layer, page after page ("" for a scan without one)
    # The same, page by page (up to where the text limit stopped reading).
    page_texts: tuple[str, ...] = ()


def read_pdf(data: bytes, *, name: str = "") -> PdfFacts:
    label = name or _("tệp PDF")
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ActionError(
                _("“%(name)s” được đặt mật khẩu; hãy gửi bản không đặt mật khẩu.")
                % {"name": label},
                code="encrypted",
            ) from None
        raise ActionError(
            _("“%(name)s” bị hỏng hoặc không phải PDF.") % {"name": label}, code="damaged"
        ) from None
    try:
        pages = len(document)
        if pages == 0:
            raise ActionError(_("“%(name)s” không có trang nào.") % {"name": label}, code="empty")
        if pages > MAX_PAGES:
            raise ActionError(
                _("“%(name)s” có %(pages)d trang, quá %(most)d trang.")
                % {"name": label, "pages": pages, "most": MAX_PAGES},
                code="too_many_pages",
            )
        parts: list[str] = []
        size = 0
        for index in range(pages):
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_bounded()
                textpage.close()
            finally:
                page.close()
            parts.append(text)
            size += len(text)
            if size > MAX_TEXT_CHARS:
                break
        return PdfFacts(pages, "\n".join(parts)[:MAX_TEXT_CHARS], tuple(parts))
    finally:
        document.close()


def page_images(
    data: bytes, *, dpi: int = 300, first: int = 0, count: int = 1
) -> Iterator[Image.Image]:
    """Pages ``first`` … ``first + count - 1`` as images at ``dpi`` (for OCR, or a
    page shown in the browser). The PDF must have opened with ``read_pdf`` already."""
    document = pypdfium2.PdfDocument(data)
    try:
        for index in range(first, min(first + count, len(document))):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72)
                yield bitmap.to_pil()
            finally:
                page.close()
    finally:
        document.close()
