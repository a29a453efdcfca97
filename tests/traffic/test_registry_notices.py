"""The vehicle registry import, "phạt nguội" notices (PDF letter, inbox and SMS to a
registered owner), payment and closing, and the owner's "my items"."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tests.conftest import citizen_client, make_user, official_client
from tests.pdftext import pdf_text
from tests.traffic.test_events_api import camera_key, send  # noqa: F401
from tests.traffic.test_violations import officer  # noqa: F401
from tinhso.accounts.choices import UserKind
from tinhso.core.models import Notification
from tinhso.traffic.models import Vehicle, Violation
from tinhso.traffic.registry import RegistryError, do_import_vehicles

HEADER = "plate,plate_colour,owner_name,address,phone\n"
pytestmark = pytest.mark.django_db

GOOD = HEADER + (
    '51F-123.45,white,Nguyễn Thị Dân,"12 Lê Lợi, Phường An",0912000101\n'
    "59-X1 234.56,vàng,Trần Văn Bình,5 Hai Bà Trưng,\n"
)


def test_import_links_only_verified_phones_and_is_idempotent(citizen):
    result = do_import_vehicles(GOOD.encode())
    assert (result.created, result.updated, result.linked) == (2, 0, 1)
    mine = Vehicle.objects.get(plate="51F12345")
    assert mine.owner == citizen and mine.plate_colour == "white"
    assert Vehicle.objects.get(plate="59X123456").plate_colour == "yellow"
    again = do_import_vehicles(GOOD.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    unverified = make_user("+84912000999", "Chưa Xác Minh", UserKind.CITIZEN)
    unverified.phone_verified_at = None
    unverified.save()
    do_import_vehicles((HEADER + "30A-999.99,white,Chưa Xác Minh,Hà Nội,0912000999\n").encode())
    assert Vehicle.objects.get(plate="30A99999").owner is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + "51F-12,white,A,B,\n", "Dòng 2: biển số"),
        (HEADER + "51F-123.45,pink,A,B,\n", "Dòng 2: màu biển"),
        (HEADER + "51F-123.45,white,,B,\n", "Dòng 2: thiếu tên chủ xe"),
        (HEADER + "51F-123.45,white,A,B,12345\n", "Dòng 2: số điện thoại"),
        (
            HEADER + "51F-123.45,white,A,B,\n51F12345,white,C,D,\n",
            "Dòng 3: biển số trùng với dòng 2",
        ),
        ("plate,owner_name\n51F-123.45,A\n", "Thiếu cột"),
        (HEADER, "không có dòng dữ liệu"),
        (HEADER + "51F-123.45,white,A," + "x" * 400 + ",\n", "địa chỉ quá dài"),
        (HEADER + '"=cmd|/c calc"!A0,white,A,B,\n', "biển số"),
    ],
)
def test_a_bad_file_names_its_lines_and_imports_nothing(text, expected):
    with pytest.raises(RegistryError) as failure:
        do_import_vehicles((text + "30A-999.99,white,Tốt,Hà Nội,\n" * (text != HEADER)).encode())
    assert any(expected in e for e in failure.value.errors), failure.value.errors
    assert not Vehicle.objects.exists()


def test_excel_vietnamese_encoding_and_binary_junk():
    legacy = (HEADER + "51F-123.45,white,Nguyen Van A,Ha Noi,\n").encode("cp1258")
    assert do_import_vehicles(legacy).created == 1
    with pytest.raises(RegistryError):
        do_import_vehicles(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)


def test_the_registry_page_imports_and_shows_errors(officer, citizen):  # noqa: F811
    desk = official_client(officer)
    bad = desk.post(
        "/console/traffic/registry/",
        {"file": SimpleUploadedFile("r.csv", (HEADER + "x,white,A,B,\n").encode())},
    )
    assert "Dòng 2: biển số" in bad.content.decode() and not Vehicle.objects.exists()
    good = desk.post(
        "/console/traffic/registry/",
        {"file": SimpleUploadedFile("r.csv", GOOD.encode())},
        follow=True,
    )
    assert "2 mới" in good.content.decode() and Vehicle.objects.count() == 2
    assert citizen_client(citizen).get("/console/traffic/registry/").status_code in (302, 403)


def test_notice_letter_inbox_sms_then_paid_and_closed(camera_key, officer, citizen):  # noqa: F811
    send(camera_key, event_id="n-1", plate="51F-123.45")
    violation = Violation.objects.get()
    desk = official_client(officer)
    url = f"/console/traffic/{violation.public_id}/"
    desk.post(url, {"plate": "51F-123.45"})
    refused = desk.post(url, {"notice": "1"}, follow=True).content.decode()
    assert "chưa có trong sổ đăng ký" in refused
    violation.refresh_from_db()
    assert violation.status == "verified" and not violation.notice_pdf

    do_import_vehicles(GOOD.encode())
    unit = officer.memberships.get().org_unit
    unit.address = "1 Quang Trung, Tỉnh Test"
    unit.save()
    assert "Đã lập thông báo" in desk.post(url, {"notice": "1"}, follow=True).content.decode()
    violation.refresh_from_db()
    assert violation.status == "notice_issued" and violation.notice_sent_at
    letter = desk.get(f"/console/traffic/{violation.public_id}/notice.pdf")
    assert letter.status_code == 200
    data = b"".join(letter.streaming_content)
    text = pdf_text(data)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1  # picture, text and signature
    # A short reference the owner can read out, and where to come.
    assert f"Mã vi phạm: {violation.reference}" in text and str(violation.public_id) not in text
    assert "Nơi giải quyết: UBND tỉnh Test, 1 Quang Trung, Tỉnh Test" in text
    sent = Notification.objects.filter(recipient=citizen, template="traffic_notice")
    assert {n.channel for n in sent} == {"inbox", "sms"}
    assert "51F-123.45" in sent.first().body and "Vượt đèn đỏ" in sent.first().body
    outsider = make_user("+84912000555", "Người Khác", UserKind.CITIZEN)
    assert citizen_client(outsider).get(
        f"/console/traffic/{violation.public_id}/notice.pdf"
    ).status_code in (302, 403)

    mine = citizen_client(citizen).get("/my/").content.decode()
    assert "51F-123.45 · Vượt đèn đỏ" in mine and "không có vi phạm" not in mine
    # Someone with no vehicle linked is not told they have no violations.
    theirs = citizen_client(outsider).get("/my/").content.decode()
    assert "51F-123.45" not in theirs and "không có vi phạm" not in theirs
    assert "Chưa có xe nào đăng ký tên bạn được liên kết" in theirs
    assert ">Tra cứu theo biển số</a>" in theirs

    desk.post(url, {"paid": "1"})
    violation.refresh_from_db()
    assert violation.status == "paid" and violation.paid_at
    desk.post(url, {"close": "1"})
    violation.refresh_from_db()
    assert violation.status == "closed"
    again = desk.post(url, {"paid": "1"}, follow=True)  # closed: nothing more to do
    violation.refresh_from_db()
    assert violation.status == "closed" and again.status_code == 200


def test_my_items_name_the_plates_found_clean(citizen):
    do_import_vehicles(GOOD.encode())
    mine = citizen_client(citizen).get("/my/").content.decode()
    assert "Xe của bạn (51F-123.45) không có vi phạm nào đã được xác minh." in mine


def test_only_the_officers_unit_signs_and_others_cannot_issue(camera_key, commune_admin):  # noqa: F811
    send(camera_key, event_id="n-2")
    violation = Violation.objects.get()
    answer = official_client(commune_admin).post(
        f"/console/traffic/{violation.public_id}/", {"notice": "1"}
    )
    assert answer.status_code == 403
    violation.refresh_from_db()
    assert violation.status == "detected"
