"""The grammar of Vietnamese licence plates, to check and correct what a recognizer read.

Normalised form (as in shared/data/plates/README.md): upper case, no separators, Đ as
D — `59-X1 234.56` → `59X123456`, `51F-123.45` → `51F12345`, `23-MĐ1 016.09` →
`23MD101609`. A plate is

    two digits (the province code, 11–99)
    one or two series letters (A–Z without I, J, O, Q, W; Đ counts as D)
    four to six digits (an optional series digit of a motorbike plate, then a
    4- or 5-digit serial)

Recognizers confuse look-alike characters (0/D/O, 1/I, 8/B, 5/S, 2/Z, 6/G); since each
position must be a digit or a letter, a misread in the wrong class is turned into its
look-alike — but only when the result then fits the grammar. A reading that still does
not fit is reported as unreadable, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SERIES = "ABCDEFGHKLMNPRSTUVXYZ"  # no I, J, O, Q, W
PLATE = re.compile(rf"^(\d{{2}})([{SERIES}]{{1,2}})(\d{{4,6}})$")
AS_DIGIT = {"O": "0", "D": "0", "Q": "0", "U": "0", "I": "1", "L": "1", "T": "1", "J": "1",
            "Z": "2", "S": "5", "G": "6", "B": "8", "A": "4"}  # fmt: skip
AS_LETTER = {"0": "D", "1": "T", "2": "Z", "4": "A", "5": "S", "6": "G", "8": "B", "7": "T"}


@dataclass(frozen=True)
class Reading:
    plate: str  # normalised; "" when unreadable
    raw: str
    corrected: bool  # a look-alike character was swapped to fit the grammar

    @property
    def readable(self) -> bool:
        return bool(self.plate)


def normalise(text: str) -> str:
    """'59-X1 234.56' → '59X123456'; 'Đ' → 'D'; anything but letters and digits dropped."""
    text = text.upper().replace("Đ", "D")
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def province_ok(code: str) -> bool:
    return code.isdigit() and 11 <= int(code) <= 99


def is_valid(plate: str) -> bool:
    match = PLATE.match(plate)
    return match is not None and province_ok(match.group(1))


def _fit(text: str, letters: int) -> str | None:
    """Force positions into digit / letter / digit classes for a given number of series
    letters; None if some character has no look-alike in the needed class."""
    out = []
    for i, ch in enumerate(text):
        want_letter = 2 <= i < 2 + letters
        if want_letter:
            fixed = ch if ch in SERIES else AS_LETTER.get(ch)
        else:
            fixed = ch if ch.isdigit() else AS_DIGIT.get(ch)
        if fixed is None:
            return None
        out.append(fixed)
    return "".join(out)


def read(raw: str) -> Reading:
    """Check a recognizer's text; correct look-alikes only when that makes it fit."""
    text = normalise(raw)
    if is_valid(text):
        return Reading(text, raw, corrected=False)
    candidates = []
    for letters in (1, 2):
        fitted = _fit(text, letters)
        if fitted and is_valid(fitted):
            changes = sum(a != b for a, b in zip(fitted, text, strict=True))
            candidates.append((changes, letters, fitted))
    if candidates:
        # The fewest swaps; on a tie, one series letter (the common case).
        _changes, _letters, best = min(candidates)
        return Reading(best, raw, corrected=True)
    return Reading("", raw, corrected=False)


def display(plate: str) -> str:
    """The plate as painted: '51F12345' → '51F-123.45', '59X123456' → '59-X1 234.56'."""
    match = PLATE.match(plate)
    if not match:
        return plate
    code, letters, digits = match.groups()
    if len(digits) == 6:  # motorbike: series digit + 5-digit serial
        return f"{code}-{letters}{digits[0]} {digits[1:4]}.{digits[4:]}"
    if len(digits) == 5:
        return f"{code}{letters}-{digits[:3]}.{digits[3:]}"
    return f"{code}{letters}-{digits}"
