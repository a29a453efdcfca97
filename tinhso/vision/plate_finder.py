"""Finding plates in a frame or a vehicle crop, so the recognizer gets a plate crop.

The text detector is PP-OCR's DB model from inside the rapidocr-onnxruntime wheel
(detection only; no recognition, nothing downloaded). A plate shows as one text box
(car, one line) or two boxes stacked with overlapping columns (motorbike or square car
plate); stacked boxes are merged, every candidate is padded a little and read, and the
reading that fits the grammar with the highest confidence wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tinhso.vision.reader import PlateResult
from tinhso.vision.recognizer import ImageLike, as_image

Box = tuple[int, int, int, int]  # left, top, right, bottom
PAD = 0.12
# A crop is read as it is when its shape is a plate's and it is not a whole frame.
CROP_ASPECTS = ((0.9, 2.2), (2.8, 6.0))
CROP_MAX_SIDE = 900
# Width / height of a text line that can be (part of) a plate: a long caption is not.
LINE_ASPECT = (0.8, 7.0)


@dataclass(frozen=True)
class FoundPlate:
    box: Box
    result: PlateResult


def looks_like_a_crop(width: int, height: int) -> bool:
    aspect = width / max(height, 1)
    return max(width, height) <= CROP_MAX_SIDE and any(
        lo <= aspect <= hi for lo, hi in CROP_ASPECTS
    )


def _stacked(upper: Box, lower: Box) -> bool:
    """Two lines of one plate: columns overlap by half, the gap under a line's height."""
    overlap = min(upper[2], lower[2]) - max(upper[0], lower[0])
    narrower = min(upper[2] - upper[0], lower[2] - lower[0])
    height = max(upper[3] - upper[1], lower[3] - lower[1])
    gap = lower[1] - upper[3]
    return overlap > 0.5 * narrower and -0.5 * height < gap < 0.6 * height


def plate_shaped(box: Box) -> bool:
    width, height = box[2] - box[0], box[3] - box[1]
    return height > 0 and LINE_ASPECT[0] <= width / height <= LINE_ASPECT[1]


def group_lines(boxes: list[Box]) -> list[Box]:
    """Text boxes → plate candidates: stacked pairs merged into one two-line plate, and
    the boxes that belong to no pair (one line of a two-line plate alone reads as
    nonsense that may even fit the grammar)."""
    ordered = sorted(boxes, key=lambda b: (b[1], b[0]))
    merged, paired = [], set()
    for i, upper in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            lower = ordered[j]
            if _stacked(upper, lower):
                merged.append(
                    (min(upper[0], lower[0]), upper[1], max(upper[2], lower[2]), lower[3])
                )
                paired |= {i, j}
    return [b for i, b in enumerate(ordered) if i not in paired] + merged


def padded(box: Box, width: int, height: int) -> Box:
    dx, dy = int((box[2] - box[0]) * PAD), int((box[3] - box[1]) * PAD)
    return (
        max(0, box[0] - dx),
        max(0, box[1] - dy),
        min(width, box[2] + dx),
        min(height, box[3] + dy),
    )


class PlateFinder:
    def __init__(self, reader: Any) -> None:
        from rapidocr_onnxruntime import RapidOCR  # heavy: loaded only when finding

        self.reader = reader
        self.detector: Any = RapidOCR()

    def text_boxes(self, image: np.ndarray) -> list[Box]:
        found, _elapsed = self.detector(image, use_det=True, use_cls=False, use_rec=False)
        boxes = []
        for quad in found or []:
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            boxes.append((int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))))
        return boxes

    def find(self, image: ImageLike) -> list[FoundPlate]:
        """Every grammar-valid plate in the image, best first."""
        picture = as_image(image)
        bgr = np.asarray(picture)[:, :, ::-1]
        lines = [b for b in self.text_boxes(bgr) if plate_shaped(b)]
        candidates = [padded(b, *picture.size) for b in group_lines(lines)]
        if not candidates:
            return []
        results = self.reader.read_many([picture.crop(box) for box in candidates])
        found = [FoundPlate(box, r) for box, r in zip(candidates, results, strict=True) if r.plate]
        found.sort(key=lambda f: -f.result.confidence)
        # A merged pair and its own top line can both read; keep one plate per reading.
        best: dict[str, FoundPlate] = {}
        for plate in found:
            best.setdefault(plate.result.plate, plate)
        return list(best.values())

    def read(self, image: ImageLike) -> PlateResult:
        """A plate crop read as it is; anything else (a frame, a vehicle) searched first."""
        picture = as_image(image)
        if looks_like_a_crop(*picture.size):
            direct = self.reader.read(picture)
            if direct.plate:
                return direct
        found = self.find(picture)
        return found[0].result if found else PlateResult("", 0.0, "")
