import unicodedata


def strip_diacritics(text: str) -> str:
    """'Đã nộp hồ sơ' → 'Da nop ho so' (case kept). đ/Đ do not decompose in Unicode."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )


# Vietnamese users often type without diacritics ("giay phep xay dung"). Search
# folds both the stored text and the query the same way and matches with LIKE,
# which works the same on SQLite and PostgreSQL (no unaccent extension needed).
def fold(text: str) -> str:
    """'Giấy phép Xây dựng' → 'giay phep xay dung'."""
    return " ".join(strip_diacritics(text).lower().split())


def query_words(query: str, limit: int = 8) -> list[str]:
    return fold(query[:200]).split()[:limit]
