"""The demo's People's Council session, held last week in the first commune: its
programme, eight documents, the delegates checked in, a speakers list, two votes (one
secret), the minutes signed by the secretary and the chair, a published resolution
and the minutes in the public archive, two follow-up tasks (one overdue) — and a
department's working meeting tomorrow.

The delegates other than Lò Văn Đại (who has a demo sign-in) are accounts without a
password: they exist so that the room has members who answered and voted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.models import Membership, User
from tinhso.core import pki
from tinhso.core.choices import OrgUnitKind
from tinhso.core.models import OrgUnit
from tinhso.core.sample_documents import administrative_pdf
from tinhso.meetings import actions, archive, followup, minutes, room, voting
from tinhso.meetings.choices import MeetingKind, PublicationKind, Reply
from tinhso.meetings.models import Meeting, Participant

DELEGATES = [
    ("+84901000091", "Nguyễn Văn Bình"), ("+84901000092", "Trần Thị Cúc"),
    ("+84901000093", "Lê Hoàng Dũng"), ("+84901000094", "Phạm Thị Giang"),
    ("+84901000095", "Hoàng Văn Hưng"), ("+84901000096", "Vũ Thị Kim"),
    ("+84901000097", "Đỗ Minh Long"), ("+84901000098", "Mai Thị Ngọc"),
]  # fmt: skip
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; căn cứ Luật "
    "Ngân sách nhà nước ngày 25 tháng 6 năm 2015; xét Tờ trình của Ủy ban nhân dân "
    "phường, Báo cáo thẩm tra của các Ban Hội đồng nhân dân và ý kiến thảo luận của đại "
    "biểu Hội đồng nhân dân tại kỳ họp. "
) * 10
PLAN = "kế hoạch phát triển kinh tế - xã hội năm 2027"
# item, presenter, minutes, documents (title, heading, subject, pages)
PROGRAMME: list[tuple[str, str, int, list[tuple[str, str, str, int]]]] = [
    ("Khai mạc kỳ họp; thông qua chương trình", "Chủ tịch HĐND phường", 15, [
        ("Chương trình kỳ họp", "CHƯƠNG TRÌNH", "kỳ họp thứ chín", 1),
    ]),
    ("Kinh tế - xã hội năm 2026, kế hoạch năm 2027", "Chủ tịch UBND phường", 60, [
        ("Báo cáo kinh tế - xã hội năm 2026", "BÁO CÁO", "kinh tế - xã hội năm 2026", 3),
        ("Tờ trình kế hoạch năm 2027", "TỜ TRÌNH", "kế hoạch năm 2027", 2),
        ("Báo cáo thẩm tra của Ban Kinh tế - Xã hội", "BÁO CÁO", "thẩm tra kế hoạch năm 2027", 2),
        ("Dự thảo Nghị quyết kế hoạch năm 2027", "NGHỊ QUYẾT", PLAN, 5),
    ]),
    ("Dự toán ngân sách phường năm 2027", "Trưởng ban Kinh tế - Xã hội", 45, [
        ("Tờ trình dự toán ngân sách năm 2027", "TỜ TRÌNH", "dự toán ngân sách năm 2027", 3),
        ("Dự thảo Nghị quyết dự toán ngân sách 2027", "NGHỊ QUYẾT", "dự toán năm 2027", 2),
    ]),
    ("Chất vấn và trả lời chất vấn", "Thường trực HĐND phường", 40, [
        ("Tổng hợp ý kiến cử tri trước kỳ họp", "BÁO CÁO", "ý kiến, kiến nghị của cử tri", 2),
    ]),
]  # fmt: skip


def _person(phone: str) -> User | None:
    return User.objects.filter(phone=phone).first()


def _council(committee: OrgUnit) -> OrgUnit:
    council, _created = OrgUnit.objects.get_or_create(
        identifier=committee.identifier.replace(".00.H99", ".90.H99"),
        defaults={
            "name": committee.name.replace("Ủy ban nhân dân", "Hội đồng nhân dân").replace(
                "UBND", "HĐND"
            ),
            "kind": OrgUnitKind.PEOPLES_COUNCIL,
            "area": committee.area,
            # Under the committee in the platform's tree: the commune's office (Văn phòng
            # HĐND và UBND) serves both, so the committee's clerk organises its sessions.
            "parent": committee,
        },
    )
    return council


def _delegates(council: OrgUnit) -> list[User]:
    people = []
    for phone, name in DELEGATES:
        person = _person(phone)
        if person is None:
            person = User.objects.create_user(phone, None, full_name=name, kind=UserKind.OFFICIAL)
        Membership.objects.get_or_create(user=person, org_unit=council, role=Role.DELEGATE)
        people.append(person)
    known = _person("+84901000016")  # Lò Văn Đại, who signs in to the demo
    if known is not None:
        Membership.objects.get_or_create(user=known, org_unit=council, role=Role.DELEGATE)
        people.insert(0, known)
    return people


def _pdf(council: OrgUnit, heading: str, subject: str, pages: int) -> bytes:
    return administrative_pdf(
        issuer=council.name, notation="      /NQ-HĐND", place=council.area.name, issued_on=None,
        kind_heading=heading, subject=subject, body=BODY * pages, signer_title="CHỦ TỊCH",
    )  # fmt: skip


def _certificate(person: User, unit: OrgUnit) -> None:
    key = pki.person_key(person)
    if not pki.person_p12_path(key).exists():
        pki.issue_person_certificate(key, person.full_name, settings.PLATFORM_NAME, unit.name)


def load_council(committee: OrgUnit, write: Callable[[str], Any]) -> None:
    chair, secretary = _person("+84901000013"), _person("+84901000015")
    if chair is None or secretary is None:
        return
    council = _council(committee)
    if Meeting.objects.filter(body=council).exists():
        write("  council session already there")
        return
    delegates = _delegates(council)
    held = (timezone.localtime() - dt.timedelta(days=7)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    meeting = actions.do_create_meeting(
        body=council, kind=MeetingKind.SESSION, term="2021 - 2026", session_number=9,
        title=f"Kỳ họp thứ chín {council.name} khóa 2021 - 2026",
        starts_at=held, room="Hội trường trụ sở phường", chair=chair, secretary=secretary,
        acting_user=secretary,
    )  # fmt: skip
    documents = {}
    for title, presenter, span, papers in PROGRAMME:
        item = actions.do_add_item(
            meeting, title=title, presenter=presenter, minutes=span, acting_user=secretary
        )
        for name, heading, subject, pages in papers:
            documents[name] = actions.do_add_document(
                meeting, title=name, file_bytes=_pdf(council, heading, subject, pages),
                file_name=f"{name}.pdf", item=item, acting_user=secretary,
            )  # fmt: skip
    actions.do_invite(meeting, people=delegates, acting_user=secretary)
    actions.do_invite(
        meeting, people=[], guests=[("Đại diện Ủy ban MTTQ phường", "mttq@example.vn")],
        acting_user=secretary,
    )  # fmt: skip
    absent, deputy = delegates[-1], delegates[-2]
    actions.do_reply(
        meeting, reply=Reply.ABSENT, reason="Điều trị tại bệnh viện", acting_user=absent
    )
    actions.do_reply(meeting, reply=Reply.DEPUTY, deputy="Lê Văn Tâm", acting_user=deputy)
    here = [chair, secretary, *delegates[:-2]]
    for person in here:
        if person in delegates:
            actions.do_reply(meeting, reply=Reply.ATTENDING, acting_user=person)
        actions.do_check_in(meeting, meeting.participants.get(user=person), acting_user=secretary)
    meeting = room.do_open_session(meeting, acting_user=chair)
    items = list(meeting.items.all())
    speakers = [
        (1, delegates[1], "Giải ngân vốn đầu tư công"), (1, delegates[3], "Trường học, trạm y tế"),
        (2, delegates[0], "Nguồn thu từ đất"), (3, delegates[4], "Ngập úng đường Lê Lợi"),
    ]  # fmt: skip
    for index, person, topic in speakers:
        room.do_take_up_item(meeting, items[index], acting_user=chair)
        speech = room.do_ask_to_speak(meeting, topic=topic, acting_user=person)
        room.do_give_floor(meeting, speech.pk, acting_user=chair)
        room.do_end_speech(meeting, acting_user=chair)
    voters = list(here)
    for index, question, secret, choices in (
        (1, f"Thông qua Nghị quyết về {PLAN}", False, ["yes"] * 8 + ["abstain"]),
        (2, "Thông qua Nghị quyết dự toán ngân sách phường năm 2027", True,
         ["yes"] * 7 + ["no", "abstain"]),
    ):  # fmt: skip
        room.do_take_up_item(meeting, items[index], acting_user=chair)
        vote = voting.do_prepare_vote(
            meeting, question=question, secret=secret, item=items[index], acting_user=chair
        )
        voting.do_open_vote(vote, acting_user=chair)
        for person, choice in zip(voters, choices, strict=True):
            voting.do_cast(vote, choice=choice, acting_user=person)
        voting.do_close_vote(vote, acting_user=chair)
    # A waiting request left when the chair closed: withdrawn by the close.
    room.do_ask_to_speak(meeting, topic="Kiến nghị cử tri tổ 5", acting_user=delegates[2])
    meeting = room.do_close_session(meeting, acting_user=chair)
    _at_the_time(meeting, held)
    today = timezone.localdate()
    followup.do_assign_task(
        meeting, title=f"Triển khai {PLAN} đến các tổ dân phố",
        unit=committee, due=today + dt.timedelta(days=21), acting_user=chair,
    )  # fmt: skip
    late = followup.do_assign_task(
        meeting, title="Báo cáo Thường trực HĐND phương án chống ngập đường Lê Lợi",
        unit=committee, due=today, acting_user=chair,
    )  # fmt: skip
    type(late).objects.filter(pk=late.pk).update(due=today - dt.timedelta(days=2))
    draft = minutes.do_start_minutes(meeting, acting_user=secretary)
    draft = minutes.do_edit_minutes(
        draft,
        text=draft.text.replace(
            "(Thư ký ghi kết luận của chủ tọa.)",
            "Chủ tọa kết luận: kỳ họp đã hoàn thành chương trình; giao Ủy ban nhân dân "
            "phường tổ chức thực hiện các nghị quyết đã thông qua, báo cáo kết quả tại kỳ "
            "họp giữa năm 2027.",
        ),
        acting_user=secretary,
    )
    for person in (secretary, chair):
        _certificate(person, committee)
        draft = minutes.sign_as(draft, person)
    issued = held.date()
    archive.do_publish(
        meeting, kind=PublicationKind.RESOLUTION, number="25/NQ-HĐND", issued_on=issued,
        title="Về kế hoạch phát triển kinh tế - xã hội năm 2027",
        document=documents["Dự thảo Nghị quyết kế hoạch năm 2027"], acting_user=secretary,
    )  # fmt: skip
    archive.do_publish(
        meeting, kind=PublicationKind.MINUTES, number="09/BB-HĐND", issued_on=issued,
        title="Biên bản kỳ họp thứ chín", acting_user=secretary,
    )  # fmt: skip
    write(
        f"  {council.name}: session 9 held, {meeting.documents.count()} documents, "
        f"{meeting.votes.count()} votes, minutes signed, 2 published"
    )


def _at_the_time(meeting: Meeting, held: dt.datetime) -> None:
    """The demo runs now; the session was last week: its clock set back."""
    Meeting.objects.filter(pk=meeting.pk).update(
        opened_at=held, closed_at=held + dt.timedelta(hours=3, minutes=40)
    )
    Participant.objects.filter(meeting=meeting, checked_in_at__isnull=False).update(
        checked_in_at=held - dt.timedelta(minutes=10)
    )
    meeting.refresh_from_db()


def load_department(write: Callable[[str], Any]) -> None:
    unit = OrgUnit.objects.filter(identifier="000.00.31.H99").first()
    leader, specialist = _person("+84901000005"), _person("+84901000004")
    if unit is None or leader is None or specialist is None:
        return
    if Meeting.objects.filter(body=unit).exists():
        return
    tomorrow = (timezone.localtime() + dt.timedelta(days=1)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    meeting = actions.do_create_meeting(
        body=unit, kind=MeetingKind.WORKING, starts_at=tomorrow, room="Phòng họp số 1",
        title="Giao ban công tác hộ tịch, chứng thực quý IV", chair=leader,
        secretary=specialist, acting_user=leader,
    )  # fmt: skip
    item = actions.do_add_item(
        meeting, title="Tình hình giải quyết thủ tục hộ tịch trực tuyến", minutes=30,
        presenter="Phòng Hành chính tư pháp", acting_user=leader,
    )  # fmt: skip
    actions.do_add_item(meeting, title="Kiến nghị của các phường, xã", acting_user=leader)
    actions.do_add_document(
        meeting, title="Báo cáo hộ tịch quý IV", item=item, acting_user=leader,
        file_bytes=administrative_pdf(
            issuer=unit.name, notation="      /BC-STP", place="Tỉnh", issued_on=None,
            kind_heading="BÁO CÁO", subject="công tác hộ tịch quý IV", body=BODY,
            signer_title="GIÁM ĐỐC",
        ),
        file_name="bao-cao.pdf",
    )  # fmt: skip
    write(f"  {unit.name}: a working meeting tomorrow")
