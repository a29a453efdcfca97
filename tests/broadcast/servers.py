"""The real programs the commune radio's tests air through: Icecast (Debian's icecast2),
Mosquitto with per-speaker passwords and the ACL credentials.py writes, simulated
speakers as separate processes (tinhso/broadcast/simulator.py), and the scheduler's
loop on a thread of the test process (so it sees the test's database)."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from django.db import connection

from bench.common import free_port, wait_for_port
from tinhso.broadcast.icecast import server_config

ROOT = Path(__file__).resolve().parents[2]


class Icecast:
    def __init__(self, folder: Path) -> None:
        if not shutil.which("icecast2"):
            pytest.fail("icecast2 is missing: run `make system-deps` (apt-get install icecast2)")
        self.port, self.password = free_port(), secrets.token_urlsafe(12)
        root = os.geteuid() == 0
        if root:  # Icecast refuses to run as root; it switches to its own user, who logs
            # here — outside pytest's folders, which only root may enter.
            folder = Path(tempfile.mkdtemp(prefix="tinhso-icecast-"))
            shutil.chown(folder, user="icecast2")
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        config = folder / "icecast.xml"
        config.write_text(server_config(port=self.port, source_password=self.password,
                                        admin_password=secrets.token_urlsafe(12), folder=folder,
                                        user="icecast2" if root else None))  # fmt: skip
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.process = subprocess.Popen(["icecast2", "-c", str(config)], **quiet)  # type: ignore[call-overload]
        wait_for_port(self.port)
        if self.process.poll() is not None:
            log = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
            raise RuntimeError(f"icecast2 did not start: {log[-500:]}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


class Broker:
    """Mosquitto that lets in only the accounts in `passwd`, each within the ACL."""

    def __init__(self, folder: Path, passwd: Path, acl: Path) -> None:
        self.port = free_port()
        config = folder / "mosquitto.conf"
        config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous false\n"
            f"password_file {passwd}\nacl_file {acl}\n"
            + ("user root\n" if os.geteuid() == 0 else "")  # read the files we wrote
        )
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self.process = subprocess.Popen([binary, "-c", str(config)], stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def reload(self) -> None:
        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Speakers:
    """Simulated loudspeakers, one process each."""

    def __init__(self, broker_port: int, passwords: dict[str, str], heartbeat: float = 2.0) -> None:
        self.broker = f"mqtt://127.0.0.1:{broker_port}"
        self.passwords, self.heartbeat = passwords, heartbeat
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.logs = Path(tempfile.mkdtemp(prefix="tinhso-speakers-"))

    def start(self, *codes: str) -> None:
        for code in codes or tuple(self.passwords):
            with open(self.logs / f"{code}.log", "ab") as log:
                self.processes[code] = subprocess.Popen(
                    [sys.executable, "-m", "tinhso.broadcast.simulator", "--broker", self.broker,
                     "--device", code, f"--password={self.passwords[code]}",
                     "--heartbeat", str(self.heartbeat)],
                    cwd=ROOT, stderr=log,
                )  # fmt: skip

    def log(self, code: str) -> str:
        """What a simulated speaker wrote (for a failing test's message)."""
        path = self.logs / f"{code}.log"
        return path.read_text(errors="replace")[-1500:] if path.exists() else ""

    def stop(self, *codes: str) -> None:
        for code in codes or tuple(self.processes):
            process = self.processes.pop(code)
            process.terminate()  # SIGTERM: it says "offline" and leaves
            process.wait(timeout=15)
        if not codes:
            shutil.rmtree(self.logs, ignore_errors=True)


class SchedulerThread:
    """run_broadcasts' loop, on a thread; `stop()` is its SIGTERM."""

    def __init__(self, link: object, worker: str = "test-scheduler") -> None:
        from tinhso.broadcast.scheduler import Scheduler

        self.scheduler = Scheduler(worker, link)  # type: ignore[arg-type]
        self.halt = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        try:
            while not self.halt.is_set():
                self.scheduler.tick()
                self.halt.wait(0.3)
            self.scheduler.stop()
        except BaseException as exc:  # the test reports it
            self.failure = exc
        finally:
            connection.close()

    def stop(self) -> None:
        self.halt.set()
        self.thread.join(timeout=20)
        if self.failure:
            raise self.failure
