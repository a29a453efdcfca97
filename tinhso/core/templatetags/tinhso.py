"""Small display filters in Vietnamese conventions."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats

from tinhso.core.text import display_phone

register = template.Library()


@register.filter
def in_fours(value: str) -> str:
    """A long code in groups of four, for typing it by hand: ABCD EFGH IJKL."""
    text = str(value)
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@register.filter
def phone(value: str) -> str:
    """+84912345678 → 0912 345 678."""
    return display_phone(value) if value else ""


@register.filter
def form_value(value: object) -> object:
    """Form answers as people read them: ISO dates become 01/11/2026."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value
