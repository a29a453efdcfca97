"""Demo accounts: staff in every role and two citizens, with random passwords.

Passwords are generated on every run and printed once; nothing is stored in
the repository. Officials enrol their authenticator app at first sign-in.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.models import Membership, User
from tinhso.core.demo import commune_committee_identifier
from tinhso.core.models import OrgUnit

# phone, name, kind, [(org identifier, role)]
c1_committee = commune_committee_identifier(1)
c4_committee = commune_committee_identifier(4)
DEMO_PEOPLE: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "0901000001",
        "Nguyễn Văn Quản",
        UserKind.OFFICIAL,
        [("000.00.00.H99", Role.SYSTEM_ADMIN), ("000.00.00.H99", Role.UNIT_ADMIN)],
    ),
    ("0901000002", "Trần Minh Đức", UserKind.OFFICIAL, [("000.00.00.H99", Role.IOC_VIEWER)]),
    ("0901000003", "Lê Thị Thu Hà", UserKind.OFFICIAL, [("000.00.30.H99", Role.RECEPTIONIST)]),
    ("0901000004", "Phạm Quốc Huy", UserKind.OFFICIAL, [("000.00.31.H99", Role.SPECIALIST)]),
    ("0901000005", "Võ Thanh Tùng", UserKind.OFFICIAL, [("000.00.31.H99", Role.APPROVER)]),
    ("0901000006", "Đặng Văn Hải", UserKind.OFFICIAL, [("000.00.51.H99", Role.TRAFFIC_OFFICER)]),
    # The province's disaster-prevention command: warns every commune's loudspeakers at once.
    (
        "0901000007",
        "Phan Văn Phòng",
        UserKind.OFFICIAL,
        [("000.00.00.H99", Role.EMERGENCY_BROADCASTER)],
    ),
    ("0901000011", "Huỳnh Thị Mai", UserKind.OFFICIAL, [(c1_committee, Role.RECEPTIONIST)]),
    ("0901000012", "Bùi Văn Lộc", UserKind.OFFICIAL, [(c1_committee, Role.SPECIALIST)]),
    (
        "0901000013",
        "Ngô Thị Lan",
        UserKind.OFFICIAL,
        [(c1_committee, Role.APPROVER), (c1_committee, Role.EMERGENCY_BROADCASTER)],
    ),
    ("0901000014", "Dương Minh Khoa", UserKind.OFFICIAL, [(c1_committee, Role.UNIT_ADMIN)]),
    ("0901000015", "Trịnh Thị Thư", UserKind.OFFICIAL, [(c1_committee, Role.CLERK)]),
    # A People's Council delegate of the first commune: sees the meetings they are invited to.
    ("0901000016", "Lò Văn Đại", UserKind.OFFICIAL, [(c1_committee, Role.DELEGATE)]),
    ("0901000021", "Lý Thị Hồng", UserKind.OFFICIAL, [(c4_committee, Role.RECEPTIONIST)]),
    (
        "0901000022",
        "Trương Văn Nam",
        UserKind.OFFICIAL,
        [(c4_committee, Role.SPECIALIST), (c4_committee, Role.UNIT_ADMIN)],
    ),
    ("0912000001", "Nguyễn Thị Bích", UserKind.CITIZEN, []),
    ("0912000002", "Hồ Văn Phúc", UserKind.BUSINESS, []),
]


def demo_password() -> str:
    # Four groups of random letters and digits: easy to type from a printout.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


@transaction.atomic
def load(log: Any) -> None:
    units = {o.identifier: o for o in OrgUnit.objects.all()}
    lines = []
    for phone, name, kind, roles in DEMO_PEOPLE:
        e164 = "+84" + phone[1:]
        user = User.objects.filter(phone=e164).first()
        if user is None:
            user = User(phone=e164, full_name=name, kind=kind, phone_verified_at=timezone.now())
        password = demo_password()
        user.set_password(password)
        user.is_active = True
        user.is_staff = any(role == Role.SYSTEM_ADMIN for _org, role in roles)
        user.save()
        for identifier, role in roles:
            Membership.objects.get_or_create(user=user, org_unit=units[identifier], role=role)
        where = ", ".join(f"{Role(role).label} @ {units[i].name}" for i, role in roles) or (
            UserKind(kind).label
        )
        lines.append(f"  {phone}  {password}  {name} — {where}")
    log("Tài khoản demo (mật khẩu mới sinh ở mỗi lần chạy; cán bộ cài TOTP khi đăng nhập lần đầu):")
    for line in lines:
        log(line)
