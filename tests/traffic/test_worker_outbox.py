"""The worker sends to the real traffic API through a proxy we can cut: events made while
the API is down wait on disk, a worker killed with SIGKILL loses nothing, and the next
run sends every violation exactly once."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.utils import timezone

from tinhso.core.apikeys import do_issue_key
from tinhso.traffic.models import Camera, Evidence, Violation
from tinhso.vision import synth_scene


class Proxy:
    """TCP forwarder to the live server. `down()` cuts the open connections (the worker
    keeps one alive) and closes new ones at once, as a stopped API would."""

    def __init__(self, target_port):
        self.target, self.up = target_port, True
        self.open = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target))
            self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(a, b), daemon=True).start()

    def down(self):
        self.up = False
        for s in self.open:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    @staticmethod
    def pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


def wait_for(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_api_down_and_sigkill_lose_nothing_and_send_nothing_twice(live_server, places, tmp_path):
    clip = tmp_path / "clip.mp4"
    start = (timezone.localtime() - timezone.timedelta(hours=1)).isoformat()
    truth = synth_scene.generate(clip, seconds=40, seed=1, start=start)
    assert len(truth["violations"]) >= 3
    camera = Camera.objects.create(
        code=truth["camera"]["code"], name="Ngã tư thử", area=places["ward"],
        latitude=11.3, longitude=106.1, calibration=truth["camera"]["calibration"],
    )  # fmt: skip
    key = do_issue_key(camera)
    config = tmp_path / "camera.json"
    config.write_text(json.dumps({**truth["camera"], "start": start}))
    proxy = Proxy(int(live_server.url.rsplit(":", 1)[1]))
    spool = tmp_path / "spool"
    command = [
        str(Path(sys.executable).with_name("tinhso-vision")), "run", str(clip),
        "--camera", str(config), "--api", f"http://127.0.0.1:{proxy.port}", "--spool", str(spool),
    ]  # fmt: skip
    env = {**os.environ, "TINHSO_CAMERA_KEY": key}
    worker = subprocess.Popen(
        [*command, "--pace"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert wait_for(lambda: Violation.objects.filter(camera=camera).exists()), "nothing arrived"
        proxy.down()  # the API goes down mid-run
        ready = spool / "ready"
        assert wait_for(lambda: ready.exists() and any(ready.iterdir())), "nothing spooled"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    sent_before = Violation.objects.filter(camera=camera).count()
    assert 1 <= sent_before < len(truth["violations"])
    waiting = [json.loads((d / "event.json").read_text()) for d in (spool / "ready").iterdir()]
    assert waiting and all(w["event_id"] for w in waiting)

    proxy.up = True  # back; the next run sends what waited and what it finds again
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    stored = list(Violation.objects.filter(camera=camera).order_by("occurred_at"))
    assert len(stored) == len(truth["violations"])
    assert len({v.event_id for v in stored}) == len(stored)
    assert [v.kind for v in stored] == [t["kind"] for t in truth["violations"]]
    assert {w["event_id"] for w in waiting} <= {v.event_id for v in stored}
    for violation in stored:
        assert Evidence.objects.filter(violation=violation, kind="frame").count() == 3
    assert not any((spool / "ready").iterdir()) and not any((spool / "rejected").iterdir())
    assert "sent" in again.stderr
