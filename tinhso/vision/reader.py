"""Reading plates from images. Readers share one shape so the project's own recognizer
can replace the baseline without touching the callers:

    reader.read(image_path) -> Reading (normalised plate or "", confidence 0–1)

`RapidOcrReader` is the baseline: PP-OCR's detector and recogniser as shipped inside
the rapidocr-onnxruntime wheel (nothing downloaded), the lines of a two-line plate
joined top to bottom, then checked and corrected by the plate grammar.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tinhso.vision import plates


@dataclass(frozen=True)
class PlateResult:
    plate: str  # normalised; "" when unreadable
    confidence: float
    raw: str
    colour: str = ""  # white / yellow / blue / red when the reader tells


class Reader(Protocol):
    def read(self, image: str | Path) -> PlateResult: ...


class RapidOcrReader:
    name = "rapidocr (PP-OCR, baseline)"

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR  # heavy: loaded only when reading

        self.engine: Any = RapidOCR()

    def read(self, image: str | Path) -> PlateResult:
        boxes, _elapsed = self.engine(str(image))
        if not boxes:
            return PlateResult("", 0.0, "")
        # Top line first (by the box's top edge), then left to right.
        ordered = sorted(boxes, key=lambda box: (round(box[0][0][1] / 10), box[0][0][0]))
        raw = "".join(box[1] for box in ordered)
        reading = plates.read(raw)
        confidence = sum(float(box[2]) for box in ordered) / len(ordered)
        return PlateResult(reading.plate, round(confidence if reading.plate else 0.0, 3), raw)
