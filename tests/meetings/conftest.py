"""A ward's People's Council: its standing office's clerk organises, a chairwoman, a
secretary and three delegates; an official of another commune is the outsider."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.core.choices import OrgUnitKind
from tinhso.core.models import OrgUnit
from tinhso.core.sample_documents import administrative_pdf


def pdf(pages: int = 1, subject: str = "kế hoạch phát triển kinh tế - xã hội năm 2027") -> bytes:
    return administrative_pdf(
        issuer="Hội đồng nhân dân phường An",
        notation="      /NQ-HĐND",
        place="An",
        issued_on=None,
        kind_heading="NGHỊ QUYẾT",
        subject=subject,
        body="Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015. " * 40 * pages,
    )


@pytest.fixture
def council(places) -> dict[str, Any]:
    body = OrgUnit.objects.create(
        identifier="000.01.90.H01",
        name="Hội đồng nhân dân phường An",
        kind=OrgUnitKind.PEOPLES_COUNCIL,
        area=places["ward"],
        parent=places["ward_ubnd"],
    )
    delegates = [
        grant(make_user(f"+8490100040{i}", name), body, Role.DELEGATE)
        for i, name in enumerate(["Lê Văn Một", "Trần Thị Hai", "Phạm Văn Ba"])
    ]
    return {
        "body": body,
        "clerk": grant(make_user("+84901000410", "Đinh Thị Văn Phòng"), body, Role.CLERK),
        "chair": grant(make_user("+84901000411", "Vũ Thị Chủ Tịch"), body, Role.APPROVER),
        "secretary": grant(make_user("+84901000412", "Hồ Văn Thư Ký"), body, Role.DELEGATE),
        "delegates": delegates,
        "outsider": grant(
            make_user("+84901000413", "Mai Văn Ngoài"), places["commune_ubnd"], Role.APPROVER
        ),
        "starts_at": dt.datetime(2026, 12, 15, 8, 0, tzinfo=dt.UTC),
    }


def meeting_for(council: dict[str, Any], **overrides: Any):
    from tinhso.meetings import actions

    fields: dict[str, Any] = {
        "body": council["body"],
        "kind": "session",
        "title": "Kỳ họp thứ 12 Hội đồng nhân dân phường An",
        "starts_at": council["starts_at"],
        "term": "XII",
        "session_number": 12,
        "room": "Hội trường UBND phường",
        "chair": council["chair"],
        "secretary": council["secretary"],
        "acting_user": council["clerk"],
    }
    fields.update(overrides)
    return actions.do_create_meeting(**fields)


def in_session(council: dict[str, Any], *, present: int = 3, **overrides: Any):
    """A session sitting: two items (the first a resolution of ``pdf(pages=6)``), the
    three delegates invited, the chair, the secretary and ``present`` delegates
    checked in, the session opened on the first item."""
    from tinhso.meetings import actions, room

    meeting = meeting_for(council, **overrides)
    clerk = council["clerk"]
    first = actions.do_add_item(
        meeting, title="Thông qua kế hoạch năm 2027", presenter="Chủ tịch UBND", minutes=30,
        acting_user=clerk,
    )  # fmt: skip
    actions.do_add_item(meeting, title="Dự toán ngân sách 2027", acting_user=clerk)
    actions.do_add_document(
        meeting, title="Dự thảo nghị quyết kế hoạch 2027", file_bytes=pdf(pages=6),
        file_name="nq.pdf", item=first, acting_user=clerk,
    )  # fmt: skip
    actions.do_invite(meeting, people=council["delegates"], acting_user=clerk)
    here = [council["chair"], council["secretary"], *council["delegates"][:present]]
    for person in here:
        actions.do_check_in(meeting, meeting.participants.get(user=person), acting_user=person)
    return room.do_open_session(meeting, acting_user=council["chair"])
