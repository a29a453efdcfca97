"""The axis between two real processes: the demo population service (another
member's system, served by gunicorn on its own port) and a consumer calling the
gateway with a client-credentials token of our SSO."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.test import Client

from bench.common import free_port, wait_for_port
from tinhso.exchange import actions
from tinhso.exchange.models import MemberClass, Service, Subsystem

ROOT = Path(__file__).resolve().parents[2]
CITIZEN = "099090000001"


@contextmanager
def provider_on(port: int) -> Iterator[str]:
    """The demo population service (another member's system) as its own process."""
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            *("tinhso.exchange.demo_provider:app", "-b", f"127.0.0.1:{port}", "-w", "1"),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def provider_process() -> Iterator[str]:
    with provider_on(free_port()) as url:
        yield url


def received(base_url: str) -> list[dict]:
    return requests.get(f"{base_url}/received", timeout=5).json()


@dataclass
class Axis:
    provider_url: str
    police: Subsystem  # provides the population service
    desk: Subsystem  # the one-stop desk's system: the consumer
    population: Service
    client_id: str
    secret: str

    def token(self, client_id: str | None = None, secret: str | None = None) -> str:
        basic = base64.b64encode(
            f"{client_id or self.client_id}:{secret or self.secret}".encode()
        ).decode()
        response = Client().post(
            "/o/token/",
            {"grant_type": "client_credentials", "scope": "exchange"},
            HTTP_AUTHORIZATION=f"Basic {basic}",
        )
        assert response.status_code == 200, response.content
        return response.json()["access_token"]

    def url(self, path: str, service: Service | None = None) -> str:
        return f"/exchange/r1/{(service or self.population).identifier}{path}"


@pytest.fixture
def axis(settings, places, province_admin, provider_process, signing_keys) -> Axis:
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.EXCHANGE_SIGNING_UNIT = places["ubnd"].identifier
    police = actions.do_register_member(
        member_class=MemberClass.GOV,
        code="000.00.99.H01",
        name="Công an tỉnh",
        acting_user=province_admin,
    )
    office = actions.do_register_member(
        member_class=MemberClass.GOV,
        code=places["ward_ubnd"].identifier,
        name="UBND phường An",
        org_unit=places["ward_ubnd"],
        acting_user=province_admin,
    )
    population_system = actions.do_register_subsystem(
        police, code="CSDLDANCU", name="CSDL dân cư", acting_user=province_admin
    )
    desk = actions.do_register_subsystem(
        office, code="MOTCUA", name="Hệ thống một cửa", acting_user=province_admin
    )
    population = actions.do_register_service(
        population_system,
        code="population",
        name="Tra cứu công dân",
        base_url=provider_process,
        openapi={"openapi": "3.0.3", "info": {"title": "CSDL dân cư", "version": "1"}},
        timeout_seconds=5,
        acting_user=province_admin,
    )
    actions.do_grant_access(
        population, desk, method="GET", path="/citizens", acting_user=province_admin
    )
    client_id, secret = actions.do_issue_credentials(desk, acting_user=province_admin)
    return Axis(provider_process, population_system, desk, population, client_id, secret)
