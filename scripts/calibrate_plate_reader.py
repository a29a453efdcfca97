"""Calibrate a trained plate reader on the CPU: the softmax temperature and the "send as
read" threshold, fitted on held-out synthetic plates (tinhso.vision.calibration), written
into models/plate_reader.json next to what training recorded.

    .venv/bin/python scripts/calibrate_plate_reader.py [N]

The training script does the same at the end of a run; this is for a model trained
before calibration existed, or to re-check one. The real crops are not used.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tinhso.vision import calibration, synth_plates
from tinhso.vision.recognizer import MODEL, OnnxPlateReader, prepare

SEED = 7777  # the same held-out synthetic seed as training's calibration


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    started = time.perf_counter()
    made = list(synth_plates.samples(n, seed=SEED))
    reader = OnnxPlateReader()
    logits = np.concatenate(
        [
            reader.logits(np.stack([prepare(s.image) for s in made[k : k + 256]]))[0]
            for k in range(0, n, 256)
        ]
    )
    result = calibration.calibrate(logits, [s.plate for s in made], SEED)
    record = MODEL.with_suffix(".json")
    report = json.loads(record.read_text())
    report["calibration"] = result
    record.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    print(f"{time.perf_counter() - started:.0f} s; written to {record}")


if __name__ == "__main__":
    main()
