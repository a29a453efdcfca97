"""The inbox, the audit log and the public unit lists cost the same queries for 2 rows
as for 8."""

from __future__ import annotations

import itertools

from django.test import Client

from tests.conftest import citizen_client, grant, make_user, official_client
from tests.queries import assert_constant_queries
from tinhso.accounts.choices import Role
from tinhso.core.audit import write_audit
from tinhso.core.choices import AdminUnitKind, Channel, OrgUnitKind
from tinhso.core.models import AdminUnit, OrgUnit
from tinhso.core.notify import notify

numbers = itertools.count(1)


def test_the_inbox(citizen):
    def add(count: int) -> None:
        for _ in range(count):
            notify(citizen, "welcome", {"user": citizen}, channels=[Channel.INBOX])

    mine = citizen_client(citizen)
    assert_constant_queries(lambda: mine.get("/inbox/"), add)


def test_the_audit_log(places):
    admin = grant(make_user("+84901000991", "Quản Trị"), places["ubnd"], Role.SYSTEM_ADMIN)

    def add(count: int) -> None:
        for _ in range(count):
            write_audit("test.event", actor=admin, obj=admin, data={"n": next(numbers)})

    client = official_client(admin)
    assert_constant_queries(lambda: client.get("/console/audit/"), add)


def test_the_public_unit_lists(places):
    province = places["ubnd"].area

    def add(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            area = AdminUnit.objects.create(
                code=f"8{n:04d}", name=f"Xã Thêm {n}", kind=AdminUnitKind.COMMUNE, parent=province
            )
            OrgUnit.objects.create(
                identifier=f"000.{n:02d}.80.H01",
                name=f"UBND xã Thêm {n}",
                kind=OrgUnitKind.PEOPLES_COMMITTEE,
                area=area,
                parent=places["ubnd"],
            )

    public = Client()
    assert_constant_queries(lambda: public.get("/api/v1/admin-units"), add)
    assert_constant_queries(lambda: public.get("/api/v1/org-units"), add)
