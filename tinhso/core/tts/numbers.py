"""Numbers read aloud in Vietnamese, as a newsreader says them.

Written here rather than taken from num2words: its Vietnamese (0.5.14) reads 2024 as
"hai nghìn lẻ hai mươi bốn" and 1050 as "một nghìn lẻ năm mươi" (a listener hears
2,000 + 24 and 1,000 + 50, which happen to be right, but 1005 comes out the same way as
"một nghìn lẻ năm", and 0.5 as "không phẩy năm mươi", i.e. 0.50 read as fifty). Years
and amounts of money are exactly what the platform reads out, so the rules below
follow the standard reading: "không trăm" for an empty hundreds place inside a number,
"lẻ" for an empty tens place, "mốt", "tư" and "lăm" after a tens word.
"""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
GROUPS = ["", "nghìn", "triệu"]  # then tỷ, which starts over: nghìn tỷ, triệu tỷ


def _below_thousand(n: int, inside: bool) -> list[str]:
    """0 < n < 1000; `inside` when a larger group comes before it (1 050: "không trăm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or inside:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
        if units:
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _words(n: int, inside: bool = False, width: int = 0) -> list[str]:
    """`width`: the groups below a "tỷ" are three (triệu, nghìn, units) even when the
    first are zero."""
    if n >= 1_000_000_000:
        billions, rest = divmod(n, 1_000_000_000)
        words = [*_words(billions, inside), "tỷ"]
        return words + _words(rest, inside=True, width=3) if rest else words
    groups: list[int] = []
    while n or len(groups) < width:
        n, group = divmod(n, 1000)
        groups.append(group)
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            # 1 000 500: "một triệu không trăm nghìn năm trăm", not "một triệu năm
            # trăm", which a listener takes for 1 500 000.
            if (words or inside) and GROUPS[index] and any(groups[:index]):
                words += ["không", "trăm", GROUPS[index]]
            continue
        leading = not words and not inside
        words += _below_thousand(group, inside=not leading)
        if GROUPS[index]:
            words.append(GROUPS[index])
    return words


def read_integer(n: int) -> str:
    """2024 → "hai nghìn không trăm hai mươi tư"; negative numbers with "âm"."""
    if n < 0:
        return "âm " + read_integer(-n)
    if n == 0:
        return DIGITS[0]
    return " ".join(_words(n))


def read_digits(text: str) -> str:
    """Each digit on its own, as phone numbers and codes are read: "0903" → "không chín
    không ba"."""
    return " ".join(DIGITS[int(c)] for c in text if c.isdigit())


def read_decimal(whole: str, fraction: str) -> str:
    """12,75 → "mười hai phẩy bảy mươi lăm"; 3,05 → "ba phẩy không năm" (a leading zero
    after the comma is read digit by digit, so 3,05 is not heard as 3,5)."""
    after = (
        read_digits(fraction)
        if fraction.startswith("0") or len(fraction) > 3
        else read_integer(int(fraction))
    )
    return f"{read_integer(int(whole or '0'))} phẩy {after}"


def read_ordinal(n: int) -> str:
    """thứ nhất, thứ hai, … thứ tư (not "thứ bốn")."""
    return {1: "nhất", 4: "tư"}.get(n, read_integer(n))
