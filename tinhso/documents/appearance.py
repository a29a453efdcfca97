"""What an outgoing document looks like once signed, and where each mark goes —
Decree 30/2020/NĐ-CP, Appendix I, Part II (electronic documents), as we read it:

- the **signer's signature** stands where a paper one would, between the signer's title
  and name: their scanned handwritten signature (a transparent PNG, `manage.py
  set_signature_image`), else their name in blue, with the time of signing;
- the **organisation's signature** is its seal image, at its real size (about 35 mm),
  covering the left third of the signer's signature — a stand-in drawn from the unit's
  name until the registered seal is put in place the same way;
- the **number** and the **date of issue** are filled in by the clerk at the "Số:" and
  "ngày … tháng … năm …" of the document, in black, after the leader has signed
  (core/pdf_forms.py explains why they are form fields).

Positions come from the draft's own text (the phrases found with PDFium); a draft
without a text layer (a scan) gets the standard positions of the Appendix's layout.
Each look is drawn with fpdf2 as a small PDF page, in the platform's font that has
every Vietnamese letter.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

import pypdfium2
from fpdf import FPDF

from tinhso.core.letters import FONTS, qr_png
from tinhso.core.pdf_forms import Blank, Box, find_text

NUMBER_BLANK = "SoVanBan"
DATE_BLANK = "NgayBanHanh"
CHECK_BLANK = "MaKiemTra"  # a QR code to the public check of the issued file
QR = 62.0
SIGNER_WIDTH, SIGNER_HEIGHT = 170.0, 36.0
SEAL = 100.0  # points: 35 mm
BLUE = (20, 50, 170)
RED = (220, 30, 30)
SIZE = 13  # Decree 30: the number and date in size 13


def _pdf(width: float, height: float) -> FPDF:
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
    pdf.add_font("Serif", "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
    pdf.set_margins(0, 0, 0)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    return pdf


def _size(box: Box) -> tuple[float, float]:
    return box[2] - box[0], box[3] - box[1]


def text_look(box: Box, text: str, *, align: str = "C") -> bytes:
    """Black text on white (hiding the draft's blank "   /QĐ-UBND" under it)."""
    width, height = _size(box)
    pdf = _pdf(width, height)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(0, 0, width, height, style="F")
    size = min(SIZE, height * 0.85)
    pdf.set_font("Serif", "", size)
    while size > 6 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font("Serif", "", size)
    pdf.set_xy(0, (height - size) / 2 - 1)
    pdf.cell(width, size + 2, text, align=align)
    return bytes(pdf.output())


def qr_look(box: Box, url: str) -> bytes:
    width, height = _size(box)
    pdf = _pdf(width, height)
    pdf.image(io.BytesIO(qr_png(url)), x=0, y=0, w=min(width, height), h=min(width, height))
    return bytes(pdf.output())


def signer_look(name: str, at: dt.datetime, image: bytes | None = None) -> bytes:
    """The scanned handwritten signature when there is one (Decree 30), else the name;
    under it the time of signing."""
    pdf = _pdf(SIGNER_WIDTH, SIGNER_HEIGHT)
    pdf.set_text_color(*BLUE)
    pdf.set_draw_color(*BLUE)
    if image is not None:
        pdf.image(
            io.BytesIO(image), x=SIGNER_WIDTH / 2 - 40, y=0, w=80, h=21, keep_aspect_ratio=True
        )
    else:
        pdf.set_font("Serif", "B", 12)
        pdf.set_xy(0, 2)
        pdf.cell(SIGNER_WIDTH, 16, name, align="C")
    pdf.set_line_width(0.6)
    pdf.line(25, 22, SIGNER_WIDTH - 25, 22)
    pdf.set_font("Serif", "", 7.5)
    pdf.set_xy(0, 24)
    pdf.cell(SIGNER_WIDTH, 9, f"Đã ký số: {at:%d/%m/%Y %H:%M:%S}", align="C")
    return bytes(pdf.output())


def seal_look(organisation: str, image: bytes | None = None) -> bytes:
    """The organisation's registered seal image (``core.pki.seal_image_path``); without
    one, a stand-in drawn from its name: two red rings, the name round the top, a star."""
    pdf = _pdf(SEAL, SEAL)
    if image is not None:
        pdf.image(io.BytesIO(image), x=0, y=0, w=SEAL, h=SEAL, keep_aspect_ratio=True)
        return bytes(pdf.output())
    pdf.set_draw_color(*RED)
    pdf.set_text_color(*RED)
    pdf.set_fill_color(*RED)
    middle = SEAL / 2
    pdf.set_line_width(2)
    pdf.circle(middle, middle, middle - 2, style="D")
    pdf.set_line_width(0.8)
    pdf.circle(middle, middle, middle - 17, style="D")
    _ring_text(pdf, organisation.upper(), middle, middle - 12)
    _star(pdf, middle, middle, 14)
    return bytes(pdf.output())


def _ring_text(pdf: FPDF, text: str, middle: float, radius: float) -> None:
    size = 7.0 if len(text) < 40 else 5.5
    pdf.set_font("Serif", "B", size)
    # The letters spread over 300° from the left round the top to the right.
    sweep = min(300.0, max(120.0, pdf.get_string_width(text) / radius * 180 / math.pi * 1.15))
    start = 90 + sweep / 2
    step = sweep / max(len(text) - 1, 1)
    for index, letter in enumerate(text):
        angle = math.radians(start - step * index)
        x = middle + radius * math.cos(angle)
        y = middle - radius * math.sin(angle)
        with pdf.rotation(math.degrees(angle) - 90, x, y):
            pdf.text(x - pdf.get_string_width(letter) / 2, y + size / 3, letter)


def _star(pdf: FPDF, x: float, y: float, radius: float) -> None:
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.4
        angle = math.radians(90 + index * 36)
        points.append((x + r * math.cos(angle), y - r * math.sin(angle)))
    pdf.polygon(points, style="F")


def _line_after(data: bytes, phrase: str, page: int) -> Box | None:
    """From the end of ``phrase`` to the end of its line: where the draft left the blank
    (and what follows on the line, "/QĐ-UBND")."""
    found = find_text(data, phrase, page=page)
    if found is None:
        return None
    document = pypdfium2.PdfDocument(data)
    try:
        text = document[found.page].get_textpage()
        count = text.count_chars()
        right = found.box[2]
        # Walk the characters of the line, to the right of the phrase.
        for index in range(count):
            left, bottom, char_right, top = text.get_charbox(index)
            middle = (bottom + top) / 2
            if found.box[1] - 2 <= middle <= found.box[3] + 2 and left >= found.box[2] - 1:
                right = max(right, char_right)
        return (found.box[2] + 1, found.box[1] - 3, right + 2, found.box[3] + 3)
    finally:
        document.close()


def _date_box(data: bytes) -> Box | None:
    found = find_text(data, "ngày", page=0)
    if found is None:
        return None
    line = _line_after(data, "ngày", 0)
    assert line is not None
    return (found.box[0] - 1, line[1], max(line[2], found.box[0] + 190), line[3])


def _number_box(data: bytes, suffix: str, height: float) -> tuple[Box, bool]:
    """Where the number goes, and whether only the number (in the blank before the
    draft's "/QĐ-UBND") or the whole notation (after "Số:", or at the standard place)."""
    found = find_text(data, suffix, page=0) if suffix else None
    if found is not None:
        left, bottom, right, top = found.box
        label = find_text(data, "Số:", page=0)
        if label is not None and label.box[1] <= (bottom + top) / 2 <= label.box[3]:
            # "Số:" and the suffix on one line: the whole notation is written over the
            # blank and the suffix, so a narrow blank still fits the number.
            return (label.box[2] + 1, bottom - 3, right + 16, top + 3), False
        # Only the suffix can be read (some writers scramble "Số:"): three digits at
        # size 13 in front of the "/".
        return (left - 26, bottom - 3, left - 0.3, top + 3), True
    line = _line_after(data, "Số:", 0)
    if line is not None:
        return (line[0], line[1], max(line[2], line[0] + 110), line[3]), False
    return (60.0, height - 118, 230.0, height - 100), False


def _name_line(data: bytes, signer_name: str) -> Box | None:
    """The signer's name on the last page. Some PDF writers (LibreOffice with stacked
    Vietnamese accents) scramble the text of a word's last letters, so the first two
    words are tried too, then the whole line they stand on."""
    words = signer_name.split()
    for phrase in (signer_name, " ".join(words[:2])):
        found = find_text(data, phrase, page=-1) if phrase else None
        if found is not None:
            line = _line_after(data, phrase, found.page) or found.box
            return (found.box[0], found.box[1], max(found.box[2], line[2] - 2), found.box[3])
    return None


def plan(data: bytes, signer_name: str, suffix: str = "") -> dict[str, Any]:
    """Where the number, the date and the two signatures go on this draft; ``suffix``
    is what follows the number in its notation ("/QĐ-UBND")."""
    document = pypdfium2.PdfDocument(data)
    try:
        pages = len(document)
        width, height = document[0].get_size()
        last_width, _last_height = document[pages - 1].get_size()
    finally:
        document.close()
    number, number_only = _number_box(data, suffix, height)
    date = _date_box(data) or (width - 290, height - 140, width - 60, height - 122)
    name = _name_line(data, signer_name) if signer_name else None
    if name is not None:
        centre = (name[0] + name[2]) / 2
        bottom = name[3] + 2
    else:
        centre, bottom = last_width - 60 - SIGNER_WIDTH / 2, 120.0
    left = min(max(centre - SIGNER_WIDTH / 2, 10), last_width - SIGNER_WIDTH - 10)
    signer = (left, bottom, left + SIGNER_WIDTH, bottom + SIGNER_HEIGHT)
    seal_right = signer[0] + SIGNER_WIDTH / 3
    seal_bottom = bottom + SIGNER_HEIGHT / 2 - SEAL / 2
    seal = (seal_right - SEAL, seal_bottom, seal_right, seal_bottom + SEAL)
    return {
        "check": [0, [20.0, 20.0, 20.0 + QR, 20.0 + QR]],
        "number": [0, list(number)],
        "number_only": number_only,
        "date": [0, list(date)],
        "signer": [pages - 1, list(signer)],
        "seal": [pages - 1, list(seal)],
    }


def blank(layout: dict[str, Any], key: str, name: str) -> Blank:
    page, box = layout[key]
    return Blank(name, int(page), tuple(float(v) for v in box))  # type: ignore[arg-type]


def place(layout: dict[str, Any], key: str) -> tuple[int, Box]:
    page, box = layout[key]
    return int(page), tuple(float(v) for v in box)  # type: ignore[return-value]


def date_words(day: dt.date) -> str:
    """Decree 30, Article 9: a zero before days 1–9 and months 1–2 ("ngày 05 tháng 02
    năm 2026", "ngày 15 tháng 11 năm 2026")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
