"""Plate reading accuracy: exact-plate match and character error rate (CER) on a
synthetic held-out set (seeded, never used for training) and on the real hand-checked
crops in shared/data/plates (never used for training or tuning), for each reader in
the same run: the project's recognizer (ONNX, trained on synthetic plates only) next to
the rapidocr baseline (PP-OCR). For the recognizer it also prints how often its most
confident reads are right as more are kept, and what its send-as-read threshold keeps.

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
from tinhso.vision.recognizer import SEND_AS_READ, OnnxPlateReader

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


def score(reader, items: list[tuple[Path, str]]) -> tuple[float, float, float, list]:
    exact = errors = chars = 0
    scored = []
    start = time.perf_counter()
    for path, truth in items:
        result = reader.read(path)
        exact += result.plate == truth
        errors += edit_distance(result.plate, truth)
        chars += len(truth)
        scored.append((result.confidence, result.plate == truth))
    seconds = (time.perf_counter() - start) / max(len(items), 1)
    return exact / len(items), errors / chars, seconds, scored


def precision_by_coverage(scored: list[tuple[float, bool]]) -> str:
    """How often the most confident reads are right, as more of them are kept."""
    ranked = sorted(scored, key=lambda s: -s[0])
    parts = []
    for coverage in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0):
        kept = ranked[: max(1, round(coverage * len(ranked)))]
        parts.append(f"{coverage:.0%}→{sum(ok for _c, ok in kept) / len(kept):.1%}")
    sent = [ok for confidence, ok in ranked if confidence >= SEND_AS_READ]
    at = f"{sum(sent) / len(sent):.1%} of {len(sent)}" if sent else "none"
    return (
        f"precision by coverage {' '.join(parts)}; at the send-as-read threshold "
        f"{SEND_AS_READ}: coverage {len(sent) / len(ranked):.1%}, precision {at}"
    )


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
                exact, cer, seconds, scored = score(reader, items)
                print(f"{reader.name:<28} {name:<26} {exact:7.1%} {cer:7.1%} {seconds:8.2f}")
                if isinstance(reader, OnnxPlateReader):
                    print(f"    {precision_by_coverage(scored)}")


if __name__ == "__main__":
    main()
