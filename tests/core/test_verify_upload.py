"""Anyone checks a signed PDF by uploading it: valid, changed after signing, unsigned."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.documents.conftest import letter
from tinhso.core.signing import sign_pdf

pytestmark = pytest.mark.django_db


def check(data: bytes) -> str:
    upload = SimpleUploadedFile("qd.pdf", data, content_type="application/pdf")
    response = Client().post("/verify/", {"document": upload})
    assert response.status_code == 200
    return response.content.decode()


def test_a_signed_document_is_valid_and_a_changed_one_is_not(places, signing_keys):
    signed = sign_pdf(letter(), places["ubnd"], "Ban hành", "Tây Ninh")
    page = check(signed)
    assert "Chữ ký số hợp lệ" in page and "UBND tỉnh Test" in page
    tampered = bytearray(signed)
    # One byte inside the signed range (the page content), not the signature itself.
    at = signed.index(b"stream") + 20
    tampered[at] = (tampered[at] + 1) % 256
    assert "KHÔNG hợp lệ" in check(bytes(tampered))
    assert "không có chữ ký số" in check(letter())


def test_what_is_not_a_pdf_gets_a_message(db):
    assert "không phải PDF" in check(b"GIF89a not a pdf")
    assert "Vui lòng chọn" in Client().post("/verify/", {}).content.decode()
    assert "Tải lên tệp PDF" in Client().get("/verify/").content.decode()
