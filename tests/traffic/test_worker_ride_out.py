"""The camera worker rides out a real PostgreSQL restart in the middle of a recording:
it waits, reconnects and carries on; every violation of the clip reaches the review
queue once (events wait in the disk outbox while the database is away)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.core.test_workers_ride_out import (
    ROOT,
    database_url,
    pytestmark,  # noqa: F401 (PostgreSQL that may be restarted, transactions)
    restart_postgres,
    wait_for,
)
from tinhso.traffic.models import Camera, Violation
from tinhso.vision import synth_scene


def test_run_cameras_rides_out_a_postgres_restart(places, tmp_path):
    clip = tmp_path / "junction.mp4"
    truth = synth_scene.generate(clip, seconds=60, seed=3)
    camera = Camera.objects.create(
        code="nga-tu-pg", name="Ngã tư", area=places["ward"], latitude=11.3, longitude=106.1,
        stream_url=f"file://{clip}", calibration=truth["camera"]["calibration"],
    )  # fmt: skip
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TRAFFIC_SPOOL_DIR": str(tmp_path / "spool"),
        "TRAFFIC_MIN_PARKING_SECONDS": str(int(synth_scene.PARKING_GRACE_SECONDS)),
    }
    command = ["manage.py", "run_cameras", "--once", "--no-plates", "--worker-id", "pg:1"]
    worker = subprocess.Popen(
        [sys.executable, *command, "--max-cameras", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        if not wait_for(lambda: Violation.objects.filter(camera=camera).exists(), seconds=60):
            worker.kill()
            raise AssertionError(worker.communicate()[0][-3000:])
        restart_postgres()  # the recording is not over: more violations are to come
        output, _ = worker.communicate(timeout=300)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output[-3000:]
    assert "database unavailable" in output or "not updated" in output, output[-3000:]
    stored = Violation.objects.filter(camera=camera).order_by("occurred_at")
    assert [v.kind for v in stored] == [t["kind"] for t in truth["violations"]]
    camera.refresh_from_db()
    assert camera.claimed_by == ""
