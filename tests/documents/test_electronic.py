"""Documents between two agencies' systems over the exchange axis as edXML: a package
arrives once however often it is delivered, its signature is checked, the clerk
registers it, and the sender's system is told each step in status packages."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
import requests
from django.test import Client

from tests.conftest import official_client
from tests.documents.conftest import letter
from tinhso.core.signing import sign_pdf
from tinhso.documents import edxml
from tinhso.documents.choices import Channel, IncomingState
from tinhso.documents.models import ArrivedPackage, IncomingDocument, ReceivedStatus
from tinhso.exchange import actions as axis_actions
from tinhso.exchange import outbox
from tinhso.exchange.models import Exchange

pytestmark = pytest.mark.django_db


@pytest.fixture
def systems(axis, office, settings, province_admin, signing_keys):
    """Our ward's document system (QLVB, answered in process) and the police's (the
    demo provider process), each allowed to send the other edXML."""
    ours = axis_actions.do_register_subsystem(
        axis.desk.member, code="QLVB", name="Quản lý văn bản", acting_user=province_admin
    )
    inbox = axis_actions.do_register_service(
        ours, code="edoc", name="Nhận văn bản", base_url="local:documents.edxml",
        acting_user=province_admin,
    )  # fmt: skip
    theirs = axis_actions.do_register_subsystem(
        axis.police.member, code="QLVB", name="QLVB Công an", acting_user=province_admin
    )
    their_inbox = axis_actions.do_register_service(
        theirs, code="edoc", name="Nhận văn bản", base_url=axis.provider_url + "/edoc",
        acting_user=province_admin,
    )  # fmt: skip
    axis_actions.do_grant_access(inbox, theirs, method="POST", acting_user=province_admin)
    axis_actions.do_grant_access(their_inbox, ours, method="POST", acting_user=province_admin)
    client_id, secret = axis_actions.do_issue_credentials(theirs, acting_user=province_admin)
    settings.DOCUMENTS_EXCHANGE_SUBSYSTEM = str(ours.identifier)
    return SimpleNamespace(
        inbox=inbox, token=axis.token(client_id, secret), provider=axis.provider_url,
        police_code=axis.police.member.code,
    )  # fmt: skip


def package(office, systems, *, to=None, signed=True, document_id=None) -> bytes:
    pdf = letter("35/CAT-PV01", "rà soát bảo vệ bí mật nhà nước", dt.date(2026, 3, 2), "")
    if signed:
        pdf = sign_pdf(pdf, office["unit"].parent, "Ban hành", "Tây Ninh")
    return edxml.build(
        edxml.Package(
            sender=edxml.Organ(systems.police_code, "Công an tỉnh"),
            recipients=[edxml.Organ(to or office["unit"].identifier, office["unit"].name)],
            notation="35/CAT-PV01",
            issued_on=dt.date(2026, 3, 2),
            kind="CV",
            kind_name="Công văn",
            subject="Rà soát, bảo vệ bí mật nhà nước",
            signer_position="Phó Giám đốc",
            signer_name="Nguyễn Văn Công",
            urgency="urgent",
            document_id=document_id or uuid.uuid4(),
            attachments=[edxml.Attachment("35-CAT.pdf", "application/pdf", pdf)],
        )
    )


def send(systems, body: bytes):
    return Client().post(
        f"/exchange/r1/{systems.inbox.identifier}/",
        body,
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {systems.token}",
    )


def reports_at_police(systems) -> list[edxml.Status]:
    outbox.deliver_due()
    arrived = requests.get(f"{systems.provider}/received", timeout=5).json()
    return [
        edxml.parse_status(r["body"].encode())
        for r in arrived
        if r["path"].rstrip("/") == "/edoc" and r["method"] == "POST"
    ]


def test_a_package_arrives_once_is_registered_and_the_sender_hears_every_step(office, systems):
    document_id = uuid.uuid4()
    body = package(office, systems, document_id=document_id)
    answer = send(systems, body)
    assert answer.status_code == 200, answer.content
    assert edxml.parse_status(answer.content).code == edxml.RECEIVED
    assert send(systems, body).status_code == 200  # delivered again: nothing new
    arrival = ArrivedPackage.objects.get()
    assert (arrival.package_id, arrival.urgency) == (document_id, "urgent")
    assert arrival.signature_note.startswith("Chữ ký số hợp lệ")
    # The axis logged both calls, as for any service.
    assert Exchange.objects.filter(service=str(systems.inbox.identifier), status=200).count() == 2

    clerk = official_client(office["clerk"])
    listing = clerk.get("/console/documents/incoming/").content.decode()
    assert "1 văn bản điện tử chờ vào sổ" in listing and "35/CAT-PV01" in listing
    page = clerk.get(f"/console/documents/arrivals/{arrival.pk}/").content.decode()
    assert "Chữ ký số hợp lệ" in page and 'value="35/CAT-PV01"' in page
    registered = clerk.post(
        f"/console/documents/arrivals/{arrival.pk}/",
        {
            "issuer": "Công an tỉnh",
            "notation": "35/CAT-PV01",
            "kind": "CV",
            "issued_on": "2026-03-02",
            "subject": "Rà soát, bảo vệ bí mật nhà nước",
            "urgency": "urgent",
            "secrecy": "none",
        },
    )
    assert registered.status_code == 302, registered.content.decode()[:2000]
    document = IncomingDocument.objects.get()
    assert document.channel == Channel.ELECTRONIC and document.sender_document_id == document_id
    assert document.issuer_code == systems.police_code and document.pages == 1

    leader = official_client(office["leader"])
    leader.post(
        f"/console/documents/incoming/{document.pk}/assign/",
        {"lead": f"u{office['specialist'].pk}", "days": "3"},
    )
    part = document.assignments.get()
    official_client(office["specialist"]).post(
        f"/console/documents/incoming/{document.pk}/finish/", {"assignment": part.pk}
    )
    document.refresh_from_db()
    assert document.state == IncomingState.DONE

    reports = reports_at_police(systems)
    assert [r.code for r in reports] == [
        edxml.RECEIVED, edxml.REGISTERED, edxml.ASSIGNED, edxml.DONE,
    ]  # fmt: skip
    assert {r.document_id for r in reports} == {document_id}
    assert {r.reporter.code for r in reports} == {office["unit"].identifier}


def test_the_clerk_refuses_a_package_and_the_sender_is_told_why(office, systems):
    send(systems, package(office, systems, signed=False))
    arrival = ArrivedPackage.objects.get()
    assert arrival.signature_note == "Không có chữ ký số."
    clerk = official_client(office["clerk"])
    clerk.post(
        f"/console/documents/arrivals/{arrival.pk}/refuse/",
        {"reason": "Không thuộc thẩm quyền của phường."},
    )
    arrival.refresh_from_db()
    assert arrival.state == "refused"
    last = reports_at_police(systems)[-1]
    assert (last.code, last.description) == (edxml.REFUSED, "Không thuộc thẩm quyền của phường.")
    # Refused is final: it cannot be registered afterwards.
    page = clerk.get(f"/console/documents/arrivals/{arrival.pk}/").content.decode()
    assert "Kiểm tra và vào sổ" not in page


@pytest.mark.parametrize(
    "body, status, says",
    [
        (b"not xml at all", 400, "không phải edXML"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', 400, "không phải"),
        (b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>', 400, "thiếu"),
    ],
)
def test_a_bad_package_gets_a_clear_answer_and_changes_nothing(office, systems, body, status, says):
    answer = send(systems, body)
    assert answer.status_code == status and says in answer.json()["message"]
    assert not ArrivedPackage.objects.exists()


def test_a_package_for_no_unit_here_is_refused(office, systems):
    answer = send(systems, package(office, systems, to="999.99.99.Z99"))
    assert answer.status_code == 404
    assert not ArrivedPackage.objects.exists()


def test_status_reports_about_our_documents_are_recorded(office, systems):
    report = edxml.Status(
        document_id=uuid.uuid4(),
        reporter=edxml.Organ(systems.police_code, "Công an tỉnh"),
        about_sender=office["unit"].identifier,
        notation="12/UBND-VP",
        issued_on=dt.date(2026, 3, 1),
        code=edxml.REGISTERED,
    )
    assert send(systems, edxml.build_status(report)).status_code == 200
    assert ReceivedStatus.objects.get().code == edxml.REGISTERED


def test_edxml_round_trips_every_field():
    sent = edxml.Package(
        sender=edxml.Organ("000.00.00.H99", "UBND tỉnh"),
        recipients=[edxml.Organ("000.01.00.H99", "UBND xã"), edxml.Organ("000.02.00.H99")],
        notation="07/2026/NQ-HĐND",
        issued_on=dt.date(2026, 1, 15),
        kind="NQ",
        kind_name="Nghị quyết",
        subject="Quy định mức chi <đặc thù> & hỗ trợ",
        place="Tây Ninh",
        signer_position="Chủ tịch",
        signer_name="Trần Văn A",
        urgency="express",
        secrecy="confidential",
        attachments=[edxml.Attachment("nq.pdf", "application/pdf", b"%PDF-1.7 x")],
    )
    back = edxml.parse(edxml.build(sent))
    assert back == sent


def test_an_issued_document_goes_to_another_system_and_its_status_comes_back(
    office, systems, django_capture_on_commit_callbacks
):
    """Our ward issues a document to the police's system: through the axis as edXML,
    and the police's status report moves the delivery on."""
    from tests.conftest import enrol_totp, totp_token
    from tests.documents.test_outgoing import drafted
    from tinhso.core.models import OrgUnit
    from tinhso.core.pki import issue_person_certificate, person_key
    from tinhso.documents import outgoing
    from tinhso.documents.choices import DeliveryState

    assert not OrgUnit.objects.filter(identifier=systems.police_code).exists()
    leader = office["leader"]
    issue_person_certificate(person_key(leader), leader.full_name, "Tỉnh Test")
    device = enrol_totp(leader)
    document = drafted(office)
    outgoing.do_submit_outgoing(
        document, reviewers=[], signer=leader, signer_title="CHỦ TỊCH",
        acting_user=document.drafter,
    )  # fmt: skip
    outgoing.do_sign_outgoing(document, code=totp_token(device), acting_user=leader)
    outgoing.do_issue_outgoing(
        document,
        recipients=[(systems.police_code, "Công an tỉnh"), ("000.99.99.X00", "Nơi không có")],
        emails=[],
        acting_user=office["clerk"],
    )
    document.refresh_from_db()
    police, nowhere = document.deliveries.order_by("id")
    assert police.state == DeliveryState.SENT
    assert nowhere.state == DeliveryState.FAILED and "trục" in nowhere.problem
    outbox.deliver_due()
    arrived = requests.get(f"{systems.provider}/received", timeout=5).json()
    packages = [
        edxml.parse(r["body"].encode())
        for r in arrived
        if r["path"].rstrip("/") == "/edoc" and not edxml.is_status(r["body"].encode())
    ]
    assert [p.notation for p in packages] == [document.notation]
    assert packages[0].document_id == document.package_id
    # The police's system reports it registered.
    report = edxml.build_status(
        edxml.Status(
            document_id=document.package_id,
            reporter=edxml.Organ(systems.police_code, "Công an tỉnh"),
            about_sender=office["unit"].identifier,
            notation=document.notation,
            issued_on=document.issued_on,
            code=edxml.REGISTERED,
        )
    )
    assert send(systems, report).status_code == 200
    police.refresh_from_db()
    assert police.state == DeliveryState.REGISTERED
