"""A large answer goes to the caller as it arrives, not after the gateway has read it
all; its log row is completed when the last byte has gone, and sealed only then."""

from __future__ import annotations

import hashlib
import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.core import signals
from django.db import close_old_connections
from django.test import Client

from tests.loopback import serve
from tinhso.exchange import actions, gateway, log
from tinhso.exchange.models import Exchange
from tinhso.wsgi import application

pytestmark = pytest.mark.django_db

BIG = bytes(range(256)) * 6000  # 1.5 MB


def big_service(axis, province_admin, port, code="files"):
    service = actions.do_register_service(
        axis.police, code=code, name="Tệp lớn", base_url=f"http://127.0.0.1:{port}",
        acting_user=province_admin,
    )  # fmt: skip
    actions.do_grant_access(service, axis.desk, acting_user=province_admin)
    return service


def answer(body):
    return lambda path: (200, {"Content-Type": "application/octet-stream"}, body)


def test_a_large_answer_is_streamed_and_logged_once_it_has_gone(axis, province_admin):
    with serve(answer(BIG)) as (port, _seen):
        service = big_service(axis, province_admin, port)
        response = Client().get(
            axis.url("/report.bin", service=service), HTTP_AUTHORIZATION=f"Bearer {axis.token()}"
        )
        assert response.status_code == 200 and response.streaming
        row = Exchange.objects.get(message_id=response["X-Road-Id"])
        assert row.complete is False  # the answer has not gone yet
        assert log.seal() is None or not Exchange.objects.filter(pk=row.pk, seq__isnull=False)
        received = b"".join(response.streaming_content)
    assert received == BIG
    row.refresh_from_db()
    assert row.complete and row.response_bytes == len(BIG)
    assert row.response_sha256 == hashlib.sha256(BIG).hexdigest()
    log.seal()
    row.refresh_from_db()
    assert row.seq is not None and list(log.verify()) == []


def test_a_small_answer_is_read_whole_as_before(axis, province_admin):
    small = b"x" * (gateway.STREAM_ABOVE // 2)
    with serve(answer(small)) as (port, _seen):
        service = big_service(axis, province_admin, port)
        response = Client().get(
            axis.url("/a", service=service), HTTP_AUTHORIZATION=f"Bearer {axis.token()}"
        )
    assert not response.streaming and response.content == small
    assert Exchange.objects.get(message_id=response["X-Road-Id"]).complete


def test_an_answer_declared_over_the_cap_is_refused_before_a_byte(axis, province_admin, settings):
    settings.EXCHANGE_MAX_RESPONSE_BYTES = 1_000_000
    with serve(answer(BIG)) as (port, _seen):
        service = big_service(axis, province_admin, port)
        response = Client().get(
            axis.url("/a", service=service), HTTP_AUTHORIZATION=f"Bearer {axis.token()}"
        )
    assert response.status_code == 502
    assert response["X-Road-Error"] == "Server.ResponseTooLarge"


def test_a_caller_who_goes_away_leaves_a_completed_row_of_what_was_sent(
    axis, province_admin, settings
):
    """Through the WSGI application, as gunicorn serves it: the server reads a part of
    the answer, the caller hangs up, the server closes the answer."""
    settings.ALLOWED_HOSTS = ["testserver"]
    with serve(answer(BIG)) as (port, _seen):
        service = big_service(axis, province_admin, port)
        environ = {
            "PATH_INFO": axis.url("/a", service=service),
            "HTTP_HOST": "testserver",
            "HTTP_AUTHORIZATION": f"Bearer {axis.token()}",
            "wsgi.input": io.BytesIO(b""),
        }
        setup_testing_defaults(environ)
        headers: dict[str, str] = {}
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            sent = application(environ, lambda status, items: headers.update(items))
            first = next(iter(sent))
            sent.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
    row = Exchange.objects.get(message_id=headers["X-Road-Id"])
    assert row.complete and 0 < len(first) <= row.response_bytes < len(BIG)


def test_our_own_apps_get_large_answers_whole(axis, province_admin):
    from tinhso.exchange import client

    with serve(answer(BIG)) as (port, _seen):
        service = big_service(axis, province_admin, port)
        got = client.call(str(axis.desk.identifier), str(service.identifier), "/a")
    assert got.body == BIG and got.chunks is None
