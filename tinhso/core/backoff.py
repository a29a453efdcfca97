"""Waiting out a database that went away, for long-running workers (the task worker,
the camera worker): 1 s, doubling to 30 s, back to 1 s after a round that worked.
A restart or a failover takes seconds; a worker that exits instead stays dead until
someone notices (issue 13)."""

from __future__ import annotations

import logging
import threading

from django.db import InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)
DATABASE_GONE = (OperationalError, InterfaceError)


class Backoff:
    def __init__(self, first: float = 1.0, longest: float = 30.0) -> None:
        self.first, self.longest = first, longest
        self.next = first

    def pause(self, reason: BaseException, stop: threading.Event | None = None) -> None:
        """Drop the dead connections and wait (a stop request ends the wait at once)."""
        log.warning("database unavailable (%s); trying again in %.0f s", reason, self.next)
        connections.close_all()
        (stop or threading.Event()).wait(self.next)
        self.next = min(self.next * 2, self.longest)

    def reset(self) -> None:
        self.next = self.first
