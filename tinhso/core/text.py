import unicodedata


def strip_diacritics(text: str) -> str:
    """'Đã nộp hồ sơ' → 'Da nop ho so' (case kept). đ/Đ do not decompose in Unicode."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )
