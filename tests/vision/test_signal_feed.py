"""The light's state from a controller over HTTP (a real local server), used by the
red-light rule when the camera has no light region; a dead feed is never red."""

import http.server
import threading
import time

import numpy as np
import pytest

from tests.vision.test_detect_track import ScriptedDetector
from tinhso.vision.pipeline import CameraConfig, Pipeline
from tinhso.vision.signal_feed import SignalFeed, parse


@pytest.fixture
def controller():
    state = {"body": b'{"state": "red"}'}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(state["body"])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/signal"
    server.shutdown()


@pytest.mark.parametrize(
    ("text", "state"),
    [('{"state": "RED"}', "red"), ("green", "green"), ('{"state": "yellow"}', "amber"),
     ("<html>", "unknown"), ("[1, 2]", "unknown"), ("", "unknown")],
)  # fmt: skip
def test_parse(text, state):
    assert parse(text) == state


def wait_for(feed, state):
    deadline = time.monotonic() + 5
    while feed.state() != state and time.monotonic() < deadline:
        time.sleep(0.05)
    return feed.state()


def crossing(feed):
    path = [[500, 500 - 20 * i, 600, 600 - 20 * i] for i in range(12)]  # crosses y=450 upwards
    config = CameraConfig.from_dict(
        {
            "code": "f",
            "calibration": {"stop_line": [[300, 450], [900, 450]], "forbidden_direction": [0, -1]},
        }
    )
    pipeline = Pipeline(config, fps=10, detector=ScriptedDetector(path), signal_feed=feed)
    frame = np.zeros((720, 1280, 3), np.uint8)
    events = []
    for i in range(12):
        events += pipeline.process(frame, i)
    return events + pipeline.finish()


def test_red_from_the_controller_makes_a_violation_green_does_not(controller):
    state, url = controller
    feed = SignalFeed(url, interval=0.05)
    feed.start()
    try:
        assert wait_for(feed, "red") == "red"
        assert [e.kind for e in crossing(feed)] == ["red_light"]
        state["body"] = b"green"
        assert wait_for(feed, "green") == "green"
        assert crossing(feed) == []
    finally:
        feed.stop()


def test_a_silent_controller_goes_unknown_and_makes_nothing():
    feed = SignalFeed("http://127.0.0.1:9/nothing-listens", interval=0.05, stale_seconds=0.2)
    feed.last = ("red", time.monotonic() - 1)  # an old red must not count
    assert feed.state() == "unknown"
    assert crossing(feed) == []
    with pytest.raises(ValueError):
        SignalFeed("mqtt://127.0.0.1/signal")
