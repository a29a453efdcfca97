"""Workers say they are alive, so that a dead one is noticed (issue: nobody was told
when the task worker, the MQTT connector or a camera worker died).

    with Heartbeat("mqtt_ingest"):
        connector.run()

A daemon thread writes the worker's row every BEAT_SECONDS; the row goes away when
the worker stops cleanly. `/healthz/workers` lists the workers and answers 503 when
one has not beaten for WORKER_STALE_SECONDS — a process killed with SIGKILL, or one
whose database is gone, stops beating.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

from tinhso.core.models import WorkerHeartbeat

log = logging.getLogger(__name__)
BEAT_SECONDS = 30


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


class Heartbeat:
    def __init__(self, name: str, every: float = BEAT_SECONDS) -> None:
        self.name, self.every = name, every
        self.instance = instance_name()
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"heartbeat-{name}", daemon=True)

    def beat(self) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(
                name=self.name,
                instance=self.instance,
                defaults={"beat_at": timezone.now(), "started_at": self.started_at},
            )
        except DatabaseError:  # the database is away: the missing beat is the signal
            log.warning("%s: heartbeat not written (database unavailable)", self.name)
            connections.close_all()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.every):
                self.beat()
        finally:
            connections.close_all()

    def __enter__(self) -> Heartbeat:
        self.beat()
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        # If the database is away the row stays and shows as stale: clear it by hand.
        with contextlib.suppress(DatabaseError):
            WorkerHeartbeat.objects.filter(name=self.name, instance=self.instance).delete()


def workers(now: Any = None) -> list[dict[str, Any]]:
    """Every worker with the age of its last beat and whether that is too old."""
    now = now or timezone.now()
    out = []
    for row in WorkerHeartbeat.objects.order_by("name", "instance"):
        age = (now - row.beat_at).total_seconds()
        out.append(
            {
                "name": row.name,
                "seconds_since_beat": round(age),
                "stale": age > settings.WORKER_STALE_SECONDS,
            }
        )
    return out
