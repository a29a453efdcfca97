"""The worker's outbox: every event is written to disk before it is sent, and removed
only after the platform has answered that it holds it. If the API is down the events
wait in the spool folder and go when it is back; if the worker is killed they are sent
by the next run. The platform keeps one violation per event id, so an event sent again
(killed after the platform stored it but before the spool copy was removed) is
answered "already have it" and nothing is doubled.

    spool/ready/<event id>/event.json, frame_0.jpg …, plate.jpg, clip.webm
    spool/rejected/<event id>/…, answer.json     (the platform refused it: kept for a person)
    spool/tmp/                                   (half-written; cleared at start)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from tinhso.vision.pipeline import Event

EVENTS_PATH = "/api/v1/traffic/events"
log = logging.getLogger("tinhso.vision.outbox")


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:150]


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


class Unavailable(Exception):
    """The platform cannot take events now (down, overloaded, key refused): keep them."""


Delivery = Callable[[Path], tuple[int, str]]  # an event's folder → (HTTP-like status, text)


def read_event(folder: Path) -> tuple[dict[str, Any], list[Path], Path | None, Path | None]:
    """A spooled event: its fields, frame files, plate crop and clip (if any)."""
    fields = json.loads((folder / "event.json").read_text(encoding="utf-8"))
    plate, clip = folder / "plate.jpg", folder / "clip.webm"
    return (
        fields,
        sorted(folder.glob("frame_*.jpg")),
        plate if plate.exists() else None,
        clip if clip.exists() else None,
    )


class HttpDelivery:
    """POST to the platform's event API with the camera's key."""

    FIELDS = ("event_id", "kind", "plate", "plate_colour", "vehicle_kind", "occurred_at",
              "confidence", "plate_confidence")  # fmt: skip

    def __init__(self, api: str, key: str | None, timeout: float = 20) -> None:
        self.url = api.rstrip("/") + EVENTS_PATH
        self.key, self.timeout = key, timeout
        self.http = requests.Session()

    def __call__(self, folder: Path) -> tuple[int, str]:
        fields, frames, plate, clip = read_event(folder)
        # An event spooled by an older worker has no plate_confidence: sent without it.
        form = {k: str(fields[k]) for k in self.FIELDS if k in fields}
        with contextlib.ExitStack() as stack:
            files: list[tuple[str, Any]] = [
                ("frames", (f.name, stack.enter_context(f.open("rb")), "image/jpeg"))
                for f in frames
            ]
            if plate:
                files.append(
                    (
                        "plate_image",
                        (plate.name, stack.enter_context(plate.open("rb")), "image/jpeg"),
                    )
                )
            if clip:
                files.append(
                    ("clip", (clip.name, stack.enter_context(clip.open("rb")), "video/webm"))
                )
            try:
                answer = self.http.post(
                    self.url, data=form, files=files, headers={"X-Camera-Key": self.key or ""},
                    timeout=self.timeout,
                )  # fmt: skip
            except requests.RequestException as exc:
                raise Unavailable(exc.__class__.__name__) from exc
        return answer.status_code, answer.text


class Outbox:
    def __init__(self, folder: str | Path, deliver: Delivery | None = None) -> None:
        self.folder = Path(folder)
        self.ready, self.rejected = self.folder / "ready", self.folder / "rejected"
        self.tmp = self.folder / "tmp"
        for path in (self.ready, self.rejected):
            path.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)  # what a killed run left half-written
        self.tmp.mkdir()
        self.deliver = deliver
        self.lock = threading.Lock()

    def put(self, event: Event) -> Path:
        """Keep the event on disk (all or nothing: written aside, then renamed in)."""
        target = self.ready / _safe(event.event_id)
        if target.exists():
            return target
        staging = self.tmp / uuid.uuid4().hex
        staging.mkdir()
        _write(staging / "event.json", json.dumps(event.summary(), ensure_ascii=False).encode())
        for i, frame in enumerate(event.frames):
            _write(staging / f"frame_{i}.jpg", frame)
        if event.plate_image:
            _write(staging / "plate.jpg", event.plate_image)
        if event.clip:
            _write(staging / "clip.webm", event.clip)
        os.replace(staging, target)
        return target

    def pending(self) -> list[Path]:
        return sorted(p for p in self.ready.iterdir() if p.is_dir())

    def flush(self) -> dict[str, int]:
        """Send what waits, oldest first; stop at the first sign the platform is unavailable."""
        counts = {"sent": 0, "rejected": 0, "waiting": 0}
        if self.deliver is None:
            counts["waiting"] = len(self.pending())
            return counts
        with self.lock:
            queue = self.pending()
            for i, folder in enumerate(queue):
                try:
                    status, text = self.deliver(folder)
                except Unavailable as exc:
                    log.warning("platform unavailable (%s); %d events wait", exc, len(queue) - i)
                    counts["waiting"] = len(queue) - i
                    return counts
                if status in (200, 201):
                    # Out of ready/ in one rename, then deleted: a kill during the
                    # delete leaves junk in tmp/ (cleared at start), never a half event
                    # in ready/ that the next run would try to send.
                    done = self.tmp / f"sent-{uuid.uuid4().hex}"
                    os.replace(folder, done)
                    shutil.rmtree(done, ignore_errors=True)
                    counts["sent"] += 1
                elif status == 400:  # the event itself is wrong: keep it for a person
                    (folder / "answer.json").write_text(text, encoding="utf-8")
                    os.replace(folder, self.rejected / folder.name)
                    counts["rejected"] += 1
                    log.error("event %s refused: %s", folder.name, text[:300])
                else:  # 401/403 (key), 429, 5xx: not the event's fault; try again later
                    log.warning("platform answered %s; %d events wait", status, len(queue) - i)
                    counts["waiting"] = len(queue) - i
                    return counts
        return counts


class Sender(threading.Thread):
    """Flushes the outbox in the background, every `interval` seconds or when woken."""

    def __init__(self, outbox: Outbox, interval: float = 5.0) -> None:
        super().__init__(daemon=True, name="outbox-sender")
        self.outbox, self.interval = outbox, interval
        self.wake, self.stopping = threading.Event(), threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.outbox.flush()
            self.wake.wait(self.interval)
            self.wake.clear()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        self.join(timeout=30)
