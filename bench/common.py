"""What the HTTP benchmarks share: a gunicorn server on loopback and wrk against it.

wrk (Debian `wrk`) runs on the same machine as the server, so both compete for the
same cores: the figures are for comparing views with each other in one run, next
to the empty view measured the same way.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LUA = Path(__file__).with_name("latency.lua")


@dataclass
class Load:
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int  # answers that were not 2xx/3xx
    socket_errors: str  # wrk's connect/read/write/timeout counts, when any

    def line(self, label: str) -> str:
        flag = f"  NON-2xx: {self.errors}" if self.errors else ""
        flag += f"  socket errors {self.socket_errors}" if self.socket_errors else ""
        return (
            f"    {label:<44} {self.rps:8.0f} req/s   p50 {self.p50:7.1f} ms   "
            f"p95 {self.p95:7.1f} ms   p99 {self.p99:7.1f} ms{flag}"
        )


def median_ms(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 20) -> None:
    """Until a server answers on 127.0.0.1:port (or the time is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


# What killing the application's database connections means for the fault runs
# (bench/load.py, tests/core/test_connection_kills_under_load.py): every client
# backend of the database but the one asking.
KILL_CONNECTIONS = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND backend_type = 'client backend'"
)


def have_wrk() -> bool:
    if shutil.which("wrk"):
        return True
    print("wrk is not installed (apt-get install wrk): skipping the HTTP load test")
    return False


def wrk(
    url: str,
    seconds: int = 10,
    connections: int = 16,
    spread: bool = False,
    headers: dict[str, str] | None = None,
) -> Load:
    """`spread`: every request from another client address (see latency.lua)."""
    out = subprocess.run(
        [
            shutil.which("wrk") or "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(LUA),
            *(
                part
                for name, value in (headers or {}).items()
                for part in ("-H", f"{name}: {value}")
            ),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **({"WRK_SPREAD_ADDRESSES": "1"} if spread else {})},
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    found = re.search(
        r"BENCH p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) requests=\d+ status=(\d+) "
        r"socket=(\d+) (\(.*\))",
        out,
    )
    assert found, out
    p50, p95, p99 = (float(found.group(i)) for i in (1, 2, 3))
    socket_errors = found.group(6) if int(found.group(5)) else ""
    return Load(rps, p50, p95, p99, int(found.group(4)), socket_errors)


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server on 127.0.0.1 (no persistence); yields its URL."""
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for_port(port)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(
    extra_env: dict[str, str] | None = None, workers: int = 0, app: str = "tinhso.wsgi"
) -> Iterator[str]:
    """The project served by gunicorn (one worker per core unless told) at the yielded
    base URL; ``app``: another WSGI callable of the project."""
    port = free_port()
    (Path(os.environ.get("TINHSO_VAR_DIR", ROOT / "var")) / "static").mkdir(
        parents=True, exist_ok=True
    )
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "WHITENOISE_USE_FINDERS": "1",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",
        **(extra_env or {}),
    }
    workers = workers or os.cpu_count() or 2
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            *(app, "-b", f"127.0.0.1:{port}", "-w", str(workers)),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_for_port(port)
        print(f"HTTP load: gunicorn {workers} workers on 127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # kept-alive client connections hold it
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
