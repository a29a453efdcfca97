"""Workers ride out a real PostgreSQL restart: the task worker backs off, reconnects and
finishes every queued task exactly once; the MQTT connector keeps its messages and
stores them once the database is back.

PostgreSQL only, restarted with `pg_ctlcluster … restart` as an operator would (CI runs
as root on Debian); skipped where that cannot be done.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tinhso.core.models import RateCounter

ROOT = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.alone,  # a restart would break the other workers' tests mid-way
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not shutil.which("pg_ctlcluster") or os.geteuid() != 0,
        reason="needs a local PostgreSQL cluster this test may restart (root, Debian tools)",
    ),
]


@task()
def counted_job(key: str) -> None:
    """One row per job: running a job twice fails on the unique key instead of hiding."""
    time.sleep(0.3)
    RateCounter.objects.create(key=key, count=1, expires_at=timezone.now() + dt.timedelta(days=1))


def restart_postgres() -> None:
    port = str(connection.settings_dict["PORT"])
    for line in subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout.splitlines():
        version, name, cluster_port = line.split()[:3]
        if cluster_port == port:
            subprocess.run(["pg_ctlcluster", version, name, "restart"], check=True)
            connection.close()  # this process's connection went with it
            return
    raise AssertionError(f"no local cluster on port {port}")


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:  # the database may be between stop and start
            connection.close()
        time.sleep(0.1)
    return False


def test_the_task_worker_rides_out_a_postgres_restart():
    with override_settings(TASKS=DB_TASKS):
        for n in range(12):
            counted_job.enqueue(f"job-{n}")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    command = [sys.executable, "manage.py", "task_worker", "--batch", "--no-startup-delay"]
    worker = subprocess.Popen(
        [*command, "--no-reload", "--interval", "0.1", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: RateCounter.objects.filter(key__startswith="job-").exists())
        restart_postgres()  # in the middle of the queue, maybe in the middle of a job
        output, _ = worker.communicate(timeout=180)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output[-3000:]
    assert "database unavailable" in output  # it did lose the database, and carried on
    keys = sorted(RateCounter.objects.filter(key__startswith="job-").values_list("key", flat=True))
    assert keys == sorted(f"job-{n}" for n in range(12))  # every job, each once
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_the_mqtt_connector_rides_out_a_postgres_restart(broker, station):  # noqa: F811
    """Readings that arrive while the database restarts wait, unacknowledged, and are
    stored once it is back; none is lost and none is stored twice."""
    from tinhso.ioc.models import Observation

    worker = connector(broker.url, "ioc-pg-restart")
    worker.start()
    try:
        assert worker.subscribed.wait(10)
        publish(broker.url, [reading(float(n), minutes_ago=n) for n in range(1, 6)])
        assert wait_for(lambda: Observation.objects.count() == 5)
        restart_postgres()
        publish(broker.url, [reading(float(n), minutes_ago=n) for n in range(6, 11)])
        assert wait_for(lambda: Observation.objects.count() == 10, seconds=60)
        time.sleep(0.5)
        assert Observation.objects.count() == 10
    finally:
        worker.stop()


from tests.ioc.conftest import pm25  # noqa: E402, F401
from tests.ioc.test_mqtt import broker, connector, publish, reading, station  # noqa: E402, F401
