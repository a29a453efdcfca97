"""Workers say they are alive; /healthz/workers tells monitoring when one went quiet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tinhso.core.heartbeat import Heartbeat
from tinhso.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)  # the beating thread writes too


def test_a_running_worker_is_listed_and_gone_when_it_stops_cleanly():
    with Heartbeat("mqtt_ingest", every=0.05):
        first = WorkerHeartbeat.objects.get(name="mqtt_ingest").beat_at
        answer = Client().get("/healthz/workers")
        assert answer.status_code == 200 and answer.json()["workers"][0]["name"] == "mqtt_ingest"
        import time

        time.sleep(0.3)
        assert WorkerHeartbeat.objects.get(name="mqtt_ingest").beat_at > first  # it beats
    assert not WorkerHeartbeat.objects.exists()
    assert Client().get("/healthz/workers").json() == {"status": "ok", "stale": [], "workers": []}


def test_a_worker_that_went_quiet_makes_monitoring_fail(settings):
    """A worker killed with SIGKILL leaves its row and stops beating."""
    long_ago = timezone.now() - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS + 5)
    WorkerHeartbeat.objects.create(
        name="task_worker", instance="may-1:4242", started_at=long_ago, beat_at=long_ago
    )
    answer = Client().get("/healthz/workers")
    assert answer.status_code == 503
    assert answer.json()["stale"] == ["task_worker"]
    assert "may-1" not in answer.content.decode()  # names and ages only, no hosts
