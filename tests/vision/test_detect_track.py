"""Detector output parsing (YOLO layouts) and the tracker glue: one vehicle keeps one
track id across frames; the motion detector finds what moves and keeps what stops."""

import cv2
import numpy as np

from tinhso.vision.detect import Detections, MotionDetector, parse_yolo
from tinhso.vision.pipeline import CameraConfig, Pipeline


def test_yolov8_layout_keeps_vehicle_classes_above_threshold():
    # (1, 84, N): cx, cy, w, h, then 80 class scores per column.
    out = np.zeros((1, 84, 3), np.float32)
    out[0, :4, 0] = [100, 100, 40, 20]
    out[0, 4 + 2, 0] = 0.9  # car
    out[0, :4, 1] = [300, 200, 10, 30]
    out[0, 4 + 0, 1] = 0.95  # person: not a vehicle
    out[0, :4, 2] = [50, 60, 20, 20]
    out[0, 4 + 3, 2] = 0.2  # motorbike, too unsure
    boxes, scores, classes = parse_yolo(out, scale=0.5, pad=(0, 10))
    assert classes.tolist() == [2] and scores.tolist() == [np.float32(0.9)]
    assert boxes.tolist() == [[160.0, 160.0, 240.0, 200.0]]  # back to frame pixels


def test_yolov5_and_yolox_layout_multiplies_objectness():
    out = np.zeros((1, 2, 85), np.float32)
    out[0, 0, :5] = [64, 64, 32, 32, 0.9]
    out[0, 0, 5 + 3] = 0.8  # motorbike: 0.72
    out[0, 1, :5] = [10, 10, 4, 4, 0.3]
    out[0, 1, 5 + 7] = 0.9  # truck: 0.27, below threshold
    boxes, scores, classes = parse_yolo(out, scale=1.0, pad=(0, 0))
    assert classes.tolist() == [3] and abs(float(scores[0]) - 0.72) < 1e-6
    assert boxes.tolist() == [[48.0, 48.0, 80.0, 80.0]]


class ScriptedDetector:
    def __init__(self, boxes):
        self.boxes = list(boxes)

    def detect(self, frame):
        box = self.boxes.pop(0)
        if box is None:
            return Detections.empty()
        return Detections(np.array([box], np.float32), np.ones(1, np.float32), ["car"])


def test_one_moving_vehicle_keeps_one_track_through_a_short_gap():
    path = [[500, 600 - 15 * i, 600, 750 - 15 * i] for i in range(20)]
    path[8] = path[9] = None  # missed twice (occluded)
    pipeline = Pipeline(
        CameraConfig.from_dict({"code": "t"}), fps=10, detector=ScriptedDetector(path)
    )
    frame = np.zeros((720, 1280, 3), np.uint8)
    ids = set()
    for i in range(20):
        pipeline.process(frame, i)
        ids |= set(pipeline.buffer[-1].boxes)
    assert len(ids) == 1


def test_motion_detector_finds_a_moving_block_and_keeps_it_when_it_stops():
    detector = MotionDetector(fps=10)
    background = np.full((360, 640, 3), 100, np.uint8)
    for _ in range(15):
        assert len(detector.detect(background).boxes) == 0
    found = []
    for i in range(60):
        frame = background.copy()
        y = max(100, 300 - 10 * i)  # drives up, then stops at y=100 for 40 frames
        cv2.rectangle(frame, (300, y), (360, y + 60), (30, 200, 40), -1)
        found.append(detector.detect(frame))
    assert all(len(d.boxes) == 1 for d in found[5:])
    left, top, right, bottom = found[-1].boxes[0]
    assert abs(top - 100) < 6 and abs(right - left - 60) < 6 and abs(bottom - 160) < 6
