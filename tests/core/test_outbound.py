"""The SSRF guard (issue 11, finding 5): every server-side fetch goes through it."""

from __future__ import annotations

import pytest

from tests.loopback import serve
from tinhso.core import outbound
from tinhso.core.outbound import OutboundRefused


def _respond(path: str) -> tuple[int, dict[str, str], bytes]:
    if path == "/redirect":
        return 302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""
    return 200, {}, b"x" * (5000 if path == "/big" else 2)


@pytest.fixture
def local_server():
    """An HTTP server on loopback that records who asked for what."""
    with serve(_respond) as (port, seen):
        yield port, seen


@pytest.fixture
def nothing_internal(settings):
    settings.OUTBOUND_ALLOWED_NETWORKS = []


def test_the_backslash_trick_names_one_host_to_the_check_and_the_fetch(
    local_server, nothing_internal
):
    port, seen = local_server
    url = f"http://127.0.0.1:{port}\\@allowed.test/x"
    with pytest.raises(OutboundRefused):
        outbound.fetch("GET", url, allowed_hosts=["allowed.test"])
    with pytest.raises(OutboundRefused):
        outbound.fetch("GET", f"http://user@127.0.0.1:{port}/x", allowed_hosts=["127.0.0.1"])
    assert seen == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/x",
        "http://localhost:{port}/x",
        "http://[::1]:{port}/x",
        "http://0.0.0.0:{port}/x",
        "http://2130706433:{port}/x",  # 127.0.0.1 as one number
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://192.168.1.1/",
        "http://[::ffff:127.0.0.1]:{port}/x",
        "file:///etc/passwd",
        "gopher://127.0.0.1:{port}/",
    ],
)
def test_internal_addresses_are_refused_before_any_connection(local_server, nothing_internal, url):
    port, seen = local_server
    with pytest.raises(OutboundRefused) as refused:
        outbound.fetch("GET", url.format(port=port), timeout=2)
    assert str(refused.value) == "the address could not be fetched"
    assert seen == []


def test_an_allowed_internal_network_is_reached_at_the_checked_address(local_server, settings):
    port, seen = local_server
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    status, body, _headers = outbound.fetch("GET", f"http://localhost:{port}/ok")
    assert (status, body) == (200, b"xx")
    assert seen == [("/ok", f"localhost:{port}")]  # the name kept in Host, the address pinned


def test_redirects_and_oversized_answers_are_refused(local_server, settings):
    port, seen = local_server
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with pytest.raises(OutboundRefused):
        outbound.fetch("GET", f"http://127.0.0.1:{port}/redirect")
    with pytest.raises(OutboundRefused):
        outbound.fetch("GET", f"http://127.0.0.1:{port}/big", max_bytes=1000)
    assert [path for path, _host in seen] == ["/redirect", "/big"]


def test_a_closed_port_and_a_refused_host_fail_alike(nothing_internal, settings):
    with pytest.raises(OutboundRefused) as refused_host:
        outbound.fetch("GET", "http://127.0.0.1:9/")
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with pytest.raises(OutboundRefused) as closed_port:
        outbound.fetch("GET", "http://127.0.0.1:9/", timeout=2)
    assert str(refused_host.value) == str(closed_port.value)


def test_open311_media_url_answers_one_neutral_message(db, nothing_internal, local_server):
    """Through the Open311 endpoint: no status, no port state in the message."""
    from tinhso.core.errors import ActionError
    from tinhso.reports.models import ApiClient
    from tinhso.reports.open311.writing import fetch_media

    port, seen = local_server
    client = ApiClient(name="app", media_hosts="allowed.test,127.0.0.1")
    messages = set()
    for url in (
        f"http://127.0.0.1:{port}\\@allowed.test/x",
        f"http://127.0.0.1:{port}/x",
        "http://127.0.0.1:9/closed",
        "http://not-allowed.test/x",
    ):
        with pytest.raises(ActionError) as error:
            fetch_media(url, client)
        messages.add(error.value.message)
    assert len(messages) == 1 and "9" not in messages.pop().replace("media_url", "")
    assert seen == []
