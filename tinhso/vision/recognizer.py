"""The project's own plate recognizer, run from the ONNX file in `models/` (no PyTorch,
nothing downloaded). Trained only on synthetic plates by scripts/train_plate_reader.py.

How a crop becomes text:
1. `prepare`: a crop whose width is under TWO_LINE_ASPECT times its height is a two-line
   plate; its top and bottom halves (overlapping a little, since perspective tilts the
   lines) are laid side by side so both layouts read as one line, left to right. The
   result is a 32×160 colour image scaled to [-1, 1].
2. The network scores each of 40 columns over the alphabet plus the CTC blank.
3. `ctc.beam_search` finds the most probable text that is a whole plate under the
   grammar (province code, series letters, serial digits); its probability, after
   temperature scaling, is the confidence. What no column alignment can spell as a
   plate is "unreadable" (empty), never guessed. `decode` (greedy) is kept as the raw
   text for the officer and the logs.
4. A crop whose shape does not tell one line from two (tilted one-line plates, tall
   crops) is read both ways and the more probable plate wins.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from tinhso.vision import ctc, plates
from tinhso.vision.reader import PlateResult

ALPHABET = "0123456789" + plates.SERIES  # class i + 1; class 0 is the CTC blank
COLOURS = ("white", "yellow", "blue", "red")
INPUT_H, INPUT_W = 32, 160
TWO_LINE_ASPECT = 2.6  # car one-line plates are ~4.3:1, square plates ~1.4:1
# Between these, a crop may be either (a one-line plate tilted up to ~25° comes out
# at 1.8:1, a loosely cut square one at 2:1): it is read both ways.
AMBIGUOUS_ASPECT = (1.6, 3.4)
SPLIT_OVERLAP = 0.06
MODEL = Path(__file__).parent / "models" / "plate_reader.onnx"


def _calibration() -> dict[str, Any]:
    """What training measured on synthetic plates it never saw (models/plate_reader.json,
    written by scripts/train_plate_reader.py); empty for an uncalibrated model."""
    try:
        return dict(json.loads(MODEL.with_suffix(".json").read_text())["calibration"])
    except (OSError, ValueError, KeyError):
        return {}


# Some plate can always be spelt from the columns, even from noise; one this unlikely
# was not in the picture: "unreadable", and the officer reads it.
UNREADABLE_BELOW = 0.01
CALIBRATION = _calibration()
# The softmax temperature that makes the confidence honest on synthetic plates.
TEMPERATURE = float(CALIBRATION.get("temperature", 1.0))
# At or above this confidence a plate goes to the officer as read; below it, the review
# queue asks for the plate to be read by eye.
SEND_AS_READ = float(CALIBRATION.get("send_as_read_threshold", 1.0))

ImageLike = str | Path | Image.Image | np.ndarray


def as_image(image: ImageLike) -> Image.Image:
    """A path, a PIL image or an OpenCV (BGR) array as an RGB PIL image."""
    if isinstance(image, Image.Image):
        return image.convert("RGB")
    if isinstance(image, np.ndarray):
        rgb = image[:, :, ::-1] if image.ndim == 3 else np.stack([image] * 3, axis=2)
        return Image.fromarray(np.ascontiguousarray(rgb))
    with Image.open(image) as opened:
        return opened.convert("RGB")


def ambiguous(image: Image.Image) -> bool:
    w, h = image.size
    return AMBIGUOUS_ASPECT[0] * h <= w <= AMBIGUOUS_ASPECT[1] * h


def prepare(image: Image.Image, two_lines: bool | None = None) -> np.ndarray:
    """One crop → float32 (3, 32, 160) in [-1, 1], two-line plates laid side by side.
    `two_lines`: None to judge by the crop's shape."""
    w, h = image.size
    if two_lines is None:
        two_lines = w < TWO_LINE_ASPECT * h
    if two_lines:
        half = INPUT_W // 2
        cut_top, cut_bottom = int(h * (0.5 + SPLIT_OVERLAP)), int(h * (0.5 - SPLIT_OVERLAP))
        line = Image.new("RGB", (INPUT_W, INPUT_H))
        line.paste(
            image.crop((0, 0, w, cut_top)).resize((half, INPUT_H), Image.Resampling.BILINEAR)
        )
        bottom = image.crop((0, cut_bottom, w, h)).resize(
            (half, INPUT_H), Image.Resampling.BILINEAR
        )
        line.paste(bottom, (half, 0))
    else:
        line = image.resize((INPUT_W, INPUT_H), Image.Resampling.BILINEAR)
    array = np.asarray(line, dtype=np.float32) / 127.5 - 1.0
    return array.transpose(2, 0, 1)


def encode(plate: str) -> list[int]:
    return [ALPHABET.index(ch) + 1 for ch in plate]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def decode(logits: np.ndarray) -> tuple[str, float]:
    """Greedy CTC over one plate's (40, classes) logits → (text, confidence 0–1)."""
    probs = _softmax(logits.astype(np.float64))
    best = probs.argmax(axis=-1)
    text, kept, previous = [], [], 0
    for column, cls in enumerate(best):
        if cls != 0 and cls != previous:
            text.append(ALPHABET[cls - 1])
            kept.append(probs[column, cls])
        previous = cls
    if not kept:
        return "", 0.0
    return "".join(text), float(math.exp(sum(math.log(p) for p in kept) / len(kept)))


def result_from(logits: np.ndarray, colour_logits: np.ndarray) -> PlateResult:
    raw, _greedy_confidence = decode(logits)
    plate, log_p = ctc.beam_search(ctc.log_softmax(logits, TEMPERATURE), ALPHABET)
    colour = COLOURS[int(np.argmax(colour_logits))]
    if not plate or log_p < math.log(UNREADABLE_BELOW):
        return PlateResult("", 0.0, raw, colour)
    return PlateResult(plate, round(math.exp(log_p), 4), raw, colour)


class OnnxPlateReader:
    """The recognizer through ONNX Runtime on the CPU; `read_many` batches crops."""

    name = "tinhso recognizer (ONNX)"

    def __init__(self, model: str | Path = MODEL, threads: int | None = None) -> None:
        import onnxruntime  # comes with rapidocr-onnxruntime; loaded only when reading

        if not Path(model).exists():
            raise FileNotFoundError(f"Plate recognizer model not found: {model}")
        options = onnxruntime.SessionOptions()
        threads = threads or int(os.environ.get("TINHSO_VISION_THREADS", "0"))
        if threads:
            options.intra_op_num_threads = threads
        self.session: Any = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )

    def logits(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        chars, colour = self.session.run(None, {"image": batch})
        return chars, colour

    def read_many(self, images: Iterable[ImageLike]) -> list[PlateResult]:
        return read_batches(self, list(images))

    def read(self, image: ImageLike) -> PlateResult:
        return self.read_many([image])[0]


def read_batches(reader: Any, images: Sequence[ImageLike], size: int = 64) -> list[PlateResult]:
    """Many crops through a reader with `logits`, in batches (the bench and the worker).
    A crop of ambiguous shape goes in twice, as one line and as two."""
    out: list[PlateResult] = []
    for start in range(0, len(images), size):
        chunk = [as_image(i) for i in images[start : start + size]]
        inputs, owners = [], []
        for k, image in enumerate(chunk):
            if ambiguous(image):
                inputs += [prepare(image, two_lines=False), prepare(image, two_lines=True)]
                owners += [k, k]
            else:
                inputs.append(prepare(image))
                owners.append(k)
        chars, colour = reader.logits(np.stack(inputs))
        best: list[PlateResult | None] = [None] * len(chunk)
        for row, k in enumerate(owners):
            result = result_from(chars[row], colour[row])
            if best[k] is None or result.confidence > best[k].confidence:  # type: ignore[union-attr]
                best[k] = result
        out.extend(r for r in best if r is not None)
    return out
