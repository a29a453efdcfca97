"""The fields a clerk enters, read from the document's own text."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.documents.conftest import letter
from tinhso.core.pdfs import read_pdf
from tinhso.documents import doctypes, recognise


@pytest.mark.parametrize(
    "notation, heading, kind",
    [
        ("15/QĐ-UBND", "QUYẾT ĐỊNH", "QĐ"),
        ("07/KH-UBND", "KẾ HOẠCH", "KH"),
        ("120/UBND-VP", "", "CV"),
        ("33/TTr-SNV", "TỜ TRÌNH", "TTr"),
    ],
)
def test_a_document_s_own_text_gives_its_fields(notation, heading, kind):
    subject = "triển khai nền tảng số dùng chung của tỉnh cho các xã, phường năm 2026"
    text = read_pdf(letter(notation, subject, dt.date(2026, 2, 9), heading)).text
    found = recognise.guess(text)
    assert found.notation == notation
    assert found.kind == kind
    assert found.issued_on == dt.date(2026, 2, 9)
    assert found.subject == subject
    assert found.issuer == "ỦY BAN NHÂN DÂN TỈNH TÂY NINH"


def test_text_without_the_fields_leaves_them_for_the_clerk():
    found = recognise.guess("Biên lai thu tiền\nSố tiền: 50.000 đồng")
    assert found.as_initial() == {}


@pytest.mark.parametrize(
    "typed, tidy, kind",
    [
        ("15 / qđ - ubnd", "15/QĐ-UBND", "QĐ"),
        ("12/qyđ-ubnd", "12/QyĐ-UBND", "QyĐ"),
        ("07/2024/nq-hđnd", "07/2024/NQ-HĐND", "NQ"),
        ("120/UBND-VP", "120/UBND-VP", "CV"),
    ],
)
def test_notations_are_written_one_way_and_name_their_kind(typed, tidy, kind):
    assert doctypes.tidy_notation(typed) == tidy
    found = doctypes.kind_of_notation(tidy)
    assert found is not None and found.code == kind
