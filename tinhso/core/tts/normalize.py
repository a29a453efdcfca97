"""Vietnamese text made ready to be read aloud: numbers, dates, times, money, units,
phone numbers and the abbreviations of public administration spelled out as words.

A speech engine guesses at "30/11/2026", "1.500.000đ", "7h30" or "UBND" — each engine
differently, and often wrongly ("1.500.000" read as "một chấm năm trăm…"). Normalising
before synthesis makes every backend (espeak-ng, a commercial service) say the same
words, and the table test (tests/core/test_tts.py) holds what they are. No library
covers Vietnamese administrative text (underthesea and pyvi segment words; num2words
misreads years: see numbers.py), so the rules are here, in the order they must apply:
phone numbers before plain numbers, dates and times before numbers, money and units
after the number they follow.
"""

from __future__ import annotations

import re

from tinhso.core.tts.numbers import read_decimal, read_digits, read_integer, read_ordinal

# Abbreviations of public administration, as they are said. Upper-case and dotted forms
# are matched as whole words only, so "TP." inside a word is left alone.
ABBREVIATIONS = {
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "MTTQ": "mặt trận tổ quốc",
    "TTHC": "thủ tục hành chính",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "GPLX": "giấy phép lái xe",
    "CSGT": "cảnh sát giao thông",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "GTVT": "giao thông vận tải",
    "TN&MT": "tài nguyên và môi trường",
    "TNMT": "tài nguyên và môi trường",
    "LĐTB&XH": "lao động thương binh và xã hội",
    "SĐT": "số điện thoại",
    "ĐT": "điện thoại",
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TX.": "thị xã",
    "v.v.": "vân vân",
    "VN": "Việt Nam",
}

UNITS = {
    "km/h": "ki-lô-mét một giờ",
    "km²": "ki-lô-mét vuông",
    "km2": "ki-lô-mét vuông",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "µg/m³": "mi-crô-gam trên mét khối",
    "mm": "mi-li-mét",
    "cm": "xăng-ti-mét",
    "km": "ki-lô-mét",
    "m": "mét",
    "kg": "ki-lô-gam",
    "g": "gam",
    "ha": "héc-ta",
    "°C": "độ C",
    "%": "phần trăm",
    "l": "lít",
    "kWh": "ki-lô-oát giờ",
}

CURRENCY = r"(?:đồng|đ|VNĐ|VND|vnđ)"
# 1.500.000 (dots between thousands) or plain digits.
INTEGER = r"\d{1,3}(?:\.\d{3})+|\d+"


def _integer(text: str) -> str:
    digits = text.replace(".", "")
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) > 15:
        return read_digits(digits)  # a code or an account number, not an amount
    return read_integer(int(digits))


def _number(match: re.Match[str]) -> str:
    whole, fraction = match.group("whole"), match.group("fraction")
    if fraction:
        return read_decimal(whole.replace(".", ""), fraction)
    return _integer(whole)


NUMBER = rf"(?P<whole>{INTEGER})(?:,(?P<fraction>\d+))?"


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    prefix = "cộng tám tư " if text.startswith("+84") else ""
    digits = re.sub(r"\D", "", text[3:] if prefix else text)
    # Said in groups, as people read numbers out: 0901 234 567, 0274 3822 123.
    cuts = {9: (3, 6), 10: (4, 7), 11: (4, 8)}.get(len(digits), ())
    groups = [digits[a:b] for a, b in zip((0, *cuts), (*cuts, None), strict=True)]
    return prefix + ", ".join(read_digits(g) for g in groups)


def _code(match: re.Match[str]) -> str:
    """A dotted code (000.01.00.H99, a procedure's 1.001193.000.00.00.H01, PM2.5): each
    part read out, digits one by one. Thousands (1.500.000) are left to the number rules;
    a decimal comma is Vietnamese, so 2.5 is read as written: "hai chấm năm"."""
    text = match.group(0)
    if re.fullmatch(INTEGER, text):
        return text
    parts = [
        " ".join(read_digits(c) if c.isdigit() else c for c in re.findall(r"\d|[A-Za-z]+", part))
        for part in text.split(".")
    ]
    return " chấm ".join(parts)


def _date(match: re.Match[str]) -> str:
    day, month, year = int(match.group("day")), int(match.group("month")), match.group("year")
    prefix = match.group("said")  # "ngày " or "Ngày " already in the text
    if not (1 <= day <= 31 and 1 <= month <= 12) or not (year or prefix):
        return match.group(0)  # not a date: a fraction (3/4) is read by a later rule
    said = f"{prefix or 'ngày '}{read_integer(day)} tháng {_month(month)}"
    return said + (f" năm {read_integer(int(year))}" if year else "")


def _month(month: int) -> str:
    return "tư" if month == 4 else read_integer(month)


def _time(match: re.Match[str]) -> str:
    hours, minutes = int(match.group("h")), int(match.group("m") or match.group("m2") or 0)
    if hours > 24 or minutes > 59:
        return match.group(0)
    said = f"{read_integer(hours)} giờ"
    return said + (f" {read_integer(minutes)} phút" if minutes else "")


def _unit(match: re.Match[str]) -> str:
    return f"{_number(match)} {UNITS[match.group('unit')]}"


def _money(match: re.Match[str]) -> str:
    scale = match.group("scale")
    return f"{_number(match)}{' ' + scale if scale else ''} đồng"


def _abbreviation(match: re.Match[str]) -> str:
    return ABBREVIATIONS[match.group(0)]


_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w&])"
)
_UNIT_NAMES = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

# (pattern, replacement), applied in this order.
RULES: list[tuple[re.Pattern[str], object]] = [
    (_ABBREVIATION, _abbreviation),
    (re.compile(r"(?<![\w+.])(?:\+84 ?|0)\d{2,3}(?:[ .]?\d){6,7}(?!\d|\.\w)"), _phone),
    (re.compile(r"(?<![\w.])[A-Za-z\d]+(?:\.[A-Za-z\d]+)+(?!\w|\.\w)"), _code),
    # 30/11/2026, ngày 30/11, 30-11-2026; "ngày" before it is not said twice.
    (
        re.compile(
            r"(?P<said>\b[Nn]gày\s+)?(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})"
            r"(?:/(?P<year>\d{4}))?(?![\d/])"
        ),
        _date,
    ),
    (
        re.compile(
            r"(?P<said>\b[Nn]gày\s+)?(?<![\d-])(?P<day>\d{1,2})-(?P<month>\d{1,2})"
            r"-(?P<year>\d{4})(?!\d)"
        ),
        _date,
    ),
    # tháng 11/2026
    (
        re.compile(r"(?P<said>\b[Tt]háng\s+)?(?<![\d/])(?P<month>\d{1,2})/(?P<year>\d{4})(?!\d)"),
        lambda m: (
            f"{m.group('said') or 'tháng '}{_month(int(m.group('month')))}"
            f" năm {read_integer(int(m.group('year')))}"
        ),
    ),
    # 7h30, 07:30, 14h, 14g15
    (re.compile(r"(?<![\d:])(?P<h>\d{1,2})(?:h(?P<m>\d{2})?|[:g](?P<m2>\d{2}))(?![\w:])"), _time),
    (
        re.compile(rf"{NUMBER}\s*(?P<scale>nghìn|ngàn|triệu|tỷ)?\s*{CURRENCY}(?!\w)"),
        _money,
    ),
    (re.compile(rf"{NUMBER}\s*(?P<unit>{_UNIT_NAMES})(?![\w/²³])"), _unit),
    # 3/4 → ba phần tư
    (
        re.compile(r"(?<![\d/])(?P<a>\d{1,3})/(?P<b>\d{1,3})(?![\d/])"),
        lambda m: f"{read_integer(int(m.group('a')))} phần {_month(int(m.group('b')))}",
    ),
    # 3-5 ngày, 3–5
    (
        re.compile(rf"(?P<a>{INTEGER})\s*[-–]\s*(?P<b>{INTEGER})(?!\d)"),
        lambda m: f"{_integer(m.group('a'))} đến {_integer(m.group('b'))}",
    ),
    (
        re.compile(r"\bthứ\s+(?P<n>\d{1,2})(?!\d)"),
        lambda m: f"thứ {read_ordinal(int(m.group('n')))}",
    ),
    (re.compile(NUMBER), _number),
    (re.compile(r"\s*&\s*"), lambda m: " và "),
]


def speakable(text: str) -> str:
    """`text` with every number, date, time, amount, unit, phone number and known
    abbreviation written out as the words a reader would say."""
    for pattern, replace in RULES:
        text = pattern.sub(replace, text)  # type: ignore[call-overload]
    return re.sub(r"\s+", " ", text).strip()
