"""Accent- and case-insensitive search for Vietnamese text.

Vietnamese users often type without diacritics ("giay phep xay dung"). We fold
both the stored text and the query the same way and match with LIKE, which
works the same on SQLite and PostgreSQL (no unaccent extension needed).
"""

from __future__ import annotations

from tinhso.core.text import strip_diacritics


def fold(text: str) -> str:
    """'Giấy phép Xây dựng' → 'giay phep xay dung'."""
    return " ".join(strip_diacritics(text).lower().split())


def query_words(query: str, limit: int = 8) -> list[str]:
    return fold(query[:200]).split()[:limit]
