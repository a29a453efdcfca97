"""The demo's meeting: the first commune's People's Committee's monthly meeting next
week — three agenda items, their documents (one in its second version), the
invitations with some answered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.core.demo import commune_committee_identifier
from tinhso.core.models import OrgUnit
from tinhso.core.sample_documents import administrative_pdf
from tinhso.meetings import actions
from tinhso.meetings.choices import MeetingKind, Reply
from tinhso.meetings.models import Meeting

BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; căn cứ Quy chế "
    "làm việc của Ủy ban nhân dân phường; xét đề nghị của các bộ phận chuyên môn. "
) * 12
# agenda item, presenter, minutes, its documents (title, kind heading, subject)
AGENDA: list[tuple[str, str, int, list[tuple[str, str, str]]]] = [
    ("Kết quả thực hiện nhiệm vụ năm 2026, kế hoạch năm 2027", "Phó Chủ tịch UBND", 45, [
        ("Báo cáo kết quả năm 2026", "BÁO CÁO", "kết quả thực hiện nhiệm vụ năm 2026"),
        ("Dự thảo kế hoạch năm 2027", "KẾ HOẠCH", "phát triển kinh tế - xã hội năm 2027"),
    ]),
    ("Dự toán ngân sách phường năm 2027", "Kế toán - Tài chính", 30, [
        ("Tờ trình dự toán ngân sách 2027", "TỜ TRÌNH", "dự toán ngân sách năm 2027"),
    ]),
    ("Chuyển đổi số: Ngày hội chuyển đổi số cấp xã", "Văn phòng UBND", 20, [
        ("Kế hoạch Ngày hội chuyển đổi số", "KẾ HOẠCH", "tổ chức Ngày hội chuyển đổi số"),
    ]),
]  # fmt: skip


def _person(phone: str) -> User | None:
    return User.objects.filter(phone=phone).first()


def _pdf(unit: OrgUnit, heading: str, subject: str) -> bytes:
    return administrative_pdf(
        issuer=unit.name, notation="      /UBND", place="Bình An", issued_on=None,
        kind_heading=heading, subject=subject, body=BODY, signer_title="CHỦ TỊCH",
    )  # fmt: skip


def load(write: Callable[[str], Any]) -> None:
    unit = OrgUnit.objects.filter(identifier=commune_committee_identifier(1)).first()
    chair, secretary = _person("+84901000013"), _person("+84901000015")
    others = [p for p in (_person(f"+8490100001{i}") for i in (1, 2, 4, 6)) if p is not None]
    if unit is None or chair is None or secretary is None:
        write("  (no first commune or its officials: skipped)")
        return
    from tinhso.meetings.demo_council import load_council, load_department

    load_council(unit, write)
    load_department(write)
    if Meeting.objects.filter(body=unit).exists():
        write("  meetings already there")
        return
    starts = timezone.localtime() + dt.timedelta(days=7)
    meeting = actions.do_create_meeting(
        body=unit,
        kind=MeetingKind.WORKING,
        title="Phiên họp thường kỳ tháng 12 của Ủy ban nhân dân phường",
        starts_at=starts.replace(hour=8, minute=0, second=0, microsecond=0),
        room="Phòng họp tầng 2, trụ sở UBND phường",
        chair=chair,
        secretary=secretary,
        acting_user=secretary,
    )
    first_version = None
    for title, presenter, minutes, documents in AGENDA:
        item = actions.do_add_item(
            meeting, title=title, presenter=presenter, minutes=minutes, acting_user=secretary
        )
        for name, heading, subject in documents:
            added = actions.do_add_document(
                meeting, title=name, file_bytes=_pdf(unit, heading, subject),
                file_name=f"{name}.pdf", item=item, acting_user=secretary,
            )  # fmt: skip
            first_version = first_version or added
    if first_version is not None:  # the report, corrected after it was sent out
        actions.do_add_document(
            meeting, title="", file_bytes=_pdf(unit, "BÁO CÁO", "kết quả năm 2026 (bổ sung)"),
            file_name="bao-cao-v2.pdf", replaces=first_version, acting_user=secretary,
        )  # fmt: skip
    actions.do_invite(meeting, people=others, acting_user=secretary)
    if others:
        actions.do_reply(meeting, reply=Reply.ATTENDING, acting_user=others[0])
    if len(others) > 1:
        actions.do_reply(
            meeting, reply=Reply.ABSENT, reason="Dự tập huấn tại tỉnh", acting_user=others[1]
        )
    write(f"  one meeting in {unit.name}: {meeting.items.count()} agenda items, "
          f"{meeting.documents.count()} documents")  # fmt: skip
