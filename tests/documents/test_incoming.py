"""Incoming documents from the clerk's desk to the handler's "done": registered with
the next number, read from their own text, assigned on a working-day deadline,
handled, and seen only by whom they concern."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF

from tests.conftest import official_client
from tests.documents.conftest import letter, register
from tinhso.core.models import Notification
from tinhso.core.workdays import add_working_days
from tinhso.documents import actions
from tinhso.documents.actions import Holder
from tinhso.documents.choices import AssignmentState, HandlingRole, IncomingState, Secrecy
from tinhso.documents.models import Assignment, IncomingDocument

pytestmark = pytest.mark.django_db


def pdf_upload(data: bytes, name: str = "qd15.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def form_data(office, **overrides):
    data = {
        "unit": office["unit"].pk,
        "issuer": "Ủy ban nhân dân tỉnh Tây Ninh",
        "notation": "15/QĐ-UBND",
        "kind": "QĐ",
        "issued_on": "2026-03-05",
        "subject": "Phê duyệt kế hoạch chuyển đổi số năm 2026",
        "urgency": "normal",
        "secrecy": "none",
        "file": pdf_upload(letter()),
    }
    data.update(overrides)
    return data


def test_the_clerk_picks_the_file_and_finds_the_fields_filled_from_it(office):
    clerk = official_client(office["clerk"])
    response = clerk.post("/console/documents/incoming/read/", {"file": pdf_upload(letter())})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="15/QĐ-UBND"' in page and 'value="2026-03-05"' in page
    assert "phê duyệt kế hoạch chuyển đổi số năm 2026</textarea>" in page
    assert '<option value="QĐ" selected>' in page
    assert "Kiểm tra từng trường" in page
    # A scan without a text layer: the clerk is told to type.
    blank = FPDF()
    blank.add_page()
    response = clerk.post(
        "/console/documents/incoming/read/", {"file": pdf_upload(bytes(blank.output()))}
    )
    assert "hãy nhập các trường bằng tay" in response.content.decode()


def test_registering_gives_the_next_number_of_the_year_and_search_finds_it(office):
    clerk = official_client(office["clerk"])
    first = clerk.post("/console/documents/incoming/new/", form_data(office))
    assert first.status_code == 302, first.content.decode()[:3000]
    invitation = letter("120/UBND-VP", "mời họp giao ban tháng 3", kind_heading="")
    second = clerk.post(
        "/console/documents/incoming/new/",
        form_data(
            office,
            notation="120/UBND-VP",
            kind="CV",
            subject="Mời họp giao ban tháng 3",
            file=pdf_upload(invitation),
        ),
    )
    assert second.status_code == 302
    numbers = list(IncomingDocument.objects.order_by("number").values_list("number", "year"))
    year = timezone.localdate().year
    assert numbers == [(1, year), (2, year)]
    document = IncomingDocument.objects.get(number=1)
    assert document.pages == 1 and "Căn cứ Luật Tổ chức" in document.text
    page = clerk.get(first["Location"]).content.decode()
    assert "Phê duyệt kế hoạch chuyển đổi số năm 2026" in page and "Chưa phân công." in page
    # Without accents, by words only the PDF's text holds, by the notation.
    for query in ("chuyen doi so", "quyet dinh", "15/QĐ-UBND"):
        listing = clerk.get("/console/documents/incoming/", {"q": query}).content.decode()
        assert "15/QĐ-UBND" in listing and "120/UBND-VP" not in listing, query
    pdf = clerk.get(f"/console/documents/incoming/{document.pk}/file/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_the_same_document_twice_is_caught_unless_the_clerk_says_it_is_another(office):
    register(office)
    clerk = official_client(office["clerk"])
    again = clerk.post(
        "/console/documents/incoming/new/",
        form_data(office, notation="15 / qđ - ubnd", issuer="UỶ BAN NHÂN DÂN TỈNH TÂY NINH"),
    )
    assert again.status_code == 200
    assert "đã vào sổ" in again.content.decode()
    assert IncomingDocument.objects.count() == 1
    confirmed = clerk.post(
        "/console/documents/incoming/new/", form_data(office, allow_duplicate="on")
    )
    assert confirmed.status_code == 302
    assert IncomingDocument.objects.count() == 2


@pytest.mark.parametrize(
    "data, says",
    [
        (b"PK\x03\x04 a DOCX", "phải là PDF"),
        (b"%PDF-1.7\n garbage that is no PDF", "bị hỏng"),
        ("encrypted", "đặt mật khẩu"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused_and_uses_no_number(office, data, says):
    if data == "encrypted":
        locked = FPDF()
        locked.set_encryption(owner_password="o", user_password="u")
        locked.add_page()
        data = bytes(locked.output())
    clerk = official_client(office["clerk"])
    response = clerk.post(
        "/console/documents/incoming/new/", form_data(office, file=pdf_upload(data))
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not IncomingDocument.objects.exists()
    assert register(office).number == 1


def test_a_date_after_arrival_or_a_notation_of_another_shape_is_refused(office):
    with pytest.raises(actions.ActionError, match="sau ngày đến"):
        register(office, issued_on=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(actions.ActionError, match="15/QĐ-UBND"):
        register(office, notation="quyết định mười lăm")


def test_the_leader_assigns_the_handlers_finish_and_the_document_is_done(office):
    document = register(office)
    leader = official_client(office["leader"])
    assert "15/QĐ-UBND" in leader.get("/console/documents/").content.decode()  # to assign
    response = leader.post(
        f"/console/documents/incoming/{document.pk}/assign/",
        {
            "lead": f"o{office['culture'].pk}",
            "coordinate": [f"u{office['colleague'].pk}"],
            "inform": [f"u{office['other_staff'].pk}"],
            "days": "3",
            "note": "Giao phòng VH-XH tham mưu.",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    due = timezone.localdate(add_working_days(timezone.now(), 3))
    assert document.state == IncomingState.IN_PROGRESS and document.deadline == due
    roles = dict(Assignment.objects.values_list("role", "deadline"))
    assert roles == {
        HandlingRole.LEAD: due,
        HandlingRole.COORDINATE: due,
        HandlingRole.INFORM: None,
    }
    assert Notification.objects.filter(recipient=office["colleague"]).exists()

    # The department's specialist holds the lead part, through the department.
    specialist = official_client(office["specialist"])
    work = specialist.get("/console/documents/").content.decode()
    assert "15/QĐ-UBND" in work and "Chủ trì" in work
    lead = Assignment.objects.get(role=HandlingRole.LEAD)
    colleague_part = Assignment.objects.get(role=HandlingRole.COORDINATE)
    official_client(office["colleague"]).post(
        f"/console/documents/incoming/{document.pk}/finish/",
        {"assignment": colleague_part.pk, "note": "Đã góp ý."},
    )
    document.refresh_from_db()
    assert document.state == IncomingState.IN_PROGRESS  # the co-ordinator's part is not the whole
    specialist.post(
        f"/console/documents/incoming/{document.pk}/comment/", {"text": "Đã dự thảo kế hoạch."}
    )
    specialist.post(
        f"/console/documents/incoming/{document.pk}/finish/",
        {"assignment": lead.pk, "note": "Đã trình kế hoạch."},
    )
    document.refresh_from_db()
    assert document.state == IncomingState.DONE and document.done_at is not None
    history = [n.get_kind_display() for n in document.notes.all()]
    assert history == [
        "Đã vào sổ", "Đã phân công", "Đã hoàn thành phần việc", "Ý kiến",
        "Đã hoàn thành phần việc",
    ]  # fmt: skip


def test_a_handler_passes_a_part_on_and_another_lead_replaces_the_first(office):
    document = register(office)
    actions.do_assign(
        document, lead=Holder(user=office["specialist"]), days=5, acting_user=office["leader"]
    )
    mine = Assignment.objects.get()
    actions.do_forward(
        mine, to=Holder(user=office["colleague"]), role=HandlingRole.COORDINATE,
        acting_user=office["specialist"],
    )  # fmt: skip
    forwarded = Assignment.objects.get(forwarded_from=mine)
    assert forwarded.user == office["colleague"] and forwarded.deadline == mine.deadline
    actions.do_assign(
        document, lead=Holder(org_unit=office["culture"]), days=2, acting_user=office["leader"]
    )
    mine.refresh_from_db()
    assert mine.state == AssignmentState.WITHDRAWN
    with pytest.raises(actions.ActionError):
        actions.do_assign(
            document,
            lead=Holder(user=office["commune_leader"]),  # works elsewhere
            days=2,
            acting_user=office["leader"],
        )


def test_late_documents_are_listed_and_marked(office):
    document = register(office)
    actions.do_assign(
        document, lead=Holder(user=office["specialist"]), days=1, acting_user=office["leader"]
    )
    IncomingDocument.objects.filter(pk=document.pk).update(deadline=dt.date(2026, 1, 5))
    Assignment.objects.update(deadline=dt.date(2026, 1, 5))
    leader = official_client(office["leader"])
    late = leader.get("/console/documents/incoming/", {"late": "on"}).content.decode()
    assert "15/QĐ-UBND" in late and "quá hạn" in late
    work = official_client(office["specialist"]).get("/console/documents/").content.decode()
    assert "1 quá hạn" in work


def test_a_secret_document_is_seen_only_by_its_handlers_the_leader_and_the_clerk(office):
    secret = register(office, secrecy=Secrecy.CONFIDENTIAL, notation="02/QĐ-UBND")
    plain = register(office, notation="03/QĐ-UBND")
    actions.do_assign(
        secret, lead=Holder(user=office["specialist"]), days=5, acting_user=office["leader"]
    )
    url = f"/console/documents/incoming/{secret.pk}/"
    for who in ("clerk", "leader", "specialist"):
        assert official_client(office[who]).get(url).status_code == 200, who
        assert official_client(office[who]).get(url + "file/").status_code == 200, who
    # A colleague in the same unit sees the plain one, not the secret one.
    other = official_client(office["other_staff"])
    assert other.get(url).status_code == 404 and other.get(url + "file/").status_code == 404
    assert other.get(f"/console/documents/incoming/{plain.pk}/").status_code == 200
    listing = other.get("/console/documents/incoming/").content.decode()
    assert "03/QĐ-UBND" in listing and "02/QĐ-UBND" not in listing
    # Another commune sees neither, and cannot act on them.
    outsider = official_client(office["commune_leader"])
    for document in (secret, plain):
        assert outsider.get(f"/console/documents/incoming/{document.pk}/").status_code == 404
        assert (
            outsider.post(
                f"/console/documents/incoming/{document.pk}/assign/",
                {"lead": f"u{office['commune_leader'].pk}", "days": "2"},
            ).status_code
            == 404
        )
    assert "QĐ-UBND" not in outsider.get("/console/documents/incoming/").content.decode()
    assert outsider.get("/console/documents/incoming/new/").status_code == 403
    assert Assignment.objects.count() == 1


def test_only_the_handler_finishes_their_part(office):
    document = register(office)
    actions.do_assign(
        document, lead=Holder(user=office["specialist"]), days=5, acting_user=office["leader"]
    )
    part = Assignment.objects.get()
    response = official_client(office["other_staff"]).post(
        f"/console/documents/incoming/{document.pk}/finish/", {"assignment": part.pk}
    )
    assert response.status_code == 404
    for bad in ("", "x", "99999999999999999999999"):
        response = official_client(office["specialist"]).post(
            f"/console/documents/incoming/{document.pk}/finish/", {"assignment": bad}
        )
        assert response.status_code == 404
    part.refresh_from_db()
    assert part.state == AssignmentState.OPEN


def test_a_document_links_to_those_it_cites_and_those_citing_it(office):
    decision = register(office)  # 15/QĐ-UBND
    plan = register(
        office,
        notation="27/KH-UBND",
        kind="KH",
        subject="Kế hoạch thực hiện",
        file_bytes=letter("27/KH-UBND", "thực hiện Quyết định số 15/QĐ-UBND ngày 05/3/2026",
                          kind_heading="KẾ HOẠCH"),
    )  # fmt: skip
    register(
        office,
        notation="115/QĐ-UBND",
        subject="Không liên quan",
        file_bytes=letter("115/QĐ-UBND", "một việc khác"),
    )
    leader = official_client(office["leader"])
    page = leader.get(f"/console/documents/incoming/{decision.pk}/").content.decode()
    assert "Văn bản dẫn chiếu văn bản này" in page and "27/KH-UBND" in page
    assert "115/QĐ-UBND" not in page
    page = leader.get(f"/console/documents/incoming/{plan.pk}/").content.decode()
    assert "Văn bản này dẫn chiếu" in page and f"/console/documents/incoming/{decision.pk}/" in page


@pytest.mark.parametrize("few", [0, 2_000])
def test_search_finds_the_same_documents_however_many_match(office, monkeypatch, few):
    """Few matches are looked up by their ids first (PostgreSQL), many are left to the
    planner: the list is the same, newest first, either way."""
    from tinhso.documents import search

    monkeypatch.setattr(search, "FEW", few)
    for index in range(3):
        register(
            office,
            notation=f"{20 + index}/KH-UBND",
            subject=f"Kế hoạch phòng chống sạt lở đợt {index + 1}",
            file_bytes=letter(f"{20 + index}/KH-UBND", f"phòng chống sạt lở đợt {index + 1}"),
        )
    register(office, notation="30/TB-UBND", subject="Thông báo lịch trực Tết")
    found = search.matching(IncomingDocument.objects.all(), "sat lo").order_by("-number")
    assert [d.notation for d in found] == ["22/KH-UBND", "21/KH-UBND", "20/KH-UBND"]
