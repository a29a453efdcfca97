"""How questions and catalogue records become search terms.

Vietnamese words are one to four syllables written apart ("giấy phép lái xe"), so a
term is a syllable or two neighbouring syllables (a bigram keeps "khai sinh" apart
from "khai tử" and "sinh viên"). Everything is compared without diacritics, because
half of the questions come typed without them ("lam giay khai sinh"), and the
spellings that are both correct ("kí"/"ký", "lí"/"lý") are made one.
"""

from __future__ import annotations

import itertools
import re

from tinhso.core.text import fold

# i and y after these consonants are the same sound, and both spellings are taught.
_I_OR_Y = re.compile(r"\b(k|l|m|t|s|h|qu)y\b")
_WORD = re.compile(r"[a-z0-9]+")


def syllables(text: str) -> list[str]:
    """'Đăng kí khai sinh!' → ['dang', 'ki', 'khai', 'sinh']."""
    return _WORD.findall(_I_OR_Y.sub(r"\1i", fold(text)))


def terms(words: list[str]) -> list[str]:
    """Syllables and the bigrams of neighbours: ['khai', 'sinh', 'khai_sinh']."""
    return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]
