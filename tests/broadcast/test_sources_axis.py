"""A source system through the province's exchange axis instead of a key: the axis checks
its token and the right the province granted it and logs every call; the platform's
service then applies the source system's own scopes, as for a key."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.test import Client

from tests.broadcast.test_sources import body
from tinhso.broadcast.models import Bulletin, Dispatch, SourceSystem
from tinhso.exchange import actions as axis_actions
from tinhso.exchange.models import Exchange, MemberClass

pytestmark = pytest.mark.django_db


@pytest.fixture
def via_axis(axis, province, province_admin):
    """The province's radio service on the axis, and two systems allowed to call it: the
    information department's source system (registered as one) and another (not)."""
    radio = axis_actions.do_register_subsystem(
        axis.desk.member, code="TRUYENTHANH", name="Truyền thanh thông minh",
        acting_user=province_admin,
    )  # fmt: skip
    service = axis_actions.do_register_service(
        radio, code="bulletins", name="Nhận bản tin từ hệ thống nguồn",
        base_url="local:broadcast.bulletins", acting_user=province_admin,
    )  # fmt: skip
    department = axis_actions.do_register_member(
        member_class=MemberClass.GOV, code="000.00.98.H01", name="Sở Thông tin và Truyền thông",
        acting_user=province_admin,
    )  # fmt: skip
    tokens = {}
    for code in ("TTN", "KHAC"):
        system = axis_actions.do_register_subsystem(
            department, code=code, name=code, acting_user=province_admin
        )
        axis_actions.do_grant_access(service, system, acting_user=province_admin)
        tokens[code] = axis.token(
            *axis_actions.do_issue_credentials(system, acting_user=province_admin)
        )
        if code == "TTN":
            SourceSystem.objects.filter(pk=province["provincial"].pk).update(
                axis_client=str(system.identifier)
            )
    return SimpleNamespace(base=f"/exchange/r1/{service.identifier}", tokens=tokens)


def call(via_axis, method: str, path: str, payload=None, who: str = "TTN"):
    return Client().generic(
        method, via_axis.base + path, json.dumps(payload) if payload is not None else b"",
        "application/json", HTTP_AUTHORIZATION=f"Bearer {via_axis.tokens[who]}",
    )  # fmt: skip


def test_a_source_system_sends_reads_and_withdraws_through_the_axis(via_axis):
    sent = call(via_axis, "POST", "/bulletins", body())
    assert sent.status_code == 201, sent.content
    assert [s["station"] for s in sent.json()["stations"]] == ["Đài phường An", "Đài xã Bình"]
    assert call(via_axis, "POST", "/bulletins", body()).status_code == 200  # delivered again
    assert Dispatch.objects.count() == 1 and Bulletin.objects.count() == 2
    stands = call(via_axis, "GET", "/bulletins/TTN-2026-0412")
    assert stands.status_code == 200 and stands.json()["withdrawn_at"] is None
    taken = call(via_axis, "POST", "/bulletins/TTN-2026-0412/withdraw")
    assert taken.status_code == 200 and taken.json()["withdrawn_at"]
    # Every call is in the axis's log, as for any service.
    assert Exchange.objects.filter(service__endswith="/bulletins").count() == 4
    # Allowed on the axis, but not a source system: refused by the platform.
    other = call(via_axis, "POST", "/bulletins", body(reference="KHAC-1"), who="KHAC")
    assert other.status_code == 403 and "hệ thống thông tin nguồn" in other.json()["detail"]
    assert call(via_axis, "GET", "/bulletins/TTN-2026-0412", who="KHAC").status_code == 403


@pytest.mark.parametrize(
    ("method", "path", "payload", "status"),
    [
        ("POST", "/bulletins", body(priority="emergency"), 403),  # beyond its scopes
        ("POST", "/bulletins", body(areas=["99999"]), 400),
        ("POST", "/bulletins", body(valid_until="9999-99-99"), 422),
        ("POST", "/bulletins", [1, 2], 422),
        ("POST", "/bulletins", {"title": "A\ud800B"}, 422),
        ("POST", "/bulletins", None, 422),
        ("GET", "/bulletins/khong-co", None, 404),
        ("DELETE", "/bulletins/TTN-2026-0412", None, 404),
        ("GET", "/khac", None, 404),
    ],
)
def test_bad_calls_through_the_axis_get_a_4xx_and_change_nothing(
    via_axis, method, path, payload, status
):
    answer = call(via_axis, method, path, payload)
    assert answer.status_code == status, answer.content
    assert answer.json()["detail"]
    assert not Dispatch.objects.exists()
