"""Working-day arithmetic for every legal deadline.

Monday to Friday are working days, except the holidays in ``CalendarDay``;
Saturdays (or Sundays) marked as make-up days are worked.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tinhso.core.choices import CalendarDayKind
from tinhso.core.models import CalendarDay

# Offices open at 07:30; a deadline that starts on a day off starts then.
OFFICE_OPENS = dt.time(7, 30)


class WorkCalendar:
    """A snapshot of the exceptions table, so a loop over days costs one query."""

    def __init__(self, holidays: set[dt.date], makeup_days: set[dt.date]) -> None:
        self.holidays = holidays
        self.makeup_days = makeup_days

    @classmethod
    def load(cls) -> WorkCalendar:
        holidays: set[dt.date] = set()
        makeup: set[dt.date] = set()
        for day, kind in CalendarDay.objects.values_list("date", "kind"):
            (holidays if kind == CalendarDayKind.HOLIDAY else makeup).add(day)
        return cls(holidays, makeup)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.makeup_days:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, moment: dt.datetime, days: int) -> dt.datetime:
        """The moment ``days`` working days after ``moment``, at the same time of day.

        A moment on a day off counts from the opening of the next working day,
        so a dossier received on Saturday with 3 working days is due on
        Thursday at 07:30 (Mon, Tue, Wed are the three days).
        """
        if days < 0:
            raise ValueError("days must be zero or more")
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        day = local.date()
        clock = local.timetz() if timezone.is_aware(moment) else local.time()
        if not self.is_working_day(day):
            day = self.next_working_day(day)
            clock = OFFICE_OPENS
        for _ in range(days):
            day = self.next_working_day(day)
        result = dt.datetime.combine(day, clock.replace(tzinfo=None))
        if timezone.is_aware(moment):
            return timezone.make_aware(result, timezone.get_current_timezone())
        return result

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many days of a deadline have passed."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def add_working_days(moment: dt.datetime, days: int) -> dt.datetime:
    return WorkCalendar.load().add_working_days(moment, days)


def is_working_day(day: dt.date) -> bool:
    return WorkCalendar.load().is_working_day(day)
