"""Paper documents scanned or photographed: Tesseract reads them in Vietnamese, the
clerk finds the fields filled in, and the words become searchable after registration."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import official_client
from tests.documents.conftest import letter, register
from tinhso.core.pdfs import read_pdf
from tinhso.core.sample_documents import scanned
from tinhso.documents import actions
from tinhso.documents.models import IncomingDocument

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("tesseract"), reason="needs Debian's tesseract-ocr"),
]


def test_a_scanned_letter_fills_the_form_by_ocr(office):
    photo = scanned(letter("27/KH-UBND", "triển khai tháng hành động vì an toàn thực phẩm",
                           dt.date(2026, 4, 8), "KẾ HOẠCH"), seed=3)  # fmt: skip
    clerk = official_client(office["clerk"])
    response = clerk.post(
        "/console/documents/incoming/read/",
        {"file": SimpleUploadedFile("scan.jpg", photo, content_type="image/jpeg")},
    )
    page = response.content.decode()
    assert "Đã đọc bản quét (OCR)" in page
    assert 'value="27/KH-UBND"' in page and 'value="2026-04-08"' in page
    assert '<option value="KH" selected>' in page
    assert "triển khai tháng hành động vì an toàn thực phẩm</textarea>" in page


def test_a_registered_scan_is_read_after_registration_and_found_by_its_words(office):
    """The tests run tasks at once on commit (conftest.py); in production the task
    worker reads the scan a moment later."""
    photo = scanned(letter(), seed=5)
    document = register(office, file_bytes=photo)
    assert document.text == ""  # registered without waiting for OCR
    stored = document.file.open("rb").read()
    assert stored.startswith(b"%PDF-") and read_pdf(stored).pages == 1  # kept as a PDF
    document.refresh_from_db()
    assert "Luật Tổ chức chính quyền địa phương" in document.text
    clerk = official_client(office["clerk"])
    listing = clerk.get("/console/documents/incoming/", {"q": "to chuc chinh quyen dia phuong"})
    assert "15/QĐ-UBND" in listing.content.decode()


def test_a_picture_that_is_not_a_picture_is_refused(office):
    with pytest.raises(actions.ActionError, match="Ảnh chụp"):
        register(office, file_bytes=b"\xff\xd8\xff\xe0 not really a jpeg")
    assert not IncomingDocument.objects.exists()
