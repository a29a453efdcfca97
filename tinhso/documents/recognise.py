"""Reading an administrative document's own text for the fields a clerk enters:
issuer, number/notation, date, kind and subject.

Decree 30/2020/NĐ-CP fixes the layout of a document's first page (Appendix I): the
issuing body top left in capitals ("UỶ BAN NHÂN DÂN / TỈNH TÂY NINH"), "Số: 15/QĐ-UBND"
under it, the place and date top right ("Tây Ninh, ngày 05 tháng 3 năm 2026"), then the
kind in capitals ("QUYẾT ĐỊNH") with the subject on the next line ("Về việc …"), or,
for a Công văn, the subject under its number ("V/v …"). The text is a PDF's text layer
or what OCR read from a scan; what cannot be found stays empty for the clerk to type,
and the clerk confirms every field before anything is registered.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from tinhso.core.text import fold
from tinhso.documents import doctypes

HEAD_LINES = 40
NUMBER = re.compile(r"S[oố]\s*[:.]?\s*(" + doctypes.NOTATION.pattern + r")", re.IGNORECASE)
DATE = re.compile(
    r"ng[aà]y\s+(\d{1,2})\s+th[aá]ng\s+(\d{1,2})\s+n[aă]m\s+((?:19|20)\d\d)", re.IGNORECASE
)
SUBJECT = re.compile(r"^\s*(?:V/v|Về việc|Ve viec)\s*[:.]?\s*(.+)$", re.IGNORECASE)
# The first lines that are national heading, not the issuer.
KIND_HEADINGS = {fold(str(kind.name)).upper(): kind for kind in doctypes.KINDS}


@dataclass
class Guess:
    issuer: str = ""
    notation: str = ""
    kind: str = ""
    issued_on: dt.date | None = None
    subject: str = ""

    def as_initial(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v}


# How the national heading's two lines start (folded). OCR puts the two columns of the
# heading on one line ("ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI …"): the issuer's part is what
# comes before it.
NATIONAL = ("cong hoa xa hoi", "doc lap")


def _solid(char: str) -> bool:
    """A letter or digit that a line may start or end with — not a modifier letter
    such as "ˆ", which OCR reads out of a speck."""
    return unicodedata.category(char) in ("Lu", "Ll", "Lt", "Lo", "Nd")


def _clean(line: str) -> str:
    """One line without OCR's stray marks at its ends ("'QUYẾT ĐỊNH", "_ Về việc")."""
    line = " ".join(line.split())
    while line and not (_solid(line[0]) or line[0] in '(“"'):
        line = line[1:].lstrip()
    while line and not (_solid(line[-1]) or line[-1] in ')”"'):
        line = line[:-1].rstrip()
    return line


def _left_of_national_heading(line: str) -> list[str]:
    folded = fold(line)
    # fold keeps one character per letter of a tidy line, so positions match.
    cuts = [folded.find(start) for start in NATIONAL if folded.find(start) > 0]
    if not cuts or len(folded) != len(line):
        return [line]
    cut = min(cuts)
    return [part for part in (_clean(line[:cut]), _clean(line[cut:])) if part]


def _lines(text: str) -> list[str]:
    found: list[str] = []
    for raw in text.splitlines():
        line = _clean(raw)
        if line:
            found += _left_of_national_heading(line)
    return found[:HEAD_LINES]


def _issuer(lines: list[str]) -> str:
    """The capitals at the top that are not the national heading, before "Số: …"."""
    found: list[str] = []
    for line in lines:
        folded = fold(line)
        if any(folded.startswith(n) for n in NATIONAL):
            continue  # the right-hand column, read in between by OCR
        if NUMBER.search(line):
            break
        letters = [c for c in line if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
            found.append(_agency_words(line))
            if len(found) == 3:
                break
        elif found:
            break
    # "ỦY BAN NHÂN DÂN" + "TỈNH TÂY NINH": kept in capitals as printed, for the clerk to
    # tidy; duplicates are compared without case or accents.
    return " ".join(found)[:300]


def _date(lines: list[str]) -> dt.date | None:
    """The date of the place-and-date line; a date in the body's "Căn cứ …" (the laws
    it cites) is not the document's."""
    for line in lines:
        if fold(line).startswith("can cu"):
            continue
        for day, month, year in DATE.findall(line):
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


# The words agency names are made of, in capitals as printed. OCR confuses their
# accents ("TĨNH", "BẠN"); a word of the heading that matches one without accents is
# that word.
_AGENCY_NAMES = (
    "ỦY BAN NHÂN DÂN TỈNH HUYỆN THÀNH PHỐ THỊ XÃ PHƯỜNG THỊ TRẤN SỞ BỘ VĂN PHÒNG "
    "CÔNG AN HỘI ĐỒNG BAN CHỈ HUY QUÂN SỰ CỤC CHI PHÒNG TRUNG TÂM NỘI VỤ Y TẾ "
    "GIÁO DỤC ĐÀO TẠO TÀI CHÍNH KẾ HOẠCH ĐẦU TƯ NÔNG NGHIỆP MÔI TRƯỜNG"
)
AGENCY_WORDS = {fold(word): word for word in _AGENCY_NAMES.split()}


def _agency_words(line: str) -> str:
    words = [AGENCY_WORDS.get(fold(word), word) for word in line.split()]
    # A speck read as a short word in lower case at the end ("… THÀNH ng").
    while words and len(words[-1]) <= 2 and words[-1].islower():
        words.pop()
    return " ".join(words)


def _ends_subject(line: str) -> bool:
    """The line after a subject: the place and date, the national heading, a heading
    in capitals, or the body's "Căn cứ …"."""
    folded = fold(line)
    letters = [c for c in line if c.isalpha()]
    return bool(
        DATE.search(line)
        or any(folded.startswith(n) for n in NATIONAL)
        or folded.startswith(("can cu", "kinh gui"))
        or (letters and all(c.isupper() for c in letters))
    )


def _subject_from(lines: list[str], index: int, first: str) -> str:
    """A subject wraps over lines: the first, and what follows until something else."""
    parts = [first.strip()]
    for line in lines[index + 1 : index + 4]:
        if _ends_subject(line):
            break
        parts.append(line)
    return " ".join(parts)


def _kind_and_subject(lines: list[str], notation: str) -> tuple[str, str]:
    kind = doctypes.kind_of_notation(notation) if notation else None
    for index, line in enumerate(lines):
        subject = SUBJECT.match(line)
        if subject:
            return (kind.code if kind else ""), _subject_from(lines, index, subject.group(1))
        heading = KIND_HEADINGS.get(fold(line).upper().strip())
        if heading and index + 1 < len(lines):
            following = SUBJECT.match(lines[index + 1])
            text = following.group(1) if following else lines[index + 1]
            return heading.code, _subject_from(lines, index + 1, text)
    return (kind.code if kind else ""), ""


def guess(text: str) -> Guess:
    lines = _lines(text)
    head = "\n".join(lines)
    number = NUMBER.search(head)
    notation = doctypes.tidy_notation(number.group(1)) if number else ""
    kind, subject = _kind_and_subject(lines, notation)
    return Guess(
        issuer=_issuer(lines),
        notation=notation,
        kind=kind,
        issued_on=_date(lines),
        subject=subject[:2000],
    )
