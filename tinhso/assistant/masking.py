"""Questions without personal data, for the question log (Decree 13/2023: the catalogue
team needs what people ask, not who asked it).

Masked: e-mail addresses; every number of four digits or more (phone numbers,
identity and certificate numbers, years of birth, house numbers) and licence plates;
personal names — after the words that introduce one ("tên là", "tôi là", "họ tên"),
and any run of capitalised words that starts with a common Vietnamese family name.
Short numbers stay ("lớp 7", "dưới 6 tuổi": they say what is asked). A name typed in
lower case with no introducing word is not recognised; over-masking (a place written
after "tôi là người …") is the side this errs on.

Written here: the libraries that find personal data (Presidio and the like) need
language models for Vietnamese that do not exist offline; these patterns are the
ones the desk sees.
"""

from __future__ import annotations

import re

NUMBER = "[số]"
NAME = "[tên]"
EMAIL = "[email]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A licence plate: 51F-123.45, 30A 12345, 59-X1 234.56
_PLATE = re.compile(r"\b\d{2}\s?-?\s?[A-Za-z]{1,2}\d?\s?-?\s?\d{3}\.?\d{1,2}\b")
# Four digits or more, possibly grouped by spaces, dots or dashes: 0912 345 678.
_LONG_NUMBER = re.compile(r"(?<![\w])\+?\d(?:[\d .\-]*\d)?(?![\w])")
_WORD = r"[^\W\d_]+"
# The words that introduce a name; what follows, up to four words, is the name.
_CUE = re.compile(
    r"\b(?:họ và tên|họ tên|tên (?:tôi|em|con|cháu|mình|bé|anh|chị|ông|bà)(?: là)?|tên là"
    r"|tôi là|em là|mình là|cháu là|ho va ten|ho ten|ten (?:toi|em|con|chau|minh|be)(?: la)?"
    r"|ten la|toi la|em la|minh la)\s*:?\s+",
    re.IGNORECASE,
)
# A name's end when typed in lower case: a word that is not part of a name.
_NOT_A_NAME = {
    "muốn", "cần", "xin", "làm", "hỏi", "thì", "có", "đã", "bị", "ở", "sinh", "sống", "đang",
    "năm", "và", "nay", "hiện", "muon", "can", "lam", "hoi", "co", "da", "bi", "o",
    "song", "dang", "nam", "va", "hien", "người", "nguoi", "là", "la", "nhà", "nha",
}  # fmt: skip
_SURNAMES = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trương"
    "|Lâm|Mai|Trịnh|Đào|Cao|Lương|Tạ|Hà|Lưu|Nguyen|Tran|Pham|Hoang|Huynh|Vu|Vo|Dang|Bui"
    "|Do|Ho|Ngo|Duong|Ly|Dinh|Truong|Lam|Trinh|Dao|Luong|Luu"
)
_FAMILY_NAME_RUN = re.compile(rf"\b(?:{_SURNAMES})(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){{1,3}}\b")


def _long_number(match: re.Match[str]) -> str:
    text = match.group(0)
    return NUMBER if sum(ch.isdigit() for ch in text) >= 4 else text


def _named(match: re.Match[str], text: str) -> tuple[int, int] | None:
    """Where the name after an introducing word ends."""
    words = list(re.finditer(_WORD, text[match.end() :]))[:4]
    end = match.end()
    for word in words:
        gap = text[end : match.end() + word.start()]
        if gap.strip() or word.group(0).lower() in _NOT_A_NAME:
            break
        end = match.end() + word.end()
    return (match.end(), end) if end > match.end() else None


def mask(question: str) -> str:
    text = _EMAIL.sub(EMAIL, question)
    text = _PLATE.sub(NUMBER, text)
    text = _LONG_NUMBER.sub(_long_number, text)
    spans = [s for m in _CUE.finditer(text) if (s := _named(m, text))]
    spans += [m.span() for m in _FAMILY_NAME_RUN.finditer(text)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + NAME + text[end:]
    return text.strip()
