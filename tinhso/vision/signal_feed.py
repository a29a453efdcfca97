"""The traffic light's state from its controller instead of its pixels: a signal
controller (or its gateway) that answers HTTP GET with JSON `{"state": "red"}` (or the
word alone). Polled in the background; a state older than `stale_seconds` counts as
"unknown", which is never red — a dead feed makes no violations.

Only live streams make sense with a feed (a recording's frames are from another time).
"""

from __future__ import annotations

import json
import threading
import time

from tinhso.core.outbound import OutboundRefused, fetch, guarded_session

STATES = {"red", "amber", "yellow", "green"}


def parse(text: str) -> str:
    text = text.strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        state = text.lower()
    else:
        state = str(data.get("state", "")).lower() if isinstance(data, dict) else ""
    state = "amber" if state == "yellow" else state
    return state if state in STATES else "unknown"


class SignalFeed(threading.Thread):
    def __init__(self, url: str, interval: float = 0.3, stale_seconds: float = 2.0) -> None:
        super().__init__(daemon=True, name="signal-feed")
        if not url.startswith(("http://", "https://")):
            raise ValueError("only http(s) signal feeds are supported")
        self.url, self.interval, self.stale = url, interval, stale_seconds
        # Through the SSRF guard: the controller's LAN must be in OUTBOUND_ALLOWED_NETWORKS.
        self.http = guarded_session()
        self.last = ("unknown", 0.0)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                status, body, _headers = fetch(
                    "GET", self.url, timeout=self.interval * 3, max_bytes=4096, session=self.http
                )
                if status < 400:
                    self.last = (parse(body[:200].decode("utf-8", "replace")), time.monotonic())
            except OutboundRefused:
                pass  # stays as it was until it goes stale
            self.stopping.wait(self.interval)

    def state(self) -> str:
        state, at = self.last
        return state if time.monotonic() - at <= self.stale else "unknown"

    def stop(self) -> None:
        self.stopping.set()
