"""The fault test of issue 13, in CI: the application served by gunicorn under a steady
stream of requests while every database connection it holds is killed again and again
(what a failover or a restart does). No request may answer 500: each either succeeds
or says "try again" (503), and the server keeps serving.

PostgreSQL only (pg_terminate_backend); bench/load.py is the long, measured version.
"""

from __future__ import annotations

import collections
import threading
import time

import pytest
import requests
from django.db import connection

from bench.common import KILL_CONNECTIONS, gunicorn
from tests.core.test_workers_ride_out import database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a PostgreSQL server to drop connections"
    ),
]
PATHS = ["/", "/reports/", "/services/", "/api/v1/procedures", "/open311/v2/services.json"]


def kill_all(stop: threading.Event, killed: list[int]) -> None:
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        while not stop.wait(0.2):
            row = admin.execute(KILL_CONNECTIONS).fetchone()
            killed[0] += row[0] if row else 0


def test_killing_every_connection_again_and_again_gives_no_500(places):
    connection.close()  # this test's own connection is killed too: do not hold one
    answers: collections.Counter[int] = collections.Counter()
    stop = threading.Event()
    killed = [0]
    with gunicorn({"DATABASE_URL": database_url()}, workers=2) as base:

        def visitor(n: int) -> None:
            session = requests.Session()
            i = n
            while not stop.is_set():
                try:
                    status = session.get(base + PATHS[i % len(PATHS)], timeout=30).status_code
                except requests.RequestException:
                    status = -1  # the server itself must not go away either
                answers[status] += 1
                i += 1

        for path in PATHS:  # the workers have loaded the project before the faults
            requests.get(base + path, timeout=60)
        visitors = [threading.Thread(target=visitor, args=(n,)) for n in range(6)]
        killer = threading.Thread(target=kill_all, args=(stop, killed))
        for thread in [*visitors, killer]:
            thread.start()
        time.sleep(10)
        stop.set()
        for thread in [*visitors, killer]:
            thread.join(timeout=60)
    assert killed[0] >= 10, killed  # the faults happened
    assert answers[500] == 0 and answers[-1] == 0, answers
    assert answers[200] > 50 and set(answers) <= {200, 503}, answers
