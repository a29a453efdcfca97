"""Outgoing documents: draft → review chain → the leader's signature (TOTP asked again)
→ number, date and the organisation's signature → recipients; what a checker sees of
both signatures, and what it sees once the file is altered."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import enrol_totp, official_client, totp_token
from tests.documents.conftest import register
from tinhso.core.errors import ActionError
from tinhso.core.sample_documents import administrative_pdf
from tinhso.core.signing import verify_pdf
from tinhso.documents.choices import DeliveryState, OutgoingState, ReviewState, Secrecy
from tinhso.documents.models import ArrivedPackage, OutgoingDocument

pytestmark = pytest.mark.django_db


def draft_pdf(signer: str = "Hoàng Văn Lãnh Đạo") -> bytes:
    return administrative_pdf(
        issuer="Ủy ban nhân dân phường An",
        notation="     /QĐ-UBND",
        place="An",
        issued_on=None,
        kind_heading="QUYẾT ĐỊNH",
        subject="ban hành quy chế làm việc của Ủy ban nhân dân phường",
        body="Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n" * 3,
        signer_title="CHỦ TỊCH",
        signer_name=signer,
    )


@pytest.fixture
def signer_ready(office, signing_keys) -> Any:
    """The leader has a personal certificate and an authenticator app."""
    from tinhso.core.pki import issue_person_certificate, person_key

    leader = office["leader"]
    issue_person_certificate(person_key(leader), leader.full_name, "Tỉnh Test", "UBND")
    return enrol_totp(leader)


def drafted(office: dict[str, Any], **overrides: Any) -> OutgoingDocument:
    from tinhso.documents import outgoing

    fields: dict[str, Any] = {
        "unit": office["unit"],
        "kind": "QĐ",
        "subject": "Ban hành quy chế làm việc của Ủy ban nhân dân phường",
        "file_bytes": draft_pdf(),
        "file_name": "quy-che.pdf",
        "acting_user": office["other_staff"],
    }
    fields.update(overrides)
    return outgoing.do_draft_outgoing(**fields)


def signed(office: dict[str, Any], device: Any, **overrides: Any) -> OutgoingDocument:
    from tinhso.documents import outgoing

    document = drafted(office, **overrides)
    outgoing.do_submit_outgoing(
        document,
        reviewers=[],
        signer=office["leader"],
        signer_title="CHỦ TỊCH",
        acting_user=document.drafter,
    )
    # A code is accepted once; signing several documents here happens within one
    # 30-second window, so the device forgets the last one as if time had passed.
    type(device).objects.filter(pk=device.pk).update(last_t=-1)
    return outgoing.do_sign_outgoing(
        document, code=totp_token(device), acting_user=office["leader"]
    )


def test_a_draft_goes_along_its_chain_and_back_when_returned(office):
    from tinhso.documents import outgoing

    document = drafted(office)
    assert document.state == OutgoingState.DRAFT
    first, second = office["specialist"], office["colleague"]
    outgoing.do_submit_outgoing(
        document,
        reviewers=[first, second],
        signer=office["leader"],
        signer_title="CHỦ TỊCH",
        acting_user=office["other_staff"],
    )
    # Only the first reviewer's turn: the second cannot act yet.
    with pytest.raises(PermissionDenied):
        outgoing.do_review_outgoing(document, approve=True, acting_user=second)
    outgoing.do_review_outgoing(document, approve=True, note="Được.", acting_user=first)
    with pytest.raises(ActionError):  # returning needs a reason
        outgoing.do_review_outgoing(document, approve=False, acting_user=second)
    outgoing.do_review_outgoing(document, approve=False, note="Sửa Điều 3.", acting_user=second)
    document.refresh_from_db()
    assert document.state == OutgoingState.DRAFT
    assert [r.state for r in document.reviews.order_by("position")] == [
        ReviewState.APPROVED,
        ReviewState.RETURNED,
    ]
    # Sent again: a new round, both in turn, then the signer's.
    outgoing.do_submit_outgoing(
        document,
        reviewers=[first, second],
        signer=office["leader"],
        signer_title="CHỦ TỊCH",
        acting_user=office["other_staff"],
    )
    outgoing.do_review_outgoing(document, approve=True, acting_user=first)
    outgoing.do_review_outgoing(document, approve=True, acting_user=second)
    document.refresh_from_db()
    assert document.state == OutgoingState.TO_SIGN
    from tinhso.documents.permissions import documents_to_sign

    assert document in documents_to_sign(office["leader"])


def test_the_signer_must_be_a_leader_of_the_unit(office):
    from tinhso.documents import outgoing

    document = drafted(office)
    with pytest.raises(ActionError):
        outgoing.do_submit_outgoing(
            document,
            reviewers=[],
            signer=office["specialist"],
            signer_title="",
            acting_user=office["other_staff"],
        )


def test_signing_asks_the_code_again_and_a_wrong_one_changes_nothing(office, signer_ready):
    from tinhso.documents import outgoing

    document = drafted(office)
    outgoing.do_submit_outgoing(
        document, reviewers=[], signer=office["leader"], signer_title="CHỦ TỊCH",
        acting_user=office["other_staff"],
    )  # fmt: skip
    with pytest.raises(ActionError) as refused:
        outgoing.do_sign_outgoing(document, code="000000", acting_user=office["leader"])
    assert refused.value.field == "code"
    document.refresh_from_db()
    assert document.state == OutgoingState.TO_SIGN and not document.signed_pdf
    # Not the signer: refused even with a good code.
    with pytest.raises(PermissionDenied):
        outgoing.do_sign_outgoing(
            document, code=totp_token(signer_ready), acting_user=office["commune_leader"]
        )
    outgoing.do_sign_outgoing(document, code=totp_token(signer_ready), acting_user=office["leader"])
    document.refresh_from_db()
    assert document.state == OutgoingState.TO_ISSUE
    with document.signed_pdf.open("rb") as stored:
        found = verify_pdf(stored.read())
    assert found.valid
    assert [s.signer_name for s in found.signatures] == ["Hoàng Văn Lãnh Đạo"]


def test_issuing_numbers_dates_and_adds_the_organisation_signature(office, signer_ready):
    from tinhso.documents import outgoing

    document = signed(office, signer_ready)
    outgoing.do_issue_outgoing(document, recipients=[], emails=[], acting_user=office["clerk"])
    document.refresh_from_db()
    assert document.state == OutgoingState.ISSUED
    assert document.notation == "01/QĐ-UBND"
    assert document.issued_on == timezone.localdate()
    with document.final_pdf.open("rb") as stored:
        final = stored.read()
    found = verify_pdf(final)
    assert found.valid
    # The leader's, then the organisation's; the number filled in between breaks neither.
    assert [s.signer_name for s in found.signatures] == [
        "Hoàng Văn Lãnh Đạo",
        office["unit"].name,
    ]
    assert found.signatures[0].changed_after and found.signatures[0].intact
    # The number and date stand in the document's blanks.
    from pyhanko.pdf_utils.reader import PdfFileReader

    fields = {
        str(ref.get_object()["/T"]): str(ref.get_object().get("/V", ""))
        for ref in PdfFileReader(io.BytesIO(final)).root["/AcroForm"]["/Fields"]
    }
    assert fields["SoVanBan"] == "01/QĐ-UBND"
    assert fields["NgayBanHanh"].startswith("ngày ")
    assert fields["MaKiemTra"].endswith(f"/verify/{document.verify_token}/")


def test_a_file_changed_after_signing_is_told_apart(office, signer_ready):
    from tinhso.documents import outgoing

    document = signed(office, signer_ready)
    outgoing.do_issue_outgoing(document, recipients=[], emails=[], acting_user=office["clerk"])
    document.refresh_from_db()
    with document.final_pdf.open("rb") as stored:
        final = bytearray(stored.read())
    # One letter of the body changed, inside the part both signatures cover.
    at = final.find(b"/Length")
    assert at > 0
    final[at + 200] = (final[at + 200] + 1) % 256
    assert not verify_pdf(bytes(final)).valid


def test_each_kind_is_numbered_from_01_in_its_own_register(office, signer_ready):
    from tinhso.documents import outgoing

    notations = []
    for kind in ("QĐ", "QĐ", "KH"):
        document = signed(office, signer_ready, kind=kind)
        outgoing.do_issue_outgoing(document, recipients=[], emails=[], acting_user=office["clerk"])
        document.refresh_from_db()
        notations.append(document.notation)
    assert notations == ["01/QĐ-UBND", "02/QĐ-UBND", "01/KH-UBND"]


def test_only_the_unit_clerk_issues(office, signer_ready):
    from tinhso.documents import outgoing

    document = signed(office, signer_ready)
    for outsider in (office["leader"], office["specialist"], office["commune_leader"]):
        with pytest.raises(PermissionDenied):
            outgoing.do_issue_outgoing(document, recipients=[], emails=[], acting_user=outsider)


def test_recipients_here_get_it_as_an_arrival_and_its_status_comes_back(
    office, signer_ready, places, django_capture_on_commit_callbacks
):
    from tests.conftest import grant, make_user
    from tinhso.accounts.choices import Role
    from tinhso.documents import outgoing

    commune = places["commune_ubnd"]
    commune_clerk = grant(make_user("+84901000299", "Phạm Văn Thư Xã"), commune, Role.CLERK)
    document = signed(office, signer_ready)
    with django_capture_on_commit_callbacks(execute=True):
        outgoing.do_issue_outgoing(
            document,
            recipients=[(commune.identifier, commune.name)],
            emails=["nguoinhan@example.org"],
            acting_user=office["clerk"],
        )
    arrival = ArrivedPackage.objects.get(unit=commune)
    assert arrival.notation == "01/QĐ-UBND"
    assert "hợp lệ" in arrival.signature_note
    axis, email = document.deliveries.order_by("channel")
    assert axis.state == DeliveryState.RECEIVED
    # The commune's clerk registers it: the issuer sees "registered".
    register(
        {"clerk": commune_clerk, "unit": commune},
        unit=commune,
        file_bytes=b"",
        arrival=arrival,
        notation=arrival.notation,
        issuer=office["unit"].name,
    )
    axis.refresh_from_db()
    assert axis.state == DeliveryState.REGISTERED
    # The outsider got an e-mail with the signed PDF.
    assert email.email == "nguoinhan@example.org"
    email.refresh_from_db()
    assert email.state == DeliveryState.SENT
    (sent,) = mail.outbox
    assert sent.to == ["nguoinhan@example.org"]
    assert sent.attachments[0][0] == "01-QĐ-UBND.pdf"


def test_a_secret_document_is_neither_mailed_nor_public(office, signer_ready):
    from tinhso.documents import outgoing

    with pytest.raises(ActionError):
        drafted(office, secrecy=Secrecy.CONFIDENTIAL, public=True)
    document = signed(office, signer_ready, secrecy=Secrecy.CONFIDENTIAL)
    with pytest.raises(ActionError):
        outgoing.do_issue_outgoing(
            document, recipients=[], emails=["a@example.org"], acting_user=office["clerk"]
        )
    document.refresh_from_db()
    assert document.state == OutgoingState.TO_ISSUE and document.number is None


def test_who_sees_an_outgoing_document(office, signer_ready):
    from tinhso.documents import outgoing

    document = drafted(office)
    url = reverse("documents:outgoing", args=[document.pk])
    assert official_client(office["other_staff"]).get(url).status_code == 200
    assert official_client(office["clerk"]).get(url).status_code == 200
    # A colleague not in the chain does not see a draft; another commune's leader never.
    assert official_client(office["colleague"]).get(url).status_code == 404
    assert official_client(office["commune_leader"]).get(url).status_code == 404
    secret = signed(office, signer_ready, secrecy=Secrecy.SECRET)
    outgoing.do_issue_outgoing(secret, recipients=[], emails=[], acting_user=office["clerk"])
    secret_url = reverse("documents:outgoing", args=[secret.pk])
    assert official_client(office["colleague"]).get(secret_url).status_code == 404
    assert official_client(office["leader"]).get(secret_url).status_code == 200


def test_the_public_page_lists_published_documents_and_checks_them(office, signer_ready, client):
    from tinhso.documents import outgoing

    public = signed(office, signer_ready, public=True, subject="Kế hoạch phòng chống lụt bão")
    outgoing.do_issue_outgoing(public, recipients=[], emails=[], acting_user=office["clerk"])
    private = signed(office, signer_ready, subject="Điều động cán bộ trực")
    outgoing.do_issue_outgoing(private, recipients=[], emails=[], acting_user=office["clerk"])
    listed = client.get(reverse("documents_public:list"), {"q": "lut bao"}).content.decode()
    assert "Kế hoạch phòng chống lụt bão" in listed
    assert (
        "Điều động cán bộ trực" not in client.get(reverse("documents_public:list")).content.decode()
    )
    assert client.get(reverse("documents_public:file", args=[private.pk])).status_code == 404
    public.refresh_from_db()
    # The QR code's address leads to the check, which compares a copy byte for byte.
    check = client.get(reverse("verify", args=[public.verify_token]))
    assert check.status_code == 302
    page = client.get(check["Location"]).content.decode()
    assert public.notation in page
    with public.final_pdf.open("rb") as stored:
        same = stored.read()
    upload = io.BytesIO(same)
    upload.name = "ban-sao.pdf"
    answer = client.post(check["Location"], {"copy": upload}).content.decode()
    assert "trùng khớp" in answer


def test_a_word_draft_is_converted_in_the_background(office, django_capture_on_commit_callbacks):
    from tinhso.core import office as word
    from tinhso.core.sample_documents import draft_docx

    if not word.available():
        pytest.skip("LibreOffice is not installed")
    docx = draft_docx(
        issuer="Ủy ban nhân dân phường An",
        kind_abbreviation="KH-UBND",
        place="An",
        kind_heading="KẾ HOẠCH",
        subject="tổ chức Tết Trung thu cho thiếu nhi",
        body="Nội dung kế hoạch.",
        signer_name="Hoàng Văn Lãnh Đạo",
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = drafted(office, kind="KH", file_bytes=docx, file_name="ke-hoach.docx")
    document.refresh_from_db()
    assert document.state == OutgoingState.DRAFT, document.problem
    with document.draft_pdf.open("rb") as stored:
        assert b"%PDF-" in stored.read(8)


def _zip(entries: dict[str, bytes], *, level: int = 9) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        # 60 MB of zeros in a few kilobytes.
        (_zip({"word/document.xml": b"\0" * 60_000_000}), "bomb"),
        (_zip({f"word/media/{i}.xml": b"x" for i in range(2_100)}), "bomb"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "encrypted"),
        (_zip({"readme.txt": b"not a document"}), "damaged"),
        (
            _zip(
                {
                    "word/document.xml": b"<w:document/>",
                    "word/_rels/document.xml.rels": (
                        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                        b'relationships"><Relationship Id="r1" Type="http://schemas.openxml'
                        b'formats.org/officeDocument/2006/relationships/image" '
                        b'Target="http://169.254.169.254/latest" TargetMode="External"/>'
                        b"</Relationships>"
                    ),
                }
            ),
            "external_link",
        ),
    ],
    ids=["zip-bomb", "many-entries", "password", "not-word", "remote-image"],
)
def test_a_word_file_that_must_not_reach_libreoffice_is_refused(office, data, code):
    with pytest.raises(ActionError) as refused:
        drafted(office, file_bytes=data, file_name="du-thao.docx")
    assert refused.value.code == code
    assert refused.value.field == "file"
    assert not OutgoingDocument.objects.exists()


def test_an_encrypted_pdf_draft_is_refused(office):
    import pypdfium2  # noqa: F401 - the engine the refusal comes from

    encrypted = (
        b"%PDF-1.4\n1 0 obj<</Filter/Standard/V 1/R 2/O(x)/U(x)/P -4>>endobj\ntrailer"
        b"<</Root 2 0 R/Encrypt 1 0 R>>\n%%EOF"
    )
    with pytest.raises(ActionError):
        drafted(office, file_bytes=encrypted, file_name="khoa.pdf")
    assert not OutgoingDocument.objects.exists()


def test_the_pages_walk_a_draft_from_upload_to_issue(office, signer_ready):
    """The officials' pages, each step through its form."""
    drafter = official_client(office["other_staff"])
    answer = drafter.post(
        reverse("documents:outgoing_new"),
        {
            "unit": office["unit"].pk,
            "kind": "QĐ",
            "subject": "Ban hành quy chế",
            "urgency": "normal",
            "secrecy": "none",
            "file": _upload(draft_pdf(), "du-thao.pdf"),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    document = OutgoingDocument.objects.get()
    url = reverse("documents:outgoing", args=[document.pk])
    drafter.post(
        reverse("documents:submit", args=[document.pk]),
        {
            "reviewer_1": office["specialist"].pk,
            "signer": office["leader"].pk,
            "signer_title": "CHỦ TỊCH",
        },
    )
    reviewer = official_client(office["specialist"])
    assert "Ý kiến duyệt của bạn" in reviewer.get(url).content.decode()
    reviewer.post(reverse("documents:review", args=[document.pk]), {"decision": "approve"})
    leader = official_client(office["leader"])
    page = leader.get(reverse("documents:my_work")).content.decode()
    assert "Văn bản chờ bạn ký" in page
    wrong = leader.post(reverse("documents:sign", args=[document.pk]), {"code": "12"}, follow=True)
    assert "6 chữ số" in wrong.content.decode()
    leader.post(
        reverse("documents:sign", args=[document.pk]),
        {"code": totp_token(signer_ready, steps_ahead=1)},
    )
    document.refresh_from_db()
    assert document.state == OutgoingState.TO_ISSUE
    clerk = official_client(office["clerk"])
    clerk.post(reverse("documents:issue", args=[document.pk]), {"emails": ""})
    document.refresh_from_db()
    assert document.notation == "01/QĐ-UBND"
    shown = clerk.get(url).content.decode()
    assert "Hoàng Văn Lãnh Đạo" in shown and "hợp lệ" in shown


def _upload(data: bytes, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_handler_drafts_the_reply_to_an_incoming_document(office, signer_ready):
    """From the incoming document's page to its reply; once the reply is issued, the
    incoming document's history says so."""
    from tinhso.documents import actions, outgoing

    incoming = register(office)
    actions.do_assign(
        incoming,
        lead=actions.Holder(user=office["other_staff"]),
        days=5,
        acting_user=office["leader"],
    )
    handler = official_client(office["other_staff"])
    page = handler.get(reverse("documents:incoming", args=[incoming.pk])).content.decode()
    new = reverse("documents:outgoing_new") + f"?reply_to={incoming.pk}"
    assert new.replace("&", "&amp;") in page or new in page
    form = handler.get(new).content.decode()
    assert "Trả lời văn bản số 15/QĐ-UBND" in form
    # Someone who cannot see the incoming document cannot answer it.
    outsider = official_client(office["commune_leader"])
    assert outsider.get(new).status_code in (403, 404)
    reply = signed(office, signer_ready, in_reply_to=incoming, kind="CV")
    outgoing.do_issue_outgoing(reply, recipients=[], emails=[], acting_user=office["clerk"])
    assert incoming.notes.filter(kind="replied", text__startswith="01/UBND").exists()


@pytest.mark.parametrize(
    "action",
    ["replace_draft", "submit", "review", "return_draft", "sign", "issue", "send_more"],
)
def test_an_outsider_reaches_no_action_on_a_document(office, signer_ready, action):
    """Another commune's leader, posting to each of a ward document's actions: 404, and
    the document is as it was."""
    document = signed(office, signer_ready)
    before = (document.state, document.number, document.notes.count())
    outsider = official_client(office["commune_leader"])
    answer = outsider.post(
        reverse(f"documents:{action}", args=[document.pk]),
        {"code": totp_token(signer_ready), "decision": "approve", "note": "x", "emails": ""},
    )
    assert answer.status_code == 404
    document.refresh_from_db()
    assert (document.state, document.number, document.notes.count()) == before
    assert outsider.get(reverse("documents:outgoing_file", args=[document.pk])).status_code == 404


def test_the_clerk_sends_more_after_issuing(office, signer_ready, places):
    """A recipient forgotten, one that failed sent again; one that has it is not sent twice."""
    from tinhso.documents import outgoing

    commune = places["commune_ubnd"]
    document = signed(office, signer_ready)
    outgoing.do_issue_outgoing(
        document,
        recipients=[("000.99.99.X00", "Nơi chưa kết nối")],
        emails=[],
        acting_user=office["clerk"],
    )
    assert document.deliveries.get().state == DeliveryState.FAILED
    sent = outgoing.do_send_more(
        document,
        recipients=[(commune.identifier, commune.name)],
        emails=["ban@example.org"],
        acting_user=office["clerk"],
    )
    assert sent == 2
    assert ArrivedPackage.objects.filter(unit=commune).count() == 1
    with pytest.raises(ActionError):
        outgoing.do_send_more(
            document,
            recipients=[(commune.identifier, commune.name)],
            emails=["BAN@example.org"],
            acting_user=office["clerk"],
        )
    with pytest.raises(PermissionDenied):
        outgoing.do_send_more(
            document, recipients=[], emails=["x@example.org"], acting_user=office["leader"]
        )


def test_registers_are_searched_by_field(office, signer_ready):
    from tinhso.documents import outgoing
    from tinhso.documents.choices import Field

    incoming = register(office, field=Field.HEALTH)
    register(office, notation="16/QĐ-UBND", subject="Một văn bản khác")
    clerk = official_client(office["clerk"])
    listed = clerk.get(reverse("documents:incoming_list"), {"field": "health"}).content.decode()
    assert incoming.notation in listed and "16/QĐ-UBND" not in listed
    issued = signed(office, signer_ready, field=Field.HEALTH, public=True)
    outgoing.do_issue_outgoing(issued, recipients=[], emails=[], acting_user=office["clerk"])
    signed(office, signer_ready, subject="Văn bản về đất đai", field=Field.LAND)
    found = clerk.get(reverse("documents:outgoing_list"), {"field": "health"}).content.decode()
    assert "01/QĐ-UBND" in found and "Văn bản về đất đai" not in found
    public = Client().get(reverse("documents_public:list"), {"field": "land"}).content.decode()
    assert "01/QĐ-UBND" not in public


def test_the_registered_seal_and_a_handwritten_signature_are_what_the_page_shows(
    office, signer_ready, tmp_path
):
    """The IT admin puts the unit's seal and the leader's signature in place; the issued
    page shows them (rendered, as a reader's viewer would) instead of the stand-ins."""
    import pypdfium2
    from django.core.management import call_command
    from PIL import Image

    from tinhso.documents import outgoing

    seal, hand = tmp_path / "seal.png", tmp_path / "hand.jpg"
    Image.new("RGB", (400, 400), (0, 160, 0)).save(seal)  # a green seal: told apart
    Image.new("RGB", (300, 80), (120, 0, 120)).save(hand)  # a purple signature
    call_command("set_signature_image", "--unit", office["unit"].identifier, str(seal))
    call_command("set_signature_image", "--official", office["leader"].phone, str(hand))
    document = signed(office, signer_ready)
    outgoing.do_issue_outgoing(document, recipients=[], emails=[], acting_user=office["clerk"])
    document.refresh_from_db()
    pdf = pypdfium2.PdfDocument(document.final_pdf.path)
    pdf.init_forms()
    page = pdf[len(pdf) - 1]
    height = page.get_size()[1]
    picture = page.render(scale=1, may_draw_forms=True).to_pil().convert("RGB")
    x1, y1, _x2, y2 = document.layout["seal"][1]
    seal_pixel = picture.getpixel((int(x1 + 10), int(height - (y1 + y2) / 2)))
    sx1, _sy1, sx2, sy2 = document.layout["signer"][1]
    hand_pixel = picture.getpixel((int((sx1 + sx2) / 2), int(height - sy2 + 8)))
    pdf.close()
    assert seal_pixel[1] > 120 and seal_pixel[0] < 60, seal_pixel
    assert hand_pixel[0] > 80 and hand_pixel[2] > 80 and hand_pixel[1] < 60, hand_pixel
    assert verify_pdf(document.final_pdf.read()).valid
