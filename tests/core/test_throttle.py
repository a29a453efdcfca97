"""Rate limits hold across processes and under parallel requests (issue 11: 10, 14)."""

from __future__ import annotations

import multiprocessing

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connections

from tinhso.core.throttle import count_one, counted, over_limit

pytestmark = pytest.mark.django_db(transaction=True)


def _look_up_twenty_times(results) -> None:
    connections.close_all()  # the child opens its own connection to the same database
    allowed = sum(not over_limit("lookup:203.0.113.9", 20, 600) for _ in range(20))
    results.put(allowed)
    connections.close_all()


def test_a_limit_holds_across_four_worker_processes():
    """As gunicorn -w 4 runs: four processes, one limit of 20 between them."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_look_up_twenty_times, args=(results,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    allowed = [results.get(timeout=5) for _ in workers]
    assert sum(allowed) == 20, allowed
    assert counted("lookup:203.0.113.9") == 80


def test_a_window_starts_again_after_it_ends():
    assert count_one("k", 1) == 1 and count_one("k", 1) == 2
    import time

    time.sleep(1.1)
    assert count_one("k", 1) == 1


def test_check_deploy_refuses_a_per_process_store(settings):
    settings.RATE_LIMIT_STORE = "cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with pytest.raises(SystemCheckError, match=r"tinhso\.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_check_deploy_warns_when_every_request_opens_a_connection():
    from tinhso.core.checks import connection_warnings

    postgres = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 0}
    assert [w.id for w in connection_warnings(postgres)] == ["tinhso.W001"]
    assert connection_warnings({**postgres, "CONN_MAX_AGE": 60}) == []
    assert connection_warnings({"ENGINE": "django.db.backends.sqlite3", "CONN_MAX_AGE": 0}) == []
