"""Before the meeting and at the table: set-up by the organiser, invitations and
answers, documents read page by page with one's own notes, QR codes, check-in — and
nothing of it for anyone not invited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from tests.conftest import official_client
from tests.meetings.conftest import meeting_for, pdf
from tinhso.core.errors import ActionError
from tinhso.core.models import Notification
from tinhso.meetings.choices import DocumentState, Reply
from tinhso.meetings.models import MeetingDocument

pytestmark = pytest.mark.django_db


def prepared(council: dict[str, Any]) -> tuple[Any, MeetingDocument]:
    from tinhso.meetings import actions

    meeting = meeting_for(council)
    item = actions.do_add_item(
        meeting, title="Thông qua kế hoạch năm 2027", presenter="Chủ tịch UBND",
        minutes=30, acting_user=council["clerk"],
    )  # fmt: skip
    document = actions.do_add_document(
        meeting, title="Dự thảo nghị quyết", file_bytes=pdf(pages=2), file_name="nq.pdf",
        item=item, acting_user=council["clerk"],
    )  # fmt: skip
    actions.do_invite(meeting, people=council["delegates"], acting_user=council["clerk"])
    return meeting, document


def test_the_organiser_prepares_and_the_delegates_are_invited(council):
    meeting, document = prepared(council)
    assert document.state == DocumentState.READY and document.pages >= 2
    invited = {p.user for p in meeting.participants.all()}
    assert set(council["delegates"]) <= invited and council["chair"] in invited
    one = council["delegates"][0]
    assert Notification.objects.filter(recipient=one, template="meeting_invitation").count() == 1
    page = official_client(one).get(reverse("meetings:meeting", args=[meeting.pk])).content
    assert (
        "Thông qua kế hoạch năm 2027".encode() in page and b"D\xe1\xbb\xb1 th\xe1\xba\xa3o" in page
    )


def test_only_the_body_organisers_create_meetings(council):
    with pytest.raises(PermissionDenied):
        meeting_for(council, acting_user=council["outsider"])
    with pytest.raises(PermissionDenied):
        meeting_for(council, acting_user=council["delegates"][0])


def test_a_new_version_supersedes_and_the_old_one_stays(council):
    from tinhso.meetings import actions

    meeting, first = prepared(council)
    second = actions.do_add_document(
        meeting, title="", file_bytes=pdf(subject="kế hoạch năm 2027 (sửa)"),
        file_name="nq-v2.pdf", replaces=first, acting_user=council["clerk"],
    )  # fmt: skip
    first.refresh_from_db()
    assert (second.version, second.title, second.item_id) == (2, first.title, first.item_id)
    assert first.superseded_by == second and not first.is_current
    with pytest.raises(ActionError):  # only the newest is replaced
        actions.do_add_document(
            meeting, title="", file_bytes=pdf(), file_name="x.pdf", replaces=first,
            acting_user=council["clerk"],
        )  # fmt: skip
    reader = official_client(council["delegates"][1])
    old = reader.get(reverse("meetings:reader", args=[first.pk])).content.decode()
    assert "đã có bản mới hơn" in old


def test_an_invitee_answers_and_says_why_when_absent(council):
    from tinhso.meetings import actions

    meeting, _document = prepared(council)
    one = council["delegates"][0]
    with pytest.raises(ActionError):
        actions.do_reply(meeting, reply=Reply.ABSENT, acting_user=one)
    actions.do_reply(meeting, reply=Reply.ABSENT, reason="Đi công tác", acting_user=one)
    answer = official_client(council["delegates"][1]).post(
        reverse("meetings:reply", args=[meeting.pk]),
        {"reply": Reply.DEPUTY, "deputy": "Nguyễn Văn Thay"},
    )
    assert answer.status_code == 302
    replies = {p.user: (p.reply, p.reason, p.deputy) for p in meeting.participants.all()}
    assert replies[one] == (Reply.ABSENT, "Đi công tác", "")
    assert replies[council["delegates"][1]] == (Reply.DEPUTY, "", "Nguyễn Văn Thay")
    with pytest.raises(PermissionDenied):  # not invited
        actions.do_reply(meeting, reply=Reply.ATTENDING, acting_user=council["outsider"])


def test_pages_are_pictures_rendered_once_and_notes_are_ones_own(council, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    _meeting, document = prepared(council)
    one, two = council["delegates"][0], council["delegates"][1]
    client = official_client(one)
    image = client.get(reverse("meetings:page", args=[document.pk, 2]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n" and "private" in image["Cache-Control"]
    assert len(list((tmp_path / "meeting-pages").glob("*.png"))) == 1
    assert client.get(reverse("meetings:page", args=[document.pk, 99])).status_code == 404
    client.post(reverse("meetings:add_note", args=[document.pk]), {"page": 2, "text": "Hỏi về vốn"})
    mine = client.get(reverse("meetings:reader", args=[document.pk])).content.decode()
    assert "Hỏi về vốn" in mine
    theirs = official_client(two).get(reverse("meetings:reader", args=[document.pk])).content
    assert "Hỏi về vốn".encode() not in theirs
    secretary = official_client(council["secretary"])
    assert (
        "Hỏi về vốn".encode()
        not in secretary.get(reverse("meetings:reader", args=[document.pk])).content
    )


def test_a_qr_code_opens_after_sign_in_only_for_those_invited(council):
    meeting, document = prepared(council)
    for code, target in (
        (meeting.code, reverse("meetings:meeting", args=[meeting.pk])),
        (document.code, reverse("meetings:reader", args=[document.pk])),
    ):
        landing = reverse("meetings:landing", args=[code])
        anonymous = Client().get(landing)
        assert anonymous.status_code == 302 and "login" in anonymous["Location"]
        assert official_client(council["delegates"][2]).get(landing)["Location"] == target
        assert official_client(council["outsider"]).get(landing).status_code == 404
    assert (
        official_client(council["outsider"])
        .get(reverse("meetings:landing", args=["khong-co-ma"]))
        .status_code
        == 404
    )


def test_an_outsider_guessing_addresses_sees_nothing(council):
    meeting, document = prepared(council)
    outsider = official_client(council["outsider"])
    for url in (
        reverse("meetings:meeting", args=[meeting.pk]),
        reverse("meetings:reader", args=[document.pk]),
        reverse("meetings:page", args=[document.pk, 1]),
    ):
        assert outsider.get(url).status_code == 404, url
    for name in ("reply", "check_in", "add_item", "invite"):
        answer = outsider.post(reverse(f"meetings:{name}", args=[meeting.pk]), {"title": "x"})
        assert answer.status_code == 404, name
    answer = outsider.post(
        reverse("meetings:add_note", args=[document.pk]), {"page": 1, "text": "x"}
    )
    assert answer.status_code == 404
    # A delegate may read but not prepare.
    delegate = official_client(council["delegates"][0])
    answer = delegate.post(
        reverse("meetings:add_item", args=[meeting.pk]), {"title": "x", "minutes": 5}
    )
    assert answer.status_code == 404
    assert meeting.items.count() == 1


def test_check_in_by_oneself_or_the_secretary_and_the_quorum_shown(council):
    from tinhso.meetings import actions

    meeting, _document = prepared(council)
    one, two = council["delegates"][0], council["delegates"][1]
    mine = meeting.participants.get(user=one)
    theirs = meeting.participants.get(user=two)
    actions.do_check_in(meeting, mine, acting_user=one)
    with pytest.raises(PermissionDenied):
        actions.do_check_in(meeting, theirs, acting_user=one)
    actions.do_check_in(meeting, theirs, acting_user=council["secretary"])
    theirs.refresh_from_db()
    assert theirs.reply == Reply.ATTENDING  # here in person, though they never answered
    page = official_client(council["chair"]).get(reverse("meetings:meeting", args=[meeting.pk]))
    members = meeting.participants.filter(role="member").count()
    assert f"2/{members} thành viên có mặt" in page.content.decode()


def test_a_word_document_is_converted_in_the_background(
    council, django_capture_on_commit_callbacks
):
    from tinhso.core import office
    from tinhso.core.sample_documents import draft_docx
    from tinhso.meetings import actions

    if not office.available():
        pytest.skip("LibreOffice is not installed")
    meeting = meeting_for(council)
    word = draft_docx(
        issuer="Hội đồng nhân dân phường An", kind_abbreviation="NQ-HĐND", place="An",
        kind_heading="NGHỊ QUYẾT", subject="dự toán ngân sách 2027", body="Nội dung.",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        document = actions.do_add_document(
            meeting, title="Dự toán", file_bytes=word, file_name="du-toan.docx",
            acting_user=council["clerk"],
        )  # fmt: skip
    document.refresh_from_db()
    assert document.state == DocumentState.READY and document.pages >= 1
