"""The axis between three real processes on their own ports: a consumer (this test,
over HTTP with requests), the gateway (Django's live server) and the provider (the
demo population service under gunicorn)."""

from __future__ import annotations

import base64

import pytest
import requests

from tests.exchange.conftest import CITIZEN, received
from tinhso.exchange import log
from tinhso.exchange.models import Exchange

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_system_calls_another_over_the_network_and_the_log_holds(axis, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    basic = base64.b64encode(f"{axis.client_id}:{axis.secret}".encode()).decode()
    issued = requests.post(
        f"{live_server.url}/o/token/",
        data={"grant_type": "client_credentials", "scope": "exchange"},
        headers={"Authorization": f"Basic {basic}"},
        timeout=10,
    )
    assert issued.status_code == 200, issued.text
    bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    base = f"{live_server.url}/exchange/r1/{axis.population.identifier}"

    found = requests.get(f"{base}/citizens/{CITIZEN}", headers=bearer, timeout=10)
    assert found.status_code == 200 and found.json()["full_name"] == "Nguyễn Văn An"
    arrived = [
        r for r in received(axis.provider_url) if r["message_id"] == found.headers["X-Road-Id"]
    ]
    assert arrived and arrived[0]["client"] == str(axis.desk.identifier)

    methods = requests.get(
        f"{live_server.url}/exchange/r1/{axis.population.subsystem.identifier}/allowedMethods",
        headers=bearer,
        timeout=10,
    )
    assert [s["service_code"] for s in methods.json()["service"]] == ["population"]

    # Bytes on the wire a URL parser might read two ways: refused before the provider.
    for tail in ("/citizens/..%2F..%2Freceived", "/citizens/%2e%2e/received"):
        refused = requests.get(base + tail, headers=bearer, timeout=10)
        assert refused.status_code == 400 and refused.headers["X-Road-Error"] == "Client.BadRequest"
    assert requests.get(f"{base}/citizens/{CITIZEN}", timeout=10).status_code == 401

    log.seal()
    assert list(log.verify()) == []
    assert Exchange.objects.filter(status=200).count() == 1
