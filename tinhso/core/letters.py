"""The official letter: an A4 PDF with the national heading, a signature block and a
QR code, in a font that has every Vietnamese letter (fpdf2).

Every app that writes a paper the citizen keeps uses it: result documents and
receipts (services), violation notices (traffic), the monthly IOC report, and the
modules to come. Sign the bytes with ``tinhso.core.signing``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"  # DejaVu: every Vietnamese letter
HEADING_WIDTH = 75  # mm: the agency's column of the national heading
SIGNATURE_HEIGHT = 55  # mm: the QR code with its caption, or place, date, title and name
# The words that begin a place name in an agency's name ("… PHƯỜNG BÌNH AN").
PLACE_LEVEL_WORDS = frozenset({"TỈNH", "THÀNH", "HUYỆN", "QUẬN", "THỊ", "PHƯỜNG", "XÃ", "ĐẶC"})


class OfficialPdf(FPDF):
    """A4 page with the national heading, in a font that has every Vietnamese letter."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
        self.add_font("Serif", "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def national_heading(self, agency: str, number: str = "") -> None:
        """The agency on the left (its place name never split), the national motto on the
        right and, under the agency, the paper's number when it has one."""
        top = self.get_y()
        self.set_font("Serif", "B", 10)
        lines = self.heading_lines(agency.upper(), HEADING_WIDTH)
        self.multi_cell(HEADING_WIDTH, 5, "\n".join(lines), align="C")
        if number:
            self.set_font("Serif", "", 10)
            self.set_x(self.l_margin)  # under the agency, not after it
            self.multi_cell(HEADING_WIDTH, 6, f"Số: {number}", align="C")
        bottom = self.get_y()
        self.set_xy(95, top)
        self.set_font("Serif", "B", 10)
        self.multi_cell(
            95, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C"
        )
        self.set_y(max(bottom, self.get_y()))
        self.ln(8)

    def heading_lines(self, name: str, width: float) -> list[str]:
        """An agency's name in at most two lines, in the current font.

        fpdf breaks at the last space that fits, which cuts place names in two
        ("PHƯỜNG BÌNH / AN"). Here a line may break only before the place name's level
        word (TỈNH, PHƯỜNG, XÃ …) or inside the words ahead of it, and of those breaks
        the one with the shorter longest line wins. A line still too wide shrinks the
        font, down to 8 pt.
        """
        words = name.split()
        width -= 2 * self.c_margin  # what multi_cell leaves for the text
        if self.get_string_width(name) <= width or len(words) < 2:
            return [name]
        level = next(
            (i for i, word in enumerate(words) if i and word in PLACE_LEVEL_WORDS), len(words)
        )
        breaks = range(1, min(level, len(words) - 1) + 1)
        best = min(
            breaks,
            key=lambda i: max(
                self.get_string_width(" ".join(words[:i])),
                self.get_string_width(" ".join(words[i:])),
            ),
        )
        lines = [" ".join(words[:best]), " ".join(words[best:])]
        while self.font_size_pt > 8 and max(map(self.get_string_width, lines)) > width:
            self.set_font_size(self.font_size_pt - 0.5)
        return lines

    def fitted_line(self, text: str, width: float, size: float) -> None:
        """One line that never wraps: a long place name makes the type smaller instead
        of pushing the year onto a line of its own (down to 7 pt)."""
        self.set_font_size(size)
        room = width - 2 * self.c_margin
        while self.font_size_pt > 7 and self.get_string_width(text) > room:
            self.set_font_size(self.font_size_pt - 0.5)
        self.multi_cell(width, 6, text, align="C")

    def doc_title(self, text: str) -> None:
        self.set_font("Serif", "B", 15)
        self.multi_cell(0, 8, text.upper(), align="C")
        self.ln(4)

    def field_line(self, label: str, value: Any) -> None:
        self.set_font("Serif", "B", 11)
        self.write(6, f"{label}: ")
        self.set_font("Serif", "", 11)
        self.write(6, f"{value}\n")

    def body_text(self, text: str) -> None:
        self.set_font("Serif", "", 11)
        self.multi_cell(0, 6, text, align="L")
        self.ln(2)

    def signature_block(
        self,
        place_date: str,
        signer_title: str,
        qr_png: bytes,
        qr_caption: str,
        signed: bool = True,
        signer_name: str = "",
    ) -> None:
        """The QR code on the left; on the right the place and date, who signs (the
        title in bold, then "(Đã ký số)" and the person's name when there is one)."""
        self.ln(6)
        if self.get_y() + SIGNATURE_HEIGHT > self.page_break_trigger:
            # Kept together: a page break inside would leave the QR code on one page
            # and who signs on the next.
            self.add_page()
        top = self.get_y()
        self.image(io.BytesIO(qr_png), x=20, y=top, w=32)
        self.set_xy(20, top + 33)
        self.set_font("Serif", "", 7)
        self.multi_cell(60, 3.5, qr_caption, align="L")
        self.set_xy(100, top)
        self.set_font("Serif", "", 11)
        self.fitted_line(place_date, 90, 11)
        self.set_x(100)
        self.set_font("Serif", "B", 11)
        self.multi_cell(90, 6, signer_title.upper(), align="C")
        if signed:
            self.set_x(100)
            self.set_font("Serif", "", 9)
            self.multi_cell(90, 5, _("(Đã ký số)"), align="C")
        if signer_name:
            self.set_x(100)
            self.ln(2 if signed else 14)
            self.set_x(100)
            self.set_font("Serif", "B", 11)
            self.multi_cell(90, 6, signer_name, align="C")


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def vietnamese_date(moment: dt.datetime, place: str) -> str:
    local = timezone.localtime(moment)
    return f"{place}, ngày {local:%d} tháng {local:%m} năm {local:%Y}"
