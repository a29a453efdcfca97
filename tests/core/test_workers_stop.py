"""The task worker stops cleanly: SIGTERM while a task runs lets that task finish,
leaves the others queued, and a later worker runs each of them exactly once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tests.conftest import run_task_worker
from tinhso.core.models import RateCounter

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
started = threading.Event()


@task()
def slow_job(key: str) -> None:
    """Takes a moment and leaves one row: a second run of the same job would fail on
    the unique key instead of passing unnoticed."""
    started.set()
    time.sleep(0.4)
    RateCounter.objects.create(key=key, count=1, expires_at=timezone.now() + dt.timedelta(days=1))


@pytest.mark.django_db(transaction=True)
def test_sigterm_lets_the_task_in_hand_finish_and_the_rest_wait() -> None:
    started.clear()
    with override_settings(TASKS=DB_TASKS):
        for n in range(3):
            slow_job.enqueue(f"job-{n}")

        def terminate() -> None:
            assert started.wait(10)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=terminate, daemon=True).start()
        run_task_worker()

        assert RateCounter.objects.filter(key__startswith="job-").count() == 1
        statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
        assert statuses == ["READY", "READY", "SUCCESSFUL"]

        run_task_worker()  # the next worker after the deploy
    assert sorted(RateCounter.objects.values_list("key", flat=True)) == ["job-0", "job-1", "job-2"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_the_stop_signal_is_caught_once_and_the_handlers_given_back() -> None:
    """The first SIGTERM asks the worker to stop; a second one reaches the handler that
    was there before (by default: the process ends at once)."""
    from tinhso.core.shutdown import StopSignal

    seen: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    before = signal.getsignal(signal.SIGTERM)
    try:
        stopped: list[bool] = []
        with StopSignal(on_stop=lambda: stopped.append(True)) as stop:
            assert not stop.requested
            os.kill(os.getpid(), signal.SIGTERM)
            assert stop.wait(5) and stopped == [True] and seen == []
            os.kill(os.getpid(), signal.SIGTERM)  # "I mean it"
            time.sleep(0.1)
            assert seen == [signal.SIGTERM] and stopped == [True]
        assert signal.getsignal(signal.SIGTERM) is before
    finally:
        signal.signal(signal.SIGTERM, previous)
