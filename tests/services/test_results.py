"""The signed result document: written, signed with the unit's certificate, and
verified with pyHanko's validator against the CA — also after tampering."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.conftest import citizen_client
from tests.pdftext import pdf_text
from tinhso.core.errors import ActionError
from tinhso.core.signing import trust_roots, verify_pdf
from tinhso.services import actions
from tinhso.services.choices import DocumentKind
from tinhso.services.choices import DossierStatus as S
from tinhso.services.models import Dossier


@pytest.fixture
def finished(submit, ward_staff):
    r, s, a = ward_staff["receptionist"], ward_staff["specialist"], ward_staff["approver"]
    dossier = actions.do_forward(actions.do_receive(submit(), acting_user=r), acting_user=r)
    dossier = actions.do_forward(dossier, acting_user=s)
    return actions.do_finish(dossier, acting_user=a)


def result_bytes(dossier):
    document = dossier.documents.get(kind=DocumentKind.RESULT)
    with document.file.open("rb") as handle:
        return document, handle.read()


def test_finishing_issues_a_result_signed_by_the_unit(finished):
    document, data = result_bytes(finished)
    assert data.startswith(b"%PDF") and document.verify_token
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted
    assert "UBND phường An" in status.signing_cert.subject.human_friendly
    assert status.signing_cert.subject.native["country_name"] == "VN"


def test_the_papers_name_their_number_signer_and_receptionist(finished, ward_staff):
    document, data = result_bytes(finished)
    assert document.number == "1/KQ-UBND"
    lines = pdf_text(data).splitlines()
    assert "Số: 1/KQ-UBND" in lines and "Đỗ Văn Duyệt" in lines  # the approver signs
    slip = finished.documents.get(kind=DocumentKind.INTAKE)
    with slip.file.open("rb") as handle:
        assert "Mai Thị Tiếp" in pdf_text(handle.read()).splitlines()


def test_a_changed_byte_breaks_the_signature(finished):
    _document, data = result_bytes(finished)
    # Change one character inside the signed content (the applicant's name would do).
    position = data.index(b"/Producer") if b"/Producer" in data else len(data) // 3
    tampered = data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]
    result = verify_pdf(tampered)
    assert not result.valid


def test_a_pdf_signed_by_someone_else_is_not_trusted(finished, settings, tmp_path, places):
    from django.utils import timezone

    from tinhso.core import signing
    from tinhso.core.pki import issue_unit_certificate
    from tinhso.services import documents

    # A forger writes a look-alike result and signs it with their own CA's certificate.
    look_alike = documents.result_pdf(
        finished,
        "fake-token",
        "UBND phường An",
        timezone.now(),
        number="1/KQ-UBND",
        signer_name="X",
    )
    settings.SIGNING_DIR = tmp_path
    issue_unit_certificate(places["ward_ubnd"].identifier, "UBND phường An", "Giả mạo")
    forged = signing.sign_pdf(look_alike, places["ward_ubnd"], reason="x", location="y")
    settings.SIGNING_DIR = tmp_path.parent  # back to a directory without that CA
    result = verify_pdf(forged)
    assert result.signed and not result.trusted and not result.valid


def test_an_unsigned_or_broken_file_is_reported_as_unsigned():
    assert not verify_pdf(b"%PDF-1.4 not really").signed
    assert not verify_pdf(b"\x89PNG\r\n").valid


def verdicts(page):
    """The verdict lines: exactly one is shown, at the top."""
    return re.findall(r'<p class="verdict (ok|bad)"', page)


def test_the_public_verification_page(finished):
    document, data = result_bytes(finished)
    client = Client()
    page = client.get(f"/verify/{document.verify_token}/").content.decode()
    assert verdicts(page) == ["ok"] and "có chữ ký số hợp lệ" in page
    assert document.sha256 in page
    assert "Common Name" not in page  # the signer as a person reads it
    assert finished.applicant_name not in page  # no personal data for whoever scans the QR
    same = client.post(
        f"/verify/{document.verify_token}/", {"copy": SimpleUploadedFile("kq.pdf", data)}
    ).content.decode()
    assert verdicts(same) == ["ok"] and "Bản của bạn là bản gốc" in same
    altered = data.replace(b"%%EOF", b"%%EOF\n% appended\n")
    other = client.post(
        f"/verify/{document.verify_token}/", {"copy": SimpleUploadedFile("kq.pdf", altered)}
    ).content.decode()
    # A tampered copy: one red verdict, and no green "valid" line above it.
    assert verdicts(other) == ["bad"] and "KHÔNG phải bản gốc" in other
    assert "hợp lệ" not in other.split("KHÔNG phải bản gốc")[0]
    empty = client.post(f"/verify/{document.verify_token}/", {}).content.decode()
    assert "Vui lòng chọn tệp" in empty
    # A QR code that leads nowhere is a warning about the paper, not "page not found".
    unknown = client.get("/verify/not-a-token/")
    assert unknown.status_code == 404
    assert verdicts(unknown.content.decode()) == ["bad"]
    assert "không có văn bản nào mang mã này" in unknown.content.decode()


def test_the_citizen_downloads_the_signed_result(finished, citizen):
    document, data = result_bytes(finished)
    response = citizen_client(citizen).get(f"/services/files/{document.pk}/")
    assert b"".join(response.streaming_content) == data


def test_without_a_certificate_the_dossier_cannot_be_finished(
    submit, ward_staff, settings, tmp_path
):
    r, s, a = ward_staff["receptionist"], ward_staff["specialist"], ward_staff["approver"]
    dossier = actions.do_forward(actions.do_receive(submit(), acting_user=r), acting_user=r)
    dossier = actions.do_forward(dossier, acting_user=s)
    settings.SIGNING_DIR = tmp_path  # no certificates here
    with pytest.raises(ActionError, match="chưa có chứng thư số"):
        actions.do_finish(dossier, acting_user=a)
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status == S.IN_PROGRESS and not dossier.documents.filter(kind="result").exists()


def test_signing_and_checking_work_under_a_running_event_loop(places):
    """An ASGI server (or a browser test) runs an event loop in the thread that signs;
    pyHanko's own asyncio.run must not collide with it."""
    import asyncio

    from django.utils import timezone

    from tinhso.core import signing
    from tinhso.core.letters import OfficialPdf

    pdf = OfficialPdf()
    pdf.body_text("Thử ký trong vòng lặp sự kiện.")
    raw = bytes(pdf.output())

    async def inside_a_loop():
        signed = signing.sign_pdf(raw, places["ward_ubnd"], reason="thử", location="An")
        return signing.verify_pdf(signed)

    result = asyncio.run(inside_a_loop())
    assert result.valid and result.signed_at is not None
    assert result.signed_at <= timezone.now()


def test_the_finished_dossier_shows_the_result_first_and_a_plain_timeline(finished, citizen):
    page = citizen_client(citizen).get(f"/services/my/{finished.code}/").content.decode()
    download = page.index("Tải kết quả (PDF có chữ ký số)")
    assert download < page.index("<h2>Giấy tờ</h2>") < page.index("Tiến độ")
    assert "Kiểm tra văn bản này là bản gốc" in page and "có giá trị như bản giấy" in page
    # The office's hand-overs stay with the office.
    timeline = page[page.index("Tiến độ") :]
    assert "Đã chuyển bước tiếp theo" not in timeline and "Đã phân công" not in timeline
    assert "Đã nộp hồ sơ" in timeline and "Đã xử lý xong" in timeline
