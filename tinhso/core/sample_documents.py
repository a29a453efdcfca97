"""Administrative documents as another agency would send them, laid out as Decree
30/2020/NĐ-CP's Appendix I shows (issuer and number top left, national heading top
right, place and date, the kind and its subject, the body, who signs), and drafts in
Word as a specialist writes them: the demo's documents and meeting papers, and what the
tests and benchmarks register, sign, read and search. In core because every app that
handles documents uses them."""

from __future__ import annotations

import datetime as dt
import io
import random

from PIL import Image, ImageFilter

from tinhso.core.letters import OfficialPdf
from tinhso.core.pdfs import page_images


def administrative_pdf(
    *,
    issuer: str,
    notation: str,
    place: str,
    issued_on: dt.date | None,
    kind_heading: str,
    subject: str,
    body: str,
    signer_title: str = "CHỦ TỊCH",
    signer_name: str = "",
) -> bytes:
    """A PDF with a text layer, as a document-management system exports one. A Công
    văn has no kind heading: its subject goes under the number as "V/v …". A draft has
    no date yet (``issued_on`` None): the clerk fills it in when issuing."""
    pdf = OfficialPdf()
    pdf.national_heading(issuer, notation)
    if not kind_heading:
        pdf.set_font("Serif", "", 10)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(75, 5, f"V/v {subject}", align="C")
        pdf.ln(2)
    pdf.set_font("Serif", "", 11)
    pdf.set_x(95)
    pdf.multi_cell(
        95,
        6,
        _date_line(place, issued_on),
        align="C",
    )
    pdf.ln(4)
    if kind_heading:
        pdf.doc_title(kind_heading)
        pdf.set_font("Serif", "B", 11)
        pdf.multi_cell(0, 6, f"Về việc {subject}", align="C")
        pdf.ln(4)
    pdf.body_text(body)
    pdf.ln(6)
    pdf.set_x(100)
    pdf.set_font("Serif", "B", 11)
    pdf.multi_cell(90, 6, signer_title, align="C")
    if signer_name:
        pdf.ln(14)
        pdf.set_x(100)
        pdf.multi_cell(90, 6, signer_name, align="C")
    return bytes(pdf.output())


def _date_line(place: str, issued_on: dt.date | None) -> str:
    if issued_on is None:
        return f"{place}, ngày      tháng      năm {dt.date.today().year}"
    return f"{place}, ngày {issued_on:%d} tháng {issued_on:%m} năm {issued_on:%Y}"


def draft_docx(
    *,
    issuer: str,
    kind_abbreviation: str,
    place: str,
    kind_heading: str,
    subject: str,
    body: str,
    signer_title: str = "CHỦ TỊCH",
    signer_name: str = "",
) -> bytes:
    """A draft as a specialist writes it in Word: the number and date left blank for the
    clerk (python-docx)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]
    heading = document.add_table(rows=2, cols=2)
    heading.cell(0, 0).text = issuer.upper()
    heading.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    heading.cell(1, 0).text = f"Số:        /{kind_abbreviation}"
    heading.cell(1, 1).text = _date_line(place, None)
    for row in heading.rows:
        for cell in row.cells:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if kind_heading:
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(kind_heading).bold = True
        about = document.add_paragraph()
        about.alignment = WD_ALIGN_PARAGRAPH.CENTER
        about.add_run(f"Về việc {subject}").bold = True
    else:
        document.add_paragraph(f"V/v {subject}")
    for paragraph in body.split("\n"):
        document.add_paragraph(paragraph).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for line in [*signer_title.split("\n"), "", "", "", signer_name]:
        sign = document.add_paragraph()
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        sign.add_run(line).bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scanned(pdf: bytes, *, seed: int = 0, dpi: int = 200, tilt: float = 0.8) -> bytes:
    """The first page as an office scanner would give it back: a grey JPEG at ``dpi``,
    a little tilted, with specks and a slight blur (for OCR tests and the bench)."""
    rng = random.Random(seed)  # noqa: S311 (noise for a test picture, not security)
    page = next(page_images(pdf, dpi=dpi)).convert("L")
    page = page.rotate(rng.uniform(-tilt, tilt), fillcolor=255)
    pixels = page.load()
    assert pixels is not None
    width, height = page.size
    for _ in range(width * height // 80):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 90, 255))
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=80)
    return out.getvalue()


def as_image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
