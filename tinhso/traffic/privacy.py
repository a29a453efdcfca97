"""What the public sees of the evidence (Decree 13/2023: personal data only to whom it
concerns): the frames with every other vehicle's plate blurred. The violator's own plate
stays sharp — the owner needs to recognise it. Clips are never public (too many plates
and faces to blur reliably); officers see the originals.

Plates are found as in the worker (PP-OCR's text detector + the project's recognizer).
Any plate-shaped text that does not read as the violator's plate is blurred, unreadable
ones included: when unsure, blur.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from tinhso.vision.plate_finder import group_lines, padded, plate_shaped

BANNER_HEIGHT = 40  # the worker's caption across the top of each frame (camera, time)
_finder: Any = None


def finder() -> Any:
    global _finder
    if _finder is None:  # one per process: RapidOCR takes a second to load
        from tinhso.vision.plate_finder import PlateFinder
        from tinhso.vision.recognizer import OnnxPlateReader

        _finder = PlateFinder(OnnxPlateReader())
    return _finder


def _plate_shaped(box: tuple[int, int, int, int]) -> bool:
    return plate_shaped(box) and box[1] >= BANNER_HEIGHT


def blur_other_plates(data: bytes, keep: str, reader: Any = None) -> tuple[bytes, int]:
    """The frame as JPEG with other plates blurred, and how many were blurred."""
    reader = reader or finder()
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("not an image")
    h, w = image.shape[:2]
    lines = [b for b in reader.text_boxes(image) if _plate_shaped(b)]
    candidates = [padded(b, w, h) for b in group_lines(lines)]
    crops = [image[t:b, l:r][:, :, ::-1] for l, t, r, b in candidates]  # noqa: E741
    readings = reader.reader.read_many(crops) if crops else []
    kept = [c for c, r in zip(candidates, readings, strict=True) if r.plate == keep]
    blurred = 0
    for box in candidates:
        if any(_inside(box, k) for k in kept):
            continue
        left, top, right, bottom = box
        region = image[top:bottom, left:right]
        if region.size:  # pixelate to a few blocks, then smooth: nothing left to read
            rh, rw = region.shape[:2]
            blocks = cv2.resize(
                region, (max(1, rw // 12), max(1, rh // 12)), interpolation=cv2.INTER_AREA
            )
            coarse = cv2.resize(blocks, (rw, rh), interpolation=cv2.INTER_NEAREST)
            image[top:bottom, left:right] = cv2.GaussianBlur(coarse, (0, 0), max(rw, rh) / 8)
            blurred += 1
    ok, out = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 88])
    assert ok
    return out.tobytes(), blurred


def _inside(box: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    """A line of the kept plate (or the plate itself) is not blurred."""
    return (
        box[0] >= outer[0] - 2
        and box[1] >= outer[1] - 2
        and box[2] <= outer[2] + 2
        and box[3] <= outer[3] + 2
    )
