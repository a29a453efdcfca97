"""A database connection the server dropped (a restart, a failover, a network blip)
must not reach a user as a 500: the next request reconnects, and a request that loses
its connection half-way answers 503 "try again" with nothing half-written.

Requests go through Django's real WSGI handler in this thread (the test client
switches off the per-request connection check this is about). PostgreSQL only: the
server ends the connection with pg_terminate_backend, as an administrator would.
"""

from __future__ import annotations

import io
import time

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from tinhso.core.models import Notification

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a PostgreSQL server to drop connections"
    ),
]


def wsgi_get(path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    status: list[str] = []
    found: dict[str, str] = {}

    def start_response(line: str, header_list: list[tuple[str, str]], *exc: object) -> None:
        status.append(line)
        found.update(header_list)

    body = b"".join(WSGIHandler()(environ, start_response))
    return int(status[0].split()[0]), found, body


def drop_connection(pid: int) -> None:
    """What a restart or a failover does to the application's connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        # The server ends the backend a moment later: wait until it is gone.
        for _ in range(100):
            if not admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            time.sleep(0.05)
        raise AssertionError("the connection was not dropped")


def test_a_dropped_connection_is_replaced_before_the_next_request(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    assert wsgi_get("/readyz")[0] == 200
    old_pid = connection.connection.info.backend_pid  # kept between requests
    drop_connection(old_pid)
    for _ in range(3):
        status, _headers, _body = wsgi_get("/readyz")
        assert status == 200
    assert connection.connection.info.backend_pid != old_pid


def test_a_connection_lost_mid_request_answers_503_try_again():
    """The connection passes the check when the request opens its first cursor, then
    the server goes away before the query runs."""
    seen: list[str] = []

    def drop_before_the_first_query(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        if len(seen) == 1:
            drop_connection(connection.connection.info.backend_pid)
        return execute(sql, params, many, context)

    wsgi_get("/readyz")  # a connection to lose
    for path in ("/reports/", "/api/v1/procedures"):
        seen.clear()
        with connection.execute_wrapper(drop_before_the_first_query):
            status, headers, body = wsgi_get(path, Cookie="tinhso_language=vi")
        assert status == 503 and headers["Retry-After"] == "5", (path, status)
        if path.startswith("/api/"):
            assert b"detail" in body
        else:
            assert "Hệ thống đang bận, vui lòng thử lại" in body.decode()
        assert wsgi_get(path)[0] == 200  # and the next request is served again


def test_a_write_cut_off_by_a_lost_connection_leaves_nothing_half_written(citizen):
    """The transaction dies with the connection: none of its rows survive."""
    from django.db import OperationalError, transaction

    from tinhso.core.notify import notify

    with pytest.raises(OperationalError), transaction.atomic():
        notify(citizen, "welcome", {"user": citizen})
        drop_connection(connection.connection.info.backend_pid)
        notify(citizen, "welcome", {"user": citizen})
    connection.close()
    assert Notification.objects.count() == 0


def test_a_driver_error_that_escapes_django_answers_503_too():
    """psycopg's own error, not Django's wrapped one (closing a server-side cursor while
    a template iterates a queryset raises it unwrapped): found by bench/load.py with
    connections killed every 0.5 s."""

    def fail_like_the_driver(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        raise psycopg.OperationalError("consuming input failed: server closed the connection")

    wsgi_get("/readyz")
    with connection.execute_wrapper(fail_like_the_driver):
        status, headers, _body = wsgi_get("/reports/", Cookie="tinhso_language=vi")
    assert status == 503 and headers["Retry-After"] == "5"
