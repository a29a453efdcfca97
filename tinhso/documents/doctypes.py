"""The kinds of administrative document and their abbreviations: Decree
30/2020/NĐ-CP, Article 7 (the 29 kinds) and Appendix III (the abbreviations used in
the number/notation, "Số: 15/QĐ-UBND").

A "Công văn" has no abbreviation: its notation is the agency's then the drafting
unit's ("Số: 120/UBND-VP"). The list is the decree's, kept here in one place; the
code stored on a document is the abbreviation (or "CV" for a Công văn, "THU" for a
Thư công, which have none), so a notation can be read back into its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str  # what a document stores
    name: object  # lazy: "Quyết định"
    abbreviation: str  # in the notation; "" where the decree gives none


KINDS: tuple[Kind, ...] = (
    Kind("NQ", _("Nghị quyết"), "NQ"),
    Kind("QĐ", _("Quyết định"), "QĐ"),
    Kind("CT", _("Chỉ thị"), "CT"),
    Kind("QC", _("Quy chế"), "QC"),
    Kind("QyĐ", _("Quy định"), "QyĐ"),
    Kind("TC", _("Thông cáo"), "TC"),
    Kind("TB", _("Thông báo"), "TB"),
    Kind("HD", _("Hướng dẫn"), "HD"),
    Kind("CTr", _("Chương trình"), "CTr"),
    Kind("KH", _("Kế hoạch"), "KH"),
    Kind("PA", _("Phương án"), "PA"),
    Kind("ĐA", _("Đề án"), "ĐA"),
    Kind("DA", _("Dự án"), "DA"),
    Kind("BC", _("Báo cáo"), "BC"),
    Kind("BB", _("Biên bản"), "BB"),
    Kind("TTr", _("Tờ trình"), "TTr"),
    Kind("HĐ", _("Hợp đồng"), "HĐ"),
    Kind("CV", _("Công văn"), ""),
    Kind("CĐ", _("Công điện"), "CĐ"),
    Kind("BGN", _("Bản ghi nhớ"), "BGN"),
    Kind("BTT", _("Bản thỏa thuận"), "BTT"),
    Kind("GUQ", _("Giấy ủy quyền"), "GUQ"),
    Kind("GM", _("Giấy mời"), "GM"),
    Kind("GGT", _("Giấy giới thiệu"), "GGT"),
    Kind("GNP", _("Giấy nghỉ phép"), "GNP"),
    Kind("PG", _("Phiếu gửi"), "PG"),
    Kind("PC", _("Phiếu chuyển"), "PC"),
    Kind("PB", _("Phiếu báo"), "PB"),
    Kind("THU", _("Thư công"), ""),
)
BY_CODE = {kind.code: kind for kind in KINDS}
BY_ABBREVIATION = {kind.abbreviation.upper(): kind for kind in KINDS if kind.abbreviation}
CHOICES = [(kind.code, kind.name) for kind in KINDS]

# "15/QĐ-UBND", "120/UBND-VP", "07/2024/NQ-HĐND" (a legal document carries its year).
NOTATION = re.compile(
    r"(?P<number>\d{1,6})\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    r"(?P<symbol>[A-Za-zĐđ0-9]+(?:\s*-\s*[A-Za-zĐđ0-9]+)*)"
)


def kind_of_notation(notation: str) -> Kind | None:
    """The kind a notation names ("15/QĐ-UBND" → Quyết định); a Công văn's notation
    starts with the agency ("120/UBND-VP"), so no abbreviation → Công văn."""
    found = NOTATION.fullmatch(notation.strip())
    if not found:
        return None
    first = re.split(r"\s*-\s*", found.group("symbol"))[0].upper()
    return BY_ABBREVIATION.get(first, BY_CODE["CV"])


def tidy_notation(notation: str) -> str:
    """One spelling of a notation: no spaces, "Đ" upper case ("15 / qđ - ubnd" →
    "15/QĐ-UBND"), so that duplicates are found whatever the clerk typed."""
    cleaned = re.sub(r"\s+", "", notation.strip())
    head, _sep, tail = cleaned.rpartition("/")
    tail = tail.upper()
    # The abbreviations with lower-case letters keep them (QyĐ, CTr, TTr).
    parts = tail.split("-")
    parts[0] = next((k.abbreviation for k in KINDS if k.abbreviation.upper() == parts[0]), parts[0])
    return f"{head}/{'-'.join(parts)}" if head else "-".join(parts)


# "số 15/QĐ-UBND", "Số: 120/UBND-VP": a document named in another one's text.
CITED = re.compile(r"[Ss][ốo]\s*:?\s*(" + NOTATION.pattern + r")")


def cited_notations(text: str, *, but: str = "", most: int = 50) -> list[str]:
    """The number/notations a text names, tidied, without ``but`` (its own)."""
    found: list[str] = []
    for match in CITED.finditer(text):
        notation = tidy_notation(match.group(1))
        if notation != but and notation not in found:
            found.append(notation)
        if len(found) == most:
            break
    return found
