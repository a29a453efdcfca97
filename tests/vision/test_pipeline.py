"""The whole worker over generated clips, judged against the clips' ground truth:
precision and recall of violations, plates read, evidence attached; bad input refused."""

import json
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from tinhso.vision import synth_scene
from tinhso.vision.pipeline import CameraConfig, ConfigError, Pipeline
from tinhso.vision.plate_finder import PlateFinder
from tinhso.vision.recognizer import OnnxPlateReader
from tinhso.vision.source import VideoError, VideoSource

MATCH_SECONDS = 1.5


def score(events, truth):
    """Each event matches at most one true violation of its kind within 1.5 s."""
    start = CameraConfig.from_dict({"code": "x", "start": truth["start"]}).start
    left = list(truth["violations"])
    matched = []
    for event in events:
        at = (
            CameraConfig.from_dict({"code": "x", "start": event["occurred_at"]}).start - start
        ).total_seconds()
        near = [
            v for v in left if v["kind"] == event["kind"] and abs(v["at"] - at) <= MATCH_SECONDS
        ]
        if near:
            left.remove(near[0])
            matched.append((event, near[0]))
    precision = len(matched) / len(events) if events else 0.0
    recall = len(matched) / len(truth["violations"])
    plates_right = sum(e["plate"] == v["plate"] for e, v in matched)
    return precision, recall, plates_right, len(matched)


@pytest.fixture(scope="module")
def finder():
    return PlateFinder(OnnxPlateReader())


def run_clip(tmp_path, finder, seed, night):
    clip = tmp_path / f"clip-{seed}.mp4"
    truth = synth_scene.generate(clip, seconds=40, seed=seed, night=night)
    config = CameraConfig.from_dict({**truth["camera"], "start": truth["start"]})
    source = VideoSource(str(clip))
    pipeline = Pipeline(config, source.fps, finder=finder)
    events = []
    for index, frame in source.frames():
        events.extend(pipeline.process(frame, index))
    events.extend(pipeline.finish())
    return events, truth


@pytest.mark.parametrize(("seed", "night"), [(1, False), (2, True)])
def test_violations_found_against_ground_truth(tmp_path, finder, seed, night):
    events, truth = run_clip(tmp_path, finder, seed, night)
    summaries = [e.summary() for e in events]
    precision, recall, plates_right, matched = score(summaries, truth)
    kinds = {v["kind"] for v in truth["violations"]}
    assert kinds == {"red_light", "illegal_parking"}  # the clip has both
    assert precision >= 0.9 and recall >= 0.9, (summaries, truth["violations"])
    assert plates_right >= matched - 1  # one misread allowed: the grammar keeps it honest
    for event in events:
        assert len(event.frames) == 3 and all(f[:2] == b"\xff\xd8" for f in event.frames)
        assert event.clip is not None and event.clip[:4] == b"\x1aE\xdf\xa3"  # WebM
        assert event.occurred_at.endswith("+07:00")
        if event.plate:
            assert event.plate_image is not None and event.plate_image[:2] == b"\xff\xd8"
    # Run again: the same event ids, so the platform will not store them twice.
    again, _ = run_clip(tmp_path, finder, seed, night)
    assert [e.event_id for e in again] == [e.event_id for e in events]


def test_cli_prints_violations_as_json_lines(tmp_path):
    clip = tmp_path / "clip.mp4"
    truth = synth_scene.generate(clip, seconds=16, seed=5, size=(960, 540))
    camera = tmp_path / "camera.json"
    camera.write_text(json.dumps({**truth["camera"], "start": truth["start"]}))
    script = Path(sys.executable).with_name("tinhso-vision")
    result = subprocess.run(
        [str(script), "run", str(clip), "--camera", str(camera), "--no-clip"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and {"event_id", "kind", "plate", "occurred_at", "confidence", "box"} <= set(
        lines[0]
    )
    precision, recall, _plates, _n = score(lines, truth)
    assert precision >= 0.9 and recall >= 0.9, (lines, truth["violations"])


def test_unreadable_video_and_bad_config_get_clear_errors(tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypmp42 not really a video" * 10)
    camera = tmp_path / "camera.json"
    camera.write_text(json.dumps({"code": "C1", "calibration": {}}))
    script = Path(sys.executable).with_name("tinhso-vision")
    result = subprocess.run(
        [str(script), "run", str(junk), "--camera", str(camera)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "video" in result.stderr and result.stdout == ""
    result = subprocess.run(
        [str(script), "run", str(tmp_path / "missing.mp4"), "--camera", str(camera)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "not found" in result.stderr
    with pytest.raises(ConfigError, match="degenerate"):
        CameraConfig.from_dict(
            {
                "code": "C1",
                "calibration": {"stop_line": [[5, 5], [6, 5]], "forbidden_direction": [0, -1]},
            }
        )
    with pytest.raises(ConfigError, match="code"):
        CameraConfig.from_dict({"calibration": {}})
    with pytest.raises(ConfigError, match="ISO"):
        CameraConfig.from_dict({"code": "C1", "start": "yesterday"})


class FlakyCapture:
    """A stream that gives 3 frames, drops, comes back once, then is gone for good."""

    def __init__(self, script):
        self.script = script

    def isOpened(self):  # OpenCV's name
        return True

    def get(self, _prop):
        return 10.0

    def read(self):
        return self.script.pop(0) if self.script else (False, None)

    def release(self):
        pass


def test_a_dropped_stream_is_reopened_then_given_up_with_a_clear_error():
    frame = cv2.UMat(4, 4, cv2.CV_8UC3).get()
    opened = []
    sessions = [[(True, frame)] * 3 + [(False, None)], [(True, frame)] * 2]

    def open_capture(url):
        opened.append(url)
        return FlakyCapture(sessions.pop(0) if sessions else [])

    waits = []
    source = VideoSource(
        "rtsp://127.0.0.1:8554/cam1", max_retries=3, sleep=waits.append, open_capture=open_capture
    )
    seen = []
    with pytest.raises(VideoError, match="stream lost"):
        for index, _frame in source.frames():
            seen.append(index)
    assert seen == [0, 1, 2, 3, 4]  # the frames after the reconnect carry on counting
    assert len(opened) == 1 + 1 + 3 and waits == [1.0, 1.0, 2.0, 4.0]
