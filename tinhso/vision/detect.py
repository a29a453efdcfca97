"""Vehicle detectors. Both return `Detections`: boxes (N, 4) in frame pixels
(left, top, right, bottom), confidences (N,) and vehicle kinds (N,).

- MotionDetector (default): background subtraction for fixed cameras; needs no weights.
  The background learns slowly (minutes), so a vehicle that stops — at a red light or in
  a no-parking zone — stays in the foreground long enough for the rules to see it.
- OnnxDetector: a YOLO (v5/v8 layouts) or YOLOX model file that an operator configures;
  only the COCO vehicle classes are kept. Nothing is downloaded: no file, no detector.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

COCO_VEHICLES = {2: "car", 3: "motorbike", 5: "bus", 7: "truck"}


@dataclass
class Detections:
    boxes: np.ndarray  # (N, 4) float
    confidence: np.ndarray  # (N,)
    kinds: list[str]

    @classmethod
    def empty(cls) -> Detections:
        return cls(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), [])


def kind_by_size(width: float, frame_width: int) -> str:
    """Without a classifier: a motorbike is narrow, a car is not."""
    return "motorbike" if width < 0.06 * frame_width else "car"


class MotionDetector:
    def __init__(
        self,
        fps: float,
        work_width: int = 640,
        min_area: float = 0.0015,
        memory_seconds: float = 600,
    ) -> None:
        self.work_width = work_width
        self.min_area = min_area  # of the frame
        self.subtractor = cv2.createBackgroundSubtractorMOG2(
            history=500, varThreshold=32, detectShadows=False
        )
        self.slow_rate = 1.0 / max(fps * memory_seconds, 1)
        self.warm_up = max(int(fps), 5)  # frames
        self.frames = 0

    def detect(self, frame: np.ndarray) -> Detections:
        h, w = frame.shape[:2]
        scale = self.work_width / w
        small = cv2.resize(frame, (self.work_width, int(h * scale)), interpolation=cv2.INTER_AREA)
        self.frames += 1
        # Learn fast for a second (no background yet), then slowly. A vehicle already
        # standing when the worker starts is background until it leaves.
        rate = 1.0 / self.frames if self.frames <= self.warm_up else self.slow_rate
        mask = self.subtractor.apply(small, learningRate=rate)
        if self.frames <= self.warm_up:
            return Detections.empty()  # no background yet: everything looks like foreground
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        boxes, kinds = [], []
        least = self.min_area * small.shape[0] * small.shape[1]
        for contour in contours:
            x, y, bw, bh = cv2.boundingRect(contour)
            if bw * bh < least:
                continue
            box = [x / scale, y / scale, (x + bw) / scale, (y + bh) / scale]
            boxes.append(box)
            kinds.append(kind_by_size(box[2] - box[0], w))
        if not boxes:
            return Detections.empty()
        return Detections(np.array(boxes, np.float32), np.ones(len(boxes), np.float32), kinds)


def parse_yolo(
    output: np.ndarray, scale: float, pad: tuple[float, float], score_threshold: float = 0.35
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Raw YOLO output → (boxes in letterboxed-input pixels mapped back to the frame,
    scores, COCO class ids). Handles (1, 84, N) of YOLOv8 and (1, N, 85) of YOLOv5/YOLOX
    (with objectness); YOLOX grids must be decoded by the exported model."""
    rows = output[0]
    if rows.shape[1] not in (84, 85) and rows.shape[0] in (84, 85):
        rows = rows.T  # YOLOv8: (84, N) → (N, 84)
    # v5/YOLOX: objectness × class scores; v8: class scores only.
    scores_all = rows[:, 5:] * rows[:, 4:5] if rows.shape[1] == 85 else rows[:, 4:]
    classes = scores_all.argmax(axis=1)
    scores = scores_all[np.arange(len(rows)), classes]
    keep = (scores >= score_threshold) & np.isin(classes, list(COCO_VEHICLES))
    cx, cy, bw, bh = rows[keep, 0], rows[keep, 1], rows[keep, 2], rows[keep, 3]
    boxes = np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], axis=1)
    boxes = (boxes - np.array([pad[0], pad[1], pad[0], pad[1]])) / scale
    return boxes.astype(np.float32), scores[keep].astype(np.float32), classes[keep]


class OnnxDetector:
    def __init__(
        self, model: str | Path, input_size: int = 640, providers: list[str] | None = None
    ):
        import onnxruntime

        if not Path(model).exists():
            raise FileNotFoundError(f"Detector model not found: {model}")
        self.size = input_size
        self.session: Any = onnxruntime.InferenceSession(
            str(model), providers=providers or onnxruntime.get_available_providers()
        )
        self.input = self.session.get_inputs()[0].name

    def detect(self, frame: np.ndarray) -> Detections:
        h, w = frame.shape[:2]
        scale = self.size / max(h, w)
        resized = cv2.resize(frame, (int(w * scale), int(h * scale)))
        pad = ((self.size - resized.shape[1]) / 2, (self.size - resized.shape[0]) / 2)
        canvas = np.full((self.size, self.size, 3), 114, np.uint8)
        top, left = int(pad[1]), int(pad[0])
        canvas[top : top + resized.shape[0], left : left + resized.shape[1]] = resized
        blob = canvas[:, :, ::-1].transpose(2, 0, 1)[None].astype(np.float32) / 255.0
        output = self.session.run(None, {self.input: blob})[0]
        boxes, scores, classes = parse_yolo(output, scale, (left, top))
        kept = cv2.dnn.NMSBoxes(
            [[float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])] for b in boxes],
            scores.tolist(), 0.35, 0.5,
        )  # fmt: skip
        keep = np.array(kept, dtype=int).reshape(-1)
        if not len(keep):
            return Detections.empty()
        return Detections(boxes[keep], scores[keep], [COCO_VEHICLES[int(c)] for c in classes[keep]])
