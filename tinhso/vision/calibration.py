"""Making the plate reader's confidence mean something, on synthetic plates only.

1. Temperature scaling (Guo et al., 2017): divide the network's logits by the
   temperature that makes the true plates most probable under CTC (the mean negative
   log-likelihood over held-out synthetic plates, on a grid).
2. The "send as read" threshold: the lowest confidence above which the held-out
   synthetic plates are read right at least `PRECISION` of the time. Below it, the
   review queue asks an officer to read the plate.

The real crops in shared/data/plates are never used here: they only measure the
result (bench/plates_bench.py prints the precision and coverage there).
Both the training script (on the GPU machine) and scripts/calibrate_plate_reader.py
(on any CPU, for a model already trained) call `calibrate`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tinhso.vision import ctc

PRECISION = 0.999
GRID = [round(0.5 + 0.05 * k, 2) for k in range(51)]  # 0.5 … 3.0, searched coarse to fine


def ctc_log_likelihood(log_probs: np.ndarray, label: list[int]) -> float:
    """log P(label | columns) summed over every alignment (the CTC forward algorithm,
    in log space). `log_probs`: (T, classes), class 0 the blank; `label`: class indices.

    Written here because the one library implementation (torch's CTCLoss) needs PyTorch,
    which machines without a GPU do not install."""
    extended = [0]
    for cls in label:
        extended += [cls, 0]
    states = len(extended)
    alpha = np.full(states, -np.inf)
    alpha[0] = log_probs[0, 0]
    if states > 1:
        alpha[1] = log_probs[0, extended[1]]
    # A character may skip the blank before it unless it repeats the one before.
    can_skip = np.array(
        [s >= 2 and extended[s] != 0 and extended[s] != extended[s - 2] for s in range(states)]
    )
    for column in log_probs[1:]:
        step = np.concatenate(([-np.inf], alpha[:-1]))
        skip = np.where(can_skip, np.concatenate(([-np.inf, -np.inf], alpha[:-2])), -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, step), skip) + column[extended]
    ends = alpha[-1] if states == 1 else np.logaddexp(alpha[-1], alpha[-2])
    return float(ends)


def mean_nll(logits: np.ndarray, labels: list[list[int]], temperature: float) -> float:
    return -float(
        np.mean(
            [
                ctc_log_likelihood(ctc.log_softmax(one, temperature), label)
                for one, label in zip(logits, labels, strict=True)
            ]
        )
    )


def send_as_read_threshold(scored: list[tuple[float, bool]]) -> float:
    """The lowest confidence at which the reads at or above it are right at least
    PRECISION of the time (1.0, sending nothing as read, when no cut reaches it)."""
    threshold, right = 1.0, 0
    for n, (confidence, ok) in enumerate(sorted(scored, key=lambda s: -s[0]), 1):
        right += ok
        if right / n >= PRECISION:
            threshold = confidence
    return threshold


def calibrate(logits: np.ndarray, plates: list[str], seed: int) -> dict[str, Any]:
    """(N, T, classes) character logits of N held-out synthetic plates and their true
    plates → the calibration recorded in models/plate_reader.json."""
    from tinhso.vision import recognizer

    labels = [recognizer.encode(plate) for plate in plates]

    def nll(t: float) -> float:
        return mean_nll(logits, labels, t)

    coarse = min(GRID[::5], key=nll)  # every 0.25, then every 0.05 around the best
    temperature = min((t for t in GRID if abs(t - coarse) <= 0.2), key=nll)
    scored = []
    for one, plate in zip(logits, plates, strict=True):
        read, log_p = ctc.beam_search(ctc.log_softmax(one, temperature), recognizer.ALPHABET)
        confidence = math.exp(log_p) if read else 0.0
        scored.append((confidence, read == plate))
    threshold = send_as_read_threshold(scored)
    return {
        "method": "temperature scaling on synthetic plates (CTC NLL, grid 0.5–3.0); "
        f"threshold at {PRECISION:.1%} precision on them",
        "seed": seed,
        "n": len(plates),
        "temperature": temperature,
        "nll_at_1": round(mean_nll(logits, labels, 1.0), 4),
        "nll": round(mean_nll(logits, labels, temperature), 4),
        "send_as_read_threshold": round(threshold, 4),
        "synthetic_coverage_at_threshold": round(
            sum(c >= threshold for c, _ok in scored) / len(scored), 4
        ),
        "synthetic_exact": round(sum(ok for _c, ok in scored) / len(scored), 4),
    }
