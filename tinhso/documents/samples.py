"""Administrative documents as another agency would send them, laid out as Decree
30/2020/NĐ-CP's Appendix I shows (issuer and number top left, national heading top
right, place and date, the kind and its subject, the body, who signs): the demo's
incoming documents, and what the tests register, read and search."""

from __future__ import annotations

import datetime as dt

from tinhso.core.letters import OfficialPdf


def administrative_pdf(
    *,
    issuer: str,
    notation: str,
    place: str,
    issued_on: dt.date,
    kind_heading: str,
    subject: str,
    body: str,
    signer_title: str = "CHỦ TỊCH",
    signer_name: str = "",
) -> bytes:
    """A PDF with a text layer, as a document-management system exports one. A Công
    văn has no kind heading: its subject goes under the number as "V/v …"."""
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
        f"{place}, ngày {issued_on:%d} tháng {issued_on:%m} năm {issued_on:%Y}",
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
