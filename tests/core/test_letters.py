"""The official letter's layout: an agency's place name is never cut in two, the date
line never wraps, and numbers come from the agency's register, one a paper."""

import io

import pytest
from pypdf import PdfReader

from tests.pdftext import pdf_text, text_positions
from tinhso.core import registers
from tinhso.core.letters import HEADING_WIDTH, OfficialPdf, qr_png


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ỦY BAN NHÂN DÂN PHƯỜNG BÌNH AN", ["ỦY BAN NHÂN DÂN", "PHƯỜNG BÌNH AN"]),
        ("ỦY BAN NHÂN DÂN XÃ ĐÔNG THẠNH PHÚ", ["ỦY BAN NHÂN DÂN", "XÃ ĐÔNG THẠNH PHÚ"]),
        ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH", ["TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG TỈNH"]),
        ("SỞ TƯ PHÁP", ["SỞ TƯ PHÁP"]),
    ],
)
def test_an_agency_name_breaks_before_its_place_name(name, expected):
    pdf = OfficialPdf()
    pdf.set_font("Serif", "B", 10)
    lines = pdf.heading_lines(name, HEADING_WIDTH)
    assert lines == expected
    assert all(pdf.get_string_width(line) <= HEADING_WIDTH - 2 * pdf.c_margin for line in lines)


def test_the_heading_and_the_date_line_as_printed():
    pdf = OfficialPdf()
    pdf.national_heading("Ủy ban nhân dân phường Bình An Đông Hưng Thịnh", number="7/KQ-UBND")
    place_date = "Phường Bình An Đông Hưng Thịnh, ngày 29 tháng 11 năm 2026"
    pdf.signature_block(
        place_date, "Ủy ban nhân dân", qr_png("https://x.vn/"), "x", signer_name="Lê Văn Ký"
    )
    text = pdf_text(bytes(pdf.output()))
    lines = text.splitlines()
    assert "ỦY BAN NHÂN DÂN" in lines and "PHƯỜNG BÌNH AN ĐÔNG HƯNG THỊNH" in lines
    assert "Số: 7/KQ-UBND" in lines
    assert place_date in lines  # one line: the year is not pushed onto a line of its own
    assert "Lê Văn Ký" in lines
    # The number sits under the agency, in the left column, not under the motto.
    where = text_positions(bytes(pdf.output()))
    number = next(x for text, x in where.items() if text.startswith("Số: 7/KQ-UBND"))
    motto = next(x for text, x in where.items() if text.startswith("CỘNG HÒA"))
    assert number < motto


def test_numbers_count_per_agency_register_and_year(places):
    ward, commune = places["ward_ubnd"], places["commune_ubnd"]
    assert registers.next_number(ward, "KQ") == "1/KQ-UBND"
    assert registers.next_number(ward, "KQ") == "2/KQ-UBND"
    assert registers.next_number(ward, "TB") == "1/TB-UBND"
    assert registers.next_number(commune, "KQ") == "1/KQ-UBND"
    assert registers.agency_abbreviation(places["ward_one_stop"]) == "MCPA"


def test_the_signature_block_is_never_split_across_pages():
    pdf = OfficialPdf()
    pdf.national_heading("Phòng Cảnh sát giao thông")
    pdf.body_text("Nội dung thông báo.")
    pdf.set_y(238)  # a long letter: the QR code would fit under it, its caption would not
    link = "https://tinhso.example.gov.vn/traffic/lookup/?plate=51F12345&colour=white"
    pdf.signature_block(
        "Phường An, ngày 1 tháng 12 năm 2026",
        "Phòng Cảnh sát giao thông",
        qr_png(link),
        f"Tra cứu: {link}",
    )
    pages = PdfReader(io.BytesIO(bytes(pdf.output()))).pages
    last = pages[-1].extract_text()
    assert len(pages) == 2 and "Tra cứu" in last and "PHÒNG CẢNH SÁT GIAO THÔNG" in last
    assert len(pages[-1].images) == 1  # the QR code went with them
