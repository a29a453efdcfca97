"""Vision workers inside the platform: `manage.py run_cameras` claims cameras (claims.py),
runs one pipeline thread per camera over its stream, and stores events through the same
path as the event API (ingest.py) — via the worker's disk outbox, so a database that is
briefly unavailable loses nothing.

One process per host handles several cameras (threads: OpenCV and ONNX Runtime release
the GIL while they work); more hosts run more processes, and the leases keep them apart.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from tinhso.core.backoff import DATABASE_GONE, Backoff
from tinhso.core.errors import ActionError
from tinhso.traffic import claims
from tinhso.traffic.ingest import record_event
from tinhso.traffic.models import Camera
from tinhso.vision.outbox import Outbox, Unavailable, read_event
from tinhso.vision.pipeline import CameraConfig, ConfigError, Pipeline
from tinhso.vision.source import VideoError, VideoSource

log = logging.getLogger("tinhso.traffic.worker")
STATUS_EVERY = 5.0  # seconds between "last frame" updates of a camera
REST_AFTER_FAILURE = 60.0  # seconds before a failed camera is claimed again


class DirectDelivery:
    """Outbox delivery straight into the database (no HTTP, no key)."""

    def __init__(self, camera_pk: int) -> None:
        self.camera_pk = camera_pk

    def __call__(self, folder: Path) -> tuple[int, str]:
        fields, frames, plate, clip = read_event(folder)

        def upload(path: Path | None) -> Any:
            return SimpleUploadedFile(path.name, path.read_bytes()) if path else None

        try:
            if not connection.in_atomic_block:  # a long-running thread: drop a dead link
                close_old_connections()
            camera = Camera.objects.get(pk=self.camera_pk)
            _violation, created = record_event(
                camera, fields, [upload(f) for f in frames], upload(plate), upload(clip)
            )
        except Camera.DoesNotExist as exc:  # deleted meanwhile: keep the events for a person
            raise Unavailable("camera no longer exists") from exc
        except ActionError as exc:
            return 400, json.dumps({"detail": exc.message, "field": exc.field or ""})
        except DatabaseError as exc:
            raise Unavailable(exc.__class__.__name__) from exc
        return (201 if created else 200), ""


class CameraRunner(threading.Thread):
    def __init__(
        self,
        camera: Camera,
        spool: Path,
        finder: Any = None,
        min_parking_seconds: float | None = None,
    ) -> None:
        super().__init__(daemon=True, name=f"camera-{camera.code}")
        self.camera, self.spool, self.finder = camera, spool, finder
        self.min_parking_seconds = (
            settings.TRAFFIC_MIN_PARKING_SECONDS
            if min_parking_seconds is None
            else min_parking_seconds
        )
        self.stopping = threading.Event()
        self.failed = False

    def run(self) -> None:
        camera = self.camera
        outbox = Outbox(self.spool / camera.code, DirectDelivery(camera.pk))
        try:
            outbox.flush()  # what an earlier run left waiting
            config = CameraConfig.from_dict(
                {
                    "code": camera.code,
                    "calibration": camera.calibration,
                    "min_parking_seconds": self.min_parking_seconds,
                }
            )
            source = VideoSource(camera.stream_url)
            if not source.live:  # a recording: its frames happened just before now
                seconds = source.frame_count / source.fps
                config.start = timezone.now() - dt.timedelta(seconds=seconds)
            pipeline = Pipeline(config, source.fps, finder=self.finder)
            last_status = 0.0
            for index, frame in source.frames():
                if self.stopping.is_set():
                    break
                self.emit(outbox, pipeline.process(frame, index))
                if time.monotonic() - last_status > STATUS_EVERY:
                    _quietly(claims.mark_frame, camera.pk)
                    last_status = time.monotonic()
            self.emit(outbox, pipeline.finish())
        except (VideoError, ConfigError) as exc:
            log.error("camera %s: %s", camera.code, exc)
            self.failed = True
            _quietly(claims.mark_offline, camera.pk)
        finally:
            outbox.flush()
            if threading.current_thread() is self:  # its own connection, not a caller's
                connection.close()

    @staticmethod
    def emit(outbox: Outbox, events: list[Any]) -> None:
        for event in events:
            outbox.put(event)
        if events:
            outbox.flush()


def _quietly(update: Any, pk: int) -> None:
    """A camera's status is bookkeeping: a busy or briefly unavailable database must not
    stop the analysis (events wait in the outbox anyway)."""
    try:
        update(pk)
    except DatabaseError as exc:
        log.warning("camera status not updated (%s)", exc.__class__.__name__)


def run_cameras(
    worker: str,
    max_cameras: int,
    once: bool = False,
    stop: threading.Event | None = None,
    lease: dt.timedelta = claims.LEASE,
    finder_factory: Any = None,
) -> int:
    """Claim, run and renew until stopped (or, with `once`, until every claimed camera's
    video has ended). Returns how many camera runs finished."""
    stop = stop or threading.Event()
    spool = Path(settings.TRAFFIC_SPOOL_DIR)
    runners: dict[int, CameraRunner] = {}
    resting: dict[int, float] = {}
    done: set[int] = set()
    finished = 0
    backoff = Backoff()  # the database restarting is waited out, never a reason to exit
    try:
        while not stop.is_set():
            try:
                finished += _one_round(
                    worker, max_cameras, lease, spool, finder_factory, runners, resting, done, once
                )
            except DATABASE_GONE as exc:
                backoff.pause(exc, stop)
                continue
            backoff.reset()
            if once and not runners:
                break
            stop.wait(min(lease.total_seconds() / 3, 2.0 if once else 10.0))
    finally:
        for runner in runners.values():
            runner.stopping.set()
        for runner in runners.values():
            runner.join(timeout=30)
        try:
            claims.do_release_claims(worker)
        except DATABASE_GONE:  # the leases run out by themselves
            log.warning("cameras not released (database unavailable)")
    return finished


def _one_round(
    worker: str,
    max_cameras: int,
    lease: dt.timedelta,
    spool: Path,
    finder_factory: Any,
    runners: dict[int, CameraRunner],
    resting: dict[int, float],
    done: set[int],
    once: bool,
) -> int:
    """Claim free cameras, renew the leases held, let go of runs that ended. Returns how
    many runs ended. Each step's bookkeeping comes before its database write, so a round
    cut off by a lost connection is simply done again."""
    now = time.monotonic()
    skip = done | {pk for pk, until in resting.items() if until > now} | set(runners)
    for camera in claims.do_claim_cameras(worker, max_cameras, lease, exclude=skip):
        runner = CameraRunner(camera, spool, finder_factory() if finder_factory else None)
        runners[camera.pk] = runner
        runner.start()
        log.info("camera %s claimed by %s", camera.code, worker)
    held = claims.do_renew_claims(worker, lease)
    if orphans := held - set(runners):  # claimed as the connection dropped: free again
        claims.do_release_claims(worker, orphans)
    ended = 0
    for pk, runner in list(runners.items()):
        if pk not in held:  # the lease was lost (this worker stalled): let go
            runner.stopping.set()
        if not runner.is_alive():
            runners.pop(pk)
            ended += 1
            if runner.failed:
                resting[pk] = time.monotonic() + REST_AFTER_FAILURE
            if once:
                done.add(pk)
            claims.do_release_claims(worker, {pk})
    return ended
