"""Long-running commands stop cleanly: SIGTERM (a deploy, ``systemctl stop``) or Ctrl+C
asks the worker to finish the batch in hand — or leave it untouched — and exit.

    with StopSignal() as stop:
        while not stop.requested:
            do_one_batch()          # a batch is one transaction: all of it or none
            stop.wait(interval)

A second signal while stopping is not caught again: the process ends at once
(the operator's "I mean it"), and an unfinished transaction rolls back.
Django-free: the vision worker uses it too.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopSignal:
    """Catches SIGTERM and SIGINT while the ``with`` block runs (main thread only)."""

    def __init__(self, on_stop: Callable[[], None] | None = None) -> None:
        self.event = threading.Event()
        self._on_stop = on_stop
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopSignal:
        for sig in SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        log.warning(
            "%s received: finishing the batch in hand, then stopping", signal.strsignal(signum)
        )
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # a second signal is not caught
        self.request()

    def request(self) -> None:
        """Ask to stop (what the signal does; tests and threads may call it too)."""
        if not self.event.is_set():
            self.event.set()
            if self._on_stop is not None:
                self._on_stop()

    @property
    def requested(self) -> bool:
        return self.event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True as soon as a stop was asked for."""
        return self.event.wait(seconds)
