"""Streaming to Icecast: a station's programme on its mount, an emergency on the
station's emergency mount, each as one continuous Ogg Opus stream.

Why a source client of our own: the Icecast protocol for sources is one HTTP PUT whose
body is the stream, sent at the pace it is heard. libshout would be the usual library,
but its Python binding is unmaintained and not on PyPI as wheels; FFmpeg's icecast
output (through PyAV) would work but re-opens per file. Here one encoder runs for the
whole airing: each item (a jingle, a bulletin) is decoded, resampled and fed to it, with
a short silence between, so the speakers hear one stream whatever the items' formats —
and Icecast needs nothing configured per mount (the source password opens any mount).
"""

from __future__ import annotations

import base64
import http.client
import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import av
import numpy as np

from tinhso.core.audio import OPUS_FRAME, RATE

log = logging.getLogger(__name__)
GAP_SECONDS = 0.8  # between items: the listener hears where one ends
LEAD_SECONDS = 1.5  # sent ahead of the clock, so a listener's buffer never runs dry
EMERGENCY_SUFFIX = "-khan-cap"


def emergency_mount(mount: str) -> str:
    return f"{mount}{EMERGENCY_SUFFIX}"


def server_config(
    *,
    port: int,
    source_password: str,
    admin_password: str,
    folder: Path,
    user: str | None = None,
    listeners: int = 2000,
) -> str:
    """An icecast.xml for one server on loopback (tests, `make demo`) or, with the
    bind address changed, an installation; docs/loudspeakers.md explains the parts."""
    owner = f"<changeowner><user>{user}</user><group>icecast</group></changeowner>" if user else ""
    return f"""<icecast>
  <location>Tinh so</location><admin>it@localhost</admin>
  <limits><clients>{listeners + 100}</clients><sources>200</sources>
    <queue-size>524288</queue-size><client-timeout>30</client-timeout>
    <header-timeout>15</header-timeout><source-timeout>10</source-timeout>
    <burst-on-connect>1</burst-on-connect><burst-size>32768</burst-size></limits>
  <authentication><source-password>{source_password}</source-password>
    <admin-user>admin</admin-user><admin-password>{admin_password}</admin-password></authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>{folder}</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>
    <pidfile>{folder}/icecast.pid</pidfile></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>{owner}</security>
</icecast>
"""


def _samples(path: str | Path) -> Iterable[np.ndarray]:
    """Mono float32 48 kHz blocks of a file, whatever its format."""
    resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
    with av.open(str(path)) as media:
        for frame in media.decode(audio=0):
            for out in resampler.resample(frame):
                yield out.to_ndarray().reshape(-1)
    for out in resampler.resample(None):
        yield out.to_ndarray().reshape(-1)


class _Put:
    """The PUT's body, written as the encoder produces pages."""

    def __init__(self, connection: http.client.HTTPConnection) -> None:
        self.connection = connection

    def write(self, data: bytes) -> int:
        self.connection.send(data)
        return len(data)


class Source(threading.Thread):
    """Streams `items` (files) to `mount`, paced at real time, then hangs up.

    `on_item(index)` is called as each item starts (the airing's log); `connected` is set
    once Icecast accepted the stream (then speakers may be told to play it); `stop()`
    ends it between two frames. `error` says why it ended early, if it did."""

    def __init__(
        self,
        base_url: str,
        password: str,
        mount: str,
        items: list[Path],
        on_item: Callable[[int], Any] | None = None,
        name: str = "",
    ) -> None:
        super().__init__(daemon=True, name=f"icecast {mount}")
        self.base, self.password, self.mount = urlsplit(base_url), password, mount
        self.items, self.on_item, self.title = items, on_item, name
        self.connected, self.halt, self.finished = (
            threading.Event(),
            threading.Event(),
            threading.Event(),
        )
        self.error = ""
        self.seconds = 0.0

    def stop(self) -> None:
        self.halt.set()

    def _open(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(
            self.base.hostname or "127.0.0.1", self.base.port or 8000, timeout=10
        )
        credentials = base64.b64encode(f"source:{self.password}".encode()).decode()
        connection.putrequest("PUT", f"/{self.mount}", skip_accept_encoding=True)
        headers: tuple[tuple[str, str | bytes], ...] = (
            ("Authorization", f"Basic {credentials}"),
            ("Content-Type", "application/ogg"),
            ("Ice-Name", (self.title or self.mount).encode()),  # UTF-8: Icecast passes bytes on
            ("Ice-Public", "0"),
            ("Expect", "100-continue"),
        )
        for header, value in headers:
            connection.putheader(header, value)
        connection.endheaders()
        # Icecast answers "100 Continue" (or an error) before it takes the body.
        answer = connection.sock.recv(1024) if connection.sock else b""
        if not answer.startswith(b"HTTP/1.1 100") and not answer.startswith(b"HTTP/1.0 200"):
            connection.close()
            raise OSError(f"Icecast refused the source on /{self.mount}: {answer[:80]!r}")
        return connection

    def run(self) -> None:
        try:
            connection = self._open()
        except OSError as exc:
            self.error = str(exc)
            self.finished.set()
            return
        self.connected.set()
        try:
            self._stream(connection)
        except (OSError, av.error.FFmpegError) as exc:
            self.error = str(exc)
            log.warning("stream to /%s ended: %s", self.mount, exc)
        finally:
            connection.close()
            self.finished.set()

    def _stream(self, connection: http.client.HTTPConnection) -> None:
        output = av.open(
            _Put(connection), mode="w", format="ogg", options={"page_duration": "200000"}
        )
        stream = output.add_stream("libopus", rate=RATE, layout="mono")
        stream.bit_rate = 48_000
        started, sent, pts = time.monotonic(), 0.0, 0
        buffer = np.zeros(0, dtype=np.float32)

        def push(block: np.ndarray) -> None:
            nonlocal buffer, sent, pts
            buffer = np.concatenate([buffer, block.astype(np.float32)])
            while len(buffer) >= OPUS_FRAME and not self.halt.is_set():
                frame = av.AudioFrame.from_ndarray(
                    buffer[:OPUS_FRAME].reshape(1, -1), format="flt", layout="mono"
                )
                frame.sample_rate, frame.pts = RATE, pts
                pts += OPUS_FRAME
                buffer = buffer[OPUS_FRAME:]
                for packet in stream.encode(frame):
                    output.mux(packet)
                sent += OPUS_FRAME / RATE
                ahead = sent - (time.monotonic() - started) - LEAD_SECONDS
                if ahead > 0:
                    self.halt.wait(ahead)

        silence = np.zeros(int(RATE * GAP_SECONDS), dtype=np.float32)
        for index, item in enumerate(self.items):
            if self.halt.is_set():
                break
            if self.on_item:
                self.on_item(index)
            for block in _samples(item):
                push(block)
                if self.halt.is_set():
                    break
            push(silence)
        # What is still in the listeners' buffers plays out before we hang up.
        push(np.zeros(int(RATE * LEAD_SECONDS), dtype=np.float32))
        for packet in stream.encode(None):
            output.mux(packet)
        output.close()
        self.seconds = sent
