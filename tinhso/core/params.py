"""Parsing numbers and dates that people and machines send, in one place.

Python's parsers accept more than we can use: ``"²".isdigit()`` is True (and
``int("²")`` fails), ``date(1, 1, 1)`` exists but moving it to UTC overflows, a page
number of 10^18 overflows the database's integer, ``float("nan")`` compares false
with everything. These helpers accept only what the platform can store and compute
with, and say why otherwise (``BadParam`` carries a message fit to show).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

# Dates the platform deals in. Wide enough for any record (births, old land titles),
# narrow enough that no time-zone shift or timedelta leaves Python's range.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
# The largest integer every database we run stores (PostgreSQL's bigint).
MAX_BIGINT = 2**63 - 1

ASCII_INT = re.compile(r"^[+-]?[0-9]{1,18}$")


class BadParam(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def ascii_int(text: object, *, minimum: int | None = None, maximum: int = MAX_BIGINT) -> int | None:
    """An integer written with ASCII digits within bounds, else None."""
    value = str(text).strip()
    if not ASCII_INT.match(value):
        return None
    number = int(value)
    if (minimum is not None and number < minimum) or number > maximum:
        return None
    return number


def finite(value: object, *, minimum: float, maximum: float) -> float | None:
    """A finite number within bounds (NaN, ±Infinity and 1e308 are not), else None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number) or not minimum <= number <= maximum:
        return None
    return number


def in_range(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def parse_day(text: str) -> dt.date | None:
    """An ISO date (2026-11-29) within the platform's range, else None."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if in_range(day) else None


def parse_moment(text: str, *, date_only: bool = True) -> dt.datetime | None:
    """An ISO datetime (naive means Vietnam's time) or, if allowed, a date (its start),
    within the platform's range; an aware datetime, else None."""
    text = text.strip()
    try:
        moment = parse_datetime(text)
    except ValueError:  # well-formed but impossible: 2026-02-30T10:00
        return None
    if moment is None and date_only:
        day = parse_day(text)
        moment = dt.datetime.combine(day, dt.time.min) if day else None
    if moment is None or not in_range(moment.date()):
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def require_moment(text: str, field: str) -> dt.datetime:
    moment = parse_moment(text)
    if moment is None:
        raise BadParam(
            _("%(field)s phải là ngày giờ ISO 8601 từ năm %(a)d đến %(b)d.")
            % {"field": field, "a": EARLIEST.year, "b": LATEST.year}
        )
    return moment
