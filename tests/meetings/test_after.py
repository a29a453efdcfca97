"""After the session: minutes drafted from the room and signed by secretary and chair,
the public archive, follow-up tasks to done and their IOC figure, search inside the
session's documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import enrol_totp, official_client, totp_token
from tests.meetings.conftest import in_session
from tinhso.core.errors import ActionError
from tinhso.core.signing import verify_pdf
from tinhso.meetings import archive, followup, minutes, room, voting
from tinhso.meetings.choices import MinutesState, PublicationKind, TaskState

pytestmark = pytest.mark.django_db


def held(council):
    """A session that heard a speaker, passed a vote and closed."""
    meeting = in_session(council)
    speech = room.do_ask_to_speak(meeting, topic="Nguồn vốn", acting_user=council["delegates"][0])
    room.do_give_floor(meeting, speech.pk, acting_user=council["chair"])
    vote = voting.do_prepare_vote(
        meeting, question="Thông qua Nghị quyết kế hoạch năm 2027", acting_user=council["chair"]
    )
    voting.do_open_vote(vote, acting_user=council["chair"])
    for person in council["delegates"]:
        voting.do_cast(vote, choice="yes", acting_user=person)
    voting.do_close_vote(vote, acting_user=council["chair"])
    return room.do_close_session(meeting, acting_user=council["chair"])


def test_minutes_are_drafted_from_the_room_and_signed_by_secretary_then_chair(
    council, signing_keys
):
    from tinhso.core.pki import issue_person_certificate, person_key

    meeting = held(council)
    secretary, chair = council["secretary"], council["chair"]
    for person in (secretary, chair):
        issue_person_certificate(person_key(person), person.full_name, "Tỉnh Test")
    draft = minutes.do_start_minutes(meeting, acting_user=secretary)
    assert "có mặt 5, vắng mặt 0" in draft.text
    assert "Lê Văn Một (Nguồn vốn)" in draft.text
    assert "tán thành 3 (60,0% tổng số thành viên)" in draft.text and "THÔNG QUA" in draft.text
    text = draft.text.replace("(Thư ký ghi kết luận của chủ tọa.)", "Giao UBND phường triển khai.")
    minutes.do_edit_minutes(draft, text=text, acting_user=secretary)
    with pytest.raises(ActionError, match="Thư ký"):
        minutes.do_sign_minutes(draft, code="000000", acting_user=chair)
    minutes.do_sign_minutes(draft, code=totp_token(enrol_totp(secretary)), acting_user=secretary)
    with pytest.raises(ActionError, match="không sửa"):
        minutes.do_edit_minutes(draft, text="khác", acting_user=secretary)
    signed = minutes.do_sign_minutes(draft, code=totp_token(enrol_totp(chair)), acting_user=chair)
    assert signed.state == MinutesState.SIGNED
    with signed.pdf.open("rb") as handle:
        checks = verify_pdf(handle.read())
    assert [s.signer_name for s in checks.signatures] == [secretary.full_name, chair.full_name]
    assert all(s.intact and s.trusted for s in checks.signatures)
    page = official_client(council["delegates"][0]).get(
        reverse("meetings:minutes", args=[meeting.pk])
    )
    assert "Giao UBND phường triển khai." in page.content.decode()


def test_a_wrong_code_signs_nothing(council, signing_keys):
    meeting = held(council)
    draft = minutes.do_start_minutes(meeting, acting_user=council["secretary"])
    enrol_totp(council["secretary"])
    with pytest.raises(ActionError):
        minutes.do_sign_minutes(draft, code="123456", acting_user=council["secretary"])
    draft.refresh_from_db()
    assert draft.state == MinutesState.DRAFT and not draft.pdf


def test_the_public_finds_a_published_resolution_without_signing_in(council):
    meeting = held(council)
    document = meeting.documents.get()
    published = archive.do_publish(
        meeting, kind=PublicationKind.RESOLUTION, number="15/NQ-HĐND",
        issued_on=dt.date(2026, 12, 15), title="Kế hoạch phát triển kinh tế - xã hội năm 2027",
        document=document, acting_user=council["clerk"],
    )  # fmt: skip
    with pytest.raises(ActionError, match="đã được công bố"):
        archive.do_publish(
            meeting, kind=PublicationKind.RESOLUTION, number="15/NQ-HĐND",
            issued_on=dt.date(2026, 12, 15), title="x", document=document,
            acting_user=council["clerk"],
        )  # fmt: skip
    public = Client()
    listing = reverse("meetings_public:list")
    for query in (
        {"q": "ke hoach phat trien"},  # no accents
        {"term": "XII", "session": 12},
        {"kind": "resolution", "number": "15/NQ"},
        {"since": "2026-12-01", "until": "2026-12-31"},
    ):
        text = public.get(listing, query).content.decode()
        assert "15/NQ-HĐND" in text, query
    for query in ({"q": "khong co tu nay"}, {"session": 3}, {"until": "2026-11-30"}):
        assert "15/NQ-HĐND" not in public.get(listing, query).content.decode(), query
    detail = public.get(reverse("meetings_public:detail", args=[published.pk]))
    assert "Căn cứ Luật Tổ chức chính quyền" in detail.content.decode()
    pdf = public.get(reverse("meetings_public:file", args=[published.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"


def test_a_closed_meeting_publishes_nothing_and_only_organisers_publish(council):
    meeting = in_session(council, confidential=True)
    document = meeting.documents.get()
    with pytest.raises(ActionError, match="họp kín"):
        archive.do_publish(
            meeting, kind="resolution", number="1/NQ", issued_on=dt.date(2026, 12, 1),
            title="x", document=document, acting_user=council["clerk"],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        archive.do_publish(
            meeting, kind="resolution", number="1/NQ", issued_on=dt.date(2026, 12, 1),
            title="x", document=document, acting_user=council["delegates"][0],
        )  # fmt: skip


def test_tasks_go_to_the_unit_are_reported_done_and_overdue_ones_reach_the_ioc(council, places):
    from tinhso.core import derived

    meeting = held(council)
    ward_office = places["ward_ubnd"]
    today = timezone.localdate()
    with pytest.raises(ActionError, match="đã qua"):
        followup.do_assign_task(
            meeting, title="x", unit=ward_office, due=today - dt.timedelta(days=1),
            acting_user=council["chair"],
        )  # fmt: skip
    task = followup.do_assign_task(
        meeting, title="Lập kế hoạch vốn đầu tư công", unit=ward_office,
        due=today + dt.timedelta(days=10), acting_user=council["chair"],
    )  # fmt: skip
    late = followup.do_assign_task(
        meeting,
        title="Báo cáo giải ngân",
        unit=ward_office,
        due=today,
        acting_user=council["chair"],
    )
    type(late).objects.filter(pk=late.pk).update(due=today - dt.timedelta(days=3))
    start = timezone.now() - dt.timedelta(days=1)
    indicator = derived.get("meeting_tasks_overdue")
    assert indicator is not None
    assert indicator.compute(places["ward"], start, timezone.now()) == 1
    with pytest.raises(PermissionDenied):
        followup.do_finish_task(task, report="Xong", acting_user=council["outsider"])
    clerk = official_client(council["clerk"])
    page = clerk.get(reverse("meetings:tasks")).content.decode()
    assert "1 nhiệm vụ quá hạn" in page and "Báo cáo giải ngân" in page
    clerk.post(reverse("meetings:finish_task"), {"task": late.pk, "report": "Đã báo cáo"})
    late.refresh_from_db()
    assert late.state == TaskState.DONE
    assert indicator.compute(places["ward"], start, timezone.now()) == 0


def test_search_inside_the_sessions_documents_gives_the_pages(council):
    meeting = in_session(council)
    reader = official_client(council["delegates"][0])
    url = reverse("meetings:search", args=[meeting.pk])
    found = reader.get(url, {"q": "chinh quyen dia phuong"}).content.decode()
    document = meeting.documents.get()
    assert f"{reverse('meetings:reader', args=[document.pk])}#page-1" in found
    assert "#page-6" in found
    nothing = reader.get(url, {"q": "khongcotunay"}).content.decode()
    assert "Không tìm thấy" in nothing
