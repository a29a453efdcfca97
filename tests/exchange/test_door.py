"""The gateway's own door (exchange/door.py): what gunicorn serves through
``tinhso.wsgi`` answers a call as the pages' stack does, and keeps the checks that
still matter for a machine caller."""

from __future__ import annotations

import io
import json
from wsgiref.util import setup_testing_defaults

import pytest
from django.core import signals
from django.db import close_old_connections

from tests.exchange.conftest import CITIZEN
from tinhso.exchange import door, views
from tinhso.exchange.models import Exchange
from tinhso.wsgi import application

pytestmark = pytest.mark.django_db


def serve(path: str, headers: dict[str, str] | None = None, app=None, **environ: str):
    """One request through the WSGI application: (status, headers, body)."""
    env: dict[str, object] = {
        "PATH_INFO": path,
        "RAW_URI": path,
        "HTTP_HOST": "tinhso.test",
        "wsgi.input": io.BytesIO(b""),
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()},
        **environ,
    }
    setup_testing_defaults(env)
    started: list = []
    # As Django's test client does: the test's database connection must outlive the
    # request (a server's process would close and reopen it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        parts = (app or application)(
            env, lambda status, items: started.extend([status, dict(items)])
        )
        body = b"".join(parts)
        if hasattr(parts, "close"):
            parts.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return int(started[0].split()[0]), started[1], body


@pytest.fixture
def hosts(settings):
    settings.ALLOWED_HOSTS = ["tinhso.test", "testserver"]


def test_a_call_through_the_door_reaches_the_provider_and_is_logged(axis, hosts):
    status, headers, body = serve(
        axis.url(f"/citizens/{CITIZEN}"), {"Authorization": f"Bearer {axis.token()}"}
    )
    assert status == 200, body
    assert json.loads(body)["full_name"] == "Nguyễn Văn An"
    assert headers["X-Content-Type-Options"] == "nosniff"
    row = Exchange.objects.get(message_id=headers["X-Road-Id"])
    assert (row.client, row.status) == (str(axis.desk.identifier), 200)


def test_refusals_through_the_door_are_the_axis_answers_in_vietnamese(axis, hosts):
    status, headers, body = serve(axis.url(f"/citizens/{CITIZEN}"))
    assert status == 401 and headers["X-Road-Error"] == "Client.Unauthenticated"
    assert "Cần mã truy cập" in json.loads(body)["message"]
    bearer = {"Authorization": f"Bearer {axis.token()}"}
    status, headers, _ = serve(axis.url("/citizens/..%2Freceived"), bearer)
    assert status == 400 and headers["X-Road-Error"] == "Client.BadRequest"


def test_a_host_not_served_is_refused_before_anything_else(axis, hosts):
    status, headers, body = serve(
        axis.url(f"/citizens/{CITIZEN}"),
        {"Authorization": f"Bearer {axis.token()}", "Host": "evil.example"},
    )
    assert status == 400 and headers["X-Road-Error"] == "Client.BadRequest"
    assert "Tên máy chủ" in json.loads(body)["message"]
    assert not Exchange.objects.exists()


def test_plain_http_goes_to_the_pages_stack_where_https_is_required(axis, hosts, settings):
    """Where the pages redirect plain HTTP, the gateway's calls get the same redirect
    from the same stack; behind the proxy that says it was HTTPS, the door answers."""
    reached = []

    def pages(environ, start_response):
        reached.append(environ["PATH_INFO"])
        start_response("301 Moved Permanently", [("Location", "https://tinhso.test/")])
        return [b""]

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    status, _, _ = serve(axis.url(f"/citizens/{CITIZEN}"), app=door.wrap(pages))
    assert status == 301 and reached == [axis.url(f"/citizens/{CITIZEN}")]
    status, headers, _ = serve(
        axis.url(f"/citizens/{CITIZEN}"), {"X-Forwarded-Proto": "https"}, app=door.wrap(pages)
    )
    assert status == 401 and headers["X-Road-Error"] == "Client.Unauthenticated"
    assert len(reached) == 1


def test_a_bug_is_a_json_answer_not_a_traceback(axis, hosts, monkeypatch):
    def broken(request, rest):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "call", broken)
    status, headers, body = serve(axis.url("/x"))
    assert status == 500 and headers["X-Road-Error"] == "Server.InternalError"
    assert b"a bug" not in body and b"Traceback" not in body


def test_other_paths_go_through_the_pages_stack(hosts):
    status, headers, _ = serve("/healthz")
    assert status == 200 and "X-Road-Error" not in headers
    assert door.PREFIX == "/exchange/r1/"
