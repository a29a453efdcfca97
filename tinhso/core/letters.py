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


class OfficialPdf(FPDF):
    """A4 page with the national heading, in a font that has every Vietnamese letter."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
        self.add_font("Serif", "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def national_heading(self, agency: str) -> None:
        top = self.get_y()
        self.set_font("Serif", "B", 10)
        self.multi_cell(75, 5, agency.upper(), align="C")
        self.set_xy(95, top)
        self.multi_cell(
            95, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C"
        )
        self.ln(10)

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
    ) -> None:
        self.ln(6)
        top = self.get_y()
        self.image(io.BytesIO(qr_png), x=20, y=top, w=32)
        self.set_xy(20, top + 33)
        self.set_font("Serif", "", 7)
        self.multi_cell(60, 3.5, qr_caption, align="L")
        self.set_xy(100, top)
        self.set_font("Serif", "", 11)
        self.multi_cell(90, 6, place_date, align="C")
        self.set_x(100)
        self.set_font("Serif", "B", 11)
        self.multi_cell(90, 6, signer_title, align="C")
        if signed:
            self.set_x(100)
            self.set_font("Serif", "", 9)
            self.multi_cell(90, 5, _("(Đã ký số)"), align="C")


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def vietnamese_date(moment: dt.datetime, place: str) -> str:
    local = timezone.localtime(moment)
    return f"{place}, ngày {local:%d} tháng {local:%m} năm {local:%Y}"
