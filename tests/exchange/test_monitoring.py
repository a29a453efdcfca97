"""Monitoring: a failing provider shows on the console and on the IOC's indicator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bench.common import free_port
from tests.exchange.conftest import CITIZEN
from tinhso.core import derived
from tinhso.exchange import actions, monitoring

pytestmark = pytest.mark.django_db


def window():
    now = timezone.now()
    return now - dt.timedelta(hours=1), now + dt.timedelta(seconds=1)


def test_a_provider_that_stops_answering_is_failing_on_the_ioc(axis, province_admin, places):
    gone = actions.do_register_service(
        axis.police, code="gone", name="gone", base_url=f"http://127.0.0.1:{free_port()}",
        timeout_seconds=1, acting_user=province_admin,
    )  # fmt: skip
    actions.do_grant_access(gone, axis.desk, acting_user=province_admin)
    token = axis.token()
    for _ in range(3):
        Client().get(axis.url("/x", service=gone), HTTP_AUTHORIZATION=f"Bearer {token}")
        Client().get(axis.url(f"/citizens/{CITIZEN}"), HTTP_AUTHORIZATION=f"Bearer {token}")
    start, end = window()
    assert monitoring.failing_services(start, end) == [str(gone.identifier)]
    by_service = {t.key: t for t in monitoring.traffic(start, end)}
    assert by_service[str(gone.identifier)].failed == 3
    assert by_service[str(axis.population.identifier)].p95 is not None
    province = places["province"]
    assert derived.value("exchange_failing_services", province, start, end) == 1.0
    assert derived.value("exchange_failing_services", places["ward"], start, end) is None


def test_the_health_check_finds_a_silent_provider(axis, province_admin):
    silent = actions.do_register_service(
        axis.police, code="silent", name="silent", base_url=f"http://127.0.0.1:{free_port()}",
        acting_user=province_admin,
    )  # fmt: skip
    assert monitoring.check_providers() == 1
    silent.refresh_from_db()
    axis.population.refresh_from_db()
    assert silent.health_ok is False and axis.population.health_ok is True
    start, end = window()
    assert str(silent.identifier) in monitoring.failing_services(start, end)
