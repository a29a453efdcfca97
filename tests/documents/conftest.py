"""A ward's People's Committee with its clerk, its leader, a department and a
specialist in it, and documents as other agencies send them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.core.choices import OrgUnitKind
from tinhso.core.models import OrgUnit
from tinhso.core.sample_documents import administrative_pdf
from tinhso.documents.choices import Secrecy


def letter(
    notation: str = "15/QĐ-UBND",
    subject: str = "phê duyệt kế hoạch chuyển đổi số năm 2026",
    issued_on: dt.date = dt.date(2026, 3, 5),
    kind_heading: str = "QUYẾT ĐỊNH",
    issuer: str = "Ủy ban nhân dân tỉnh Tây Ninh",
) -> bytes:
    return administrative_pdf(
        issuer=issuer,
        notation=notation,
        place="Tây Ninh",
        issued_on=issued_on,
        kind_heading=kind_heading,
        subject=subject,
        body="Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    )


@pytest.fixture
def office(places) -> dict[str, Any]:
    ubnd = places["ward_ubnd"]
    culture = OrgUnit.objects.create(
        identifier="002.01.00.H01",
        name="Văn hóa - Xã hội phường An",
        kind=OrgUnitKind.OFFICE,
        area=places["ward"],
        parent=ubnd,
    )
    return {
        "unit": ubnd,
        "culture": culture,
        "clerk": grant(make_user("+84901000201", "Đỗ Thị Văn Thư"), ubnd, Role.CLERK),
        "leader": grant(make_user("+84901000202", "Hoàng Văn Lãnh Đạo"), ubnd, Role.APPROVER),
        "specialist": grant(make_user("+84901000203", "Bùi Thị Chuyên"), culture, Role.SPECIALIST),
        "colleague": grant(make_user("+84901000204", "Ngô Văn Đồng"), culture, Role.SPECIALIST),
        "other_staff": grant(make_user("+84901000205", "Lý Văn Khác"), ubnd, Role.SPECIALIST),
        "commune_leader": grant(
            make_user("+84901000206", "Mai Văn Xã"), places["commune_ubnd"], Role.APPROVER
        ),
    }


def register(office: dict[str, Any], **overrides: Any):
    # Imported here, not at the top: this conftest is read before the root conftest
    # sets the test settings when pytest is given a path under tests/documents, and
    # importing the actions then would fix the task backend to the production one.
    from tinhso.documents import actions

    fields: dict[str, Any] = {
        "unit": office["unit"],
        "issuer": "Ủy ban nhân dân tỉnh Tây Ninh",
        "notation": "15/QĐ-UBND",
        "kind": "QĐ",
        "issued_on": dt.date(2026, 3, 5),
        "subject": "Phê duyệt kế hoạch chuyển đổi số năm 2026",
        "file_bytes": letter(),
        "secrecy": Secrecy.NONE,
        "acting_user": office["clerk"],
    }
    fields.update(overrides)
    return actions.do_register_incoming(**fields)


# The data-exchange axis and the demo systems behind it (issue 17).
from tests.exchange.conftest import axis, provider_process  # noqa: E402, F401
