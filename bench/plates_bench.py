"""Plate reading accuracy: exact-plate match and character error rate (CER) on a
synthetic held-out set (seeded, never used for training) and on the real hand-checked
crops in shared/data/plates (never used for training or tuning), for each reader in
the same run: the project's recognizer (ONNX, trained on synthetic plates only) next to
the rapidocr baseline (PP-OCR).

    .venv/bin/python bench/plates_bench.py [SYNTHETIC_N] [PLATES_DIR]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tinhso.vision import synth_plates
from tinhso.vision.reader import RapidOcrReader
from tinhso.vision.recognizer import OnnxPlateReader

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
PLATES = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared" / "data" / "plates"
HELD_OUT_SEED = 90210  # training sets use other seeds


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: the textbook dynamic programme, two rows."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def score(reader, items: list[tuple[Path, str]]) -> tuple[float, float, float]:
    exact = errors = chars = 0
    start = time.perf_counter()
    for path, truth in items:
        got = reader.read(path).plate
        exact += got == truth
        errors += edit_distance(got, truth)
        chars += len(truth)
    seconds = (time.perf_counter() - start) / max(len(items), 1)
    return exact / len(items), errors / chars, seconds


def main() -> None:
    readers = [OnnxPlateReader(), RapidOcrReader()]
    with tempfile.TemporaryDirectory() as folder:
        synthetic = []
        for i, sample in enumerate(synth_plates.samples(N, seed=HELD_OUT_SEED)):
            path = Path(folder, f"{i}.jpg")
            sample.image.save(path)
            synthetic.append((path, sample.plate))
        sets = [(f"synthetic held-out ({N})", synthetic)]
        labels = PLATES / "labels.tsv"
        if labels.exists():
            with labels.open(encoding="utf-8") as handle:
                real = [
                    (PLATES / "images" / row["file"], row["plate"])
                    for row in csv.DictReader(handle, delimiter="\t")
                ]
            sets.append((f"real crops ({len(real)})", real))
        else:
            print(f"no real crops at {PLATES}: only the synthetic set")
        print(f"{'reader':<28} {'set':<26} {'exact':>7} {'CER':>7} {'s/image':>8}")
        for reader in readers:
            for name, items in sets:
                exact, cer, seconds = score(reader, items)
                print(f"{reader.name:<28} {name:<26} {exact:7.1%} {cer:7.1%} {seconds:8.2f}")


if __name__ == "__main__":
    main()
