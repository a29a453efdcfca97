import unicodedata

import phonenumbers


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


def format_number(value: float, decimals: int = 2) -> str:
    """A number as the active language writes it (vi: 1.234,5; en: 1,234.5), without
    trailing zeros — for text that is not a template (alerts, PDF tables)."""
    from django.utils.formats import get_format, number_format

    text = str(number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True))
    separator = str(get_format("DECIMAL_SEPARATOR"))
    if decimals and separator in text:
        text = text.rstrip("0").rstrip(separator)
    return text


def display_phone(e164: str) -> str:
    """+84912345678 → 0912 345 678, as Vietnamese people write it."""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
