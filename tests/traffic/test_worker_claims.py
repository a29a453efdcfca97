"""Vision workers inside the platform: camera leases (never two workers on one camera,
expired leases taken over) and `run_cameras` over a recorded clip into the review queue."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tinhso.traffic import claims
from tinhso.traffic.models import Camera, Evidence, Violation
from tinhso.traffic.worker import run_cameras
from tinhso.vision import synth_scene


def cameras(places, n, url="rtsp://127.0.0.1:8554/cam", prefix="cam"):
    return [
        Camera.objects.create(
            code=f"{prefix}-{i}",
            name=f"Camera {i}",
            area=places["ward"],
            latitude=11.3,
            longitude=106.1,
            stream_url=f"{url}{i}" if url else "",
        )
        for i in range(n)
    ]


def test_two_workers_never_hold_the_same_camera(places):
    made = cameras(places, 5)
    cameras(places, 1, url="", prefix="no-stream")  # no stream: nobody claims it
    a = claims.do_claim_cameras("host-a:1", limit=3)
    b = claims.do_claim_cameras("host-b:1", limit=3)
    assert len(a) == 3 and len(b) == 2
    assert not {c.pk for c in a} & {c.pk for c in b}
    assert {c.pk for c in a} | {c.pk for c in b} == {c.pk for c in made}
    assert claims.do_claim_cameras("host-c:1", limit=3) == []
    assert claims.do_claim_cameras("host-a:1", limit=3) == []  # already at its limit


def test_an_expired_lease_is_taken_over_and_the_old_worker_lets_go(places):
    camera = cameras(places, 1)[0]
    assert claims.do_claim_cameras("host-a:1", limit=1)
    Camera.objects.filter(pk=camera.pk).update(
        claim_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    taken = claims.do_claim_cameras("host-b:1", limit=1)
    assert [c.pk for c in taken] == [camera.pk]
    assert claims.do_renew_claims("host-a:1") == set()  # A learns it lost the camera
    assert claims.do_renew_claims("host-b:1") == {camera.pk}
    claims.do_release_claims("host-b:1")
    camera.refresh_from_db()
    assert (
        camera.claimed_by == "" and camera.claim_expires_at is None and camera.status == "offline"
    )


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_cameras_each_get_different_ones(places):
    cameras(places, 6)
    got, errors = {}, []

    def claim(name):
        try:
            got[name] = [c.pk for c in claims.do_claim_cameras(name, limit=3)]
        except Exception as exc:  # pragma: no cover - shown in the assertion below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own; left open it blocks dropping the test DB

    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    claimed = [pk for pks in got.values() for pk in pks]
    assert len(claimed) == len(set(claimed)) == 6


@pytest.mark.django_db(transaction=True)
def test_run_cameras_puts_a_recorded_clips_violations_in_the_queue(places, tmp_path, settings):
    settings.TRAFFIC_SPOOL_DIR = tmp_path / "spool"
    settings.TRAFFIC_MIN_PARKING_SECONDS = synth_scene.PARKING_GRACE_SECONDS
    clip = tmp_path / "junction.mp4"
    truth = synth_scene.generate(clip, seconds=40, seed=3)
    camera = Camera.objects.create(
        code="nga-tu-demo", name="Ngã tư", area=places["ward"], latitude=11.3, longitude=106.1,
        stream_url=f"file://{clip}", calibration=truth["camera"]["calibration"],
    )  # fmt: skip
    broken = Camera.objects.create(
        code="hong", name="Camera hỏng", area=places["ward"], latitude=11.3, longitude=106.1,
        stream_url=str(tmp_path / "missing.mp4"),
    )  # fmt: skip
    call_command("run_cameras", "--once", "--worker-id", "test:1", "--max-cameras", "2")
    stored = list(Violation.objects.filter(camera=camera).order_by("occurred_at"))
    assert [v.kind for v in stored] == [t["kind"] for t in truth["violations"]]
    assert (
        sum(v.plate == t["plate"] for v, t in zip(stored, truth["violations"], strict=True))
        >= len(stored) - 1
    )
    assert all(v.status == "detected" and v.occurred_at <= timezone.now() for v in stored)
    assert Evidence.objects.filter(violation__camera=camera, kind="clip").count() == len(stored)
    camera.refresh_from_db()
    broken.refresh_from_db()
    assert camera.last_frame_at is not None and camera.claimed_by == ""
    assert broken.status == "offline" and broken.claimed_by == ""
    assert not any((tmp_path / "spool" / "nga-tu-demo" / "ready").iterdir())


@pytest.mark.django_db(transaction=True)
def test_a_stop_request_releases_the_cameras(places, settings, tmp_path):
    settings.TRAFFIC_SPOOL_DIR = tmp_path / "spool"
    cameras(places, 2, url=str(tmp_path / "nothing-here-"))
    stop = threading.Event()
    stop.set()
    run_cameras("host-x:1", 2, stop=stop)
    assert not Camera.objects.exclude(claimed_by="").exists()
