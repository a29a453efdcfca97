"""Reading the recognizer's columns under the plate grammar: CTC prefix beam search in
which a character may only be added where the grammar lets one stand.

A greedy decode takes the best character of each column and corrects the text
afterwards (plates.read); when a column's best guess is a letter where a digit must
go, or a digit went missing, the evidence for the right reading is already gone. Here
every candidate text is a prefix of some valid plate (two digits of a province code,
one or two series letters, four to six digits), and its probability sums over all the
column alignments that spell it (Graves et al., 2006; prefix beam search as in Hannun
et al., 2014). The answer is the most probable *complete* plate.

The confidence is that plate's probability among everything the columns could spell,
after temperature scaling (``TEMPERATURE``, fitted on synthetic plates by
scripts/train_plate_reader.py at the end of training): it drops when two plates compete, or when the
columns prefer a text that is not a plate at all.

No library does constrained CTC decoding on NumPy alone (pyctcdecode needs a language
model and KenLM for constraints; torchaudio's decoder needs PyTorch), hence this file.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from tinhso.vision import plates

BEAM = 12
# A column adds only characters at least this likely (the blank is always kept): most
# columns are nearly certain blanks, and this keeps the search to a few candidates.
PRUNE = 1e-3
DIGITS = frozenset("0123456789")
LETTERS = frozenset(plates.SERIES)

# Where a prefix stands in the grammar: how many characters it has of each part.
# (province digits 0–2, series letters 0–2, serial digits 0–6)
State = tuple[int, int, int]


def allows(state: State, ch: str) -> State | None:
    """The state after adding `ch`, or None where the grammar has no place for it."""
    province, letters, serial = state
    if province < 2:
        if ch not in DIGITS or (province == 0 and ch == "0"):
            return None
        return (province + 1, letters, serial)
    if serial == 0 and letters < 2 and ch in LETTERS:
        return (province, letters + 1, serial)
    if letters >= 1 and ch in DIGITS and serial < 6:
        return (province, letters, serial + 1)
    return None


def complete(text: str, state: State) -> bool:
    return state[1] >= 1 and state[2] >= 4 and plates.province_ok(text[:2])


def _log_add(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    high, low = (a, b) if a > b else (b, a)
    return high + math.log1p(math.exp(low - high))


def log_softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    scaled = logits.astype(np.float64) / temperature
    shifted = scaled - scaled.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def beam_search(log_probs: np.ndarray, alphabet: str, beam: int = BEAM) -> tuple[str, float]:
    """(T, 1 + len(alphabet)) column log-probabilities (class 0 = blank) → the most
    probable complete plate and its log-probability; ("", -inf) when none is reachable.

    Each prefix keeps two log-probabilities: of alignments ending in a blank and of
    those ending in its last character (needed because a repeated character must be
    separated by a blank to count twice)."""
    # prefix → (log p ending in blank, log p ending in its last character), state
    beams: dict[str, tuple[float, float]] = {"": (0.0, -math.inf)}
    states: dict[str, State] = {"": (0, 0, 0)}
    allowed = log_probs[:, 1:] >= math.log(PRUNE)
    index_of = {ch: i + 1 for i, ch in enumerate(alphabet)}
    for column, mask in zip(log_probs.tolist(), allowed, strict=True):
        blank = column[0]
        candidates = np.flatnonzero(mask).tolist()
        if not candidates:
            # A column that is surely a blank adds nothing: each prefix stays, as is
            # (no new prefix, so nothing to prune).
            beams = {
                prefix: (
                    _log_add(p_blank, p_char) + blank,
                    p_char + column[index_of[prefix[-1]]] if prefix else -math.inf,
                )
                for prefix, (p_blank, p_char) in beams.items()
            }
            continue
        following: dict[str, list[float]] = defaultdict(lambda: [-math.inf, -math.inf])
        for prefix, (p_blank, p_char) in beams.items():
            total = _log_add(p_blank, p_char)
            stay = following[prefix]
            stay[0] = _log_add(stay[0], total + blank)  # a blank: the prefix stays
            if prefix:  # its last character again, merged into it
                stay[1] = _log_add(stay[1], p_char + column[index_of[prefix[-1]]])
            for index in candidates:
                ch = alphabet[index]
                state = allows(states[prefix], ch)
                if state is None:
                    continue
                extended = prefix + ch
                states.setdefault(extended, state)
                p = column[index + 1]
                grown = following[extended]
                if prefix and ch == prefix[-1]:
                    # The same character twice needs a blank between the two.
                    grown[1] = _log_add(grown[1], p_blank + p)
                else:
                    grown[1] = _log_add(grown[1], total + p)
        if len(following) > beam:
            ranked = sorted(following.items(), key=lambda kv: -_log_add(*kv[1]))[:beam]
        else:
            ranked = list(following.items())
        beams = {prefix: (pb, pc) for prefix, (pb, pc) in ranked}
    finished = [
        (_log_add(*scores), prefix)
        for prefix, scores in beams.items()
        if complete(prefix, states[prefix])
    ]
    if not finished:
        return "", -math.inf
    score, text = max(finished)
    return text, score
