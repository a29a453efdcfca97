import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tinhso.core.calendar_data import load_calendar, read_calendar_csv
from tinhso.core.choices import CalendarDayKind
from tinhso.core.models import CalendarDay
from tinhso.core.workdays import WorkCalendar, add_working_days, is_working_day

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, h=9, minute=0):
    return dt.datetime(y, m, d, h, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def _shipped_calendar(request):
    # The data migration loads it; a transactional test before us may have flushed it.
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        load_calendar(CalendarDay)


@pytest.mark.django_db
def test_it_ships_holidays_for_2025_to_2027():
    years = {day.year for day in CalendarDay.objects.values_list("date", flat=True)}
    assert years == {2025, 2026, 2027}
    assert CalendarDay.objects.count() == len(read_calendar_csv())


@pytest.mark.django_db
def test_it_skips_the_weekend():
    # Friday 9:00 + 1 working day = Monday 9:00.
    assert add_working_days(at(2026, 11, 20), 1) == at(2026, 11, 23)


@pytest.mark.django_db
def test_it_skips_tet():
    # Friday 13/2/2026 + 1: the Tết week 16–20/2 is off, so Monday 23/2.
    assert add_working_days(at(2026, 2, 13), 1) == at(2026, 2, 23)
    assert not is_working_day(dt.date(2026, 2, 17))


@pytest.mark.django_db
def test_it_works_on_a_makeup_saturday():
    # 2025: Friday 2/5 was swapped for Saturday 26/4.
    assert is_working_day(dt.date(2025, 4, 26))
    assert not is_working_day(dt.date(2025, 5, 2))
    # Friday 25/4/2025 + 1 = the make-up Saturday 26/4.
    assert add_working_days(at(2025, 4, 25), 1) == at(2025, 4, 26)
    # Tuesday 29/4 + 1: 30/4, 1/5, 2/5 off, 3–4/5 weekend: Monday 5/5.
    assert add_working_days(at(2025, 4, 29), 1) == at(2025, 5, 5)


@pytest.mark.django_db
def test_a_day_off_counts_from_the_next_opening():
    # Received Saturday 21/11/2026 with 3 days: Mon, Tue, Wed counted -> Thursday 07:30.
    assert add_working_days(at(2026, 11, 21, 15), 3) == at(2026, 11, 26, 7, 30)


@pytest.mark.django_db
def test_an_admin_added_holiday_moves_deadlines():
    before = add_working_days(at(2027, 11, 23), 1)
    CalendarDay.objects.create(
        date=dt.date(2027, 11, 24), kind=CalendarDayKind.HOLIDAY, name="Ngày Văn hóa Việt Nam"
    )
    assert before == at(2027, 11, 24)
    assert add_working_days(at(2027, 11, 23), 1) == at(2027, 11, 25)


def test_zero_days_on_a_working_day_is_the_same_moment():
    calendar = WorkCalendar(set(), set())
    assert calendar.add_working_days(at(2026, 11, 18), 0) == at(2026, 11, 18)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        WorkCalendar(set(), set()).add_working_days(at(2026, 11, 18), -1)


def test_working_days_between_counts_only_working_days():
    calendar = WorkCalendar({dt.date(2026, 11, 24)}, set())
    # Fri 20 -> Wed 25: Mon 23 and Wed 25 (Tue 24 is a holiday here).
    assert calendar.working_days_between(dt.date(2026, 11, 20), dt.date(2026, 11, 25)) == 2


def test_the_result_keeps_the_vietnam_time_zone():
    result = WorkCalendar(set(), set()).add_working_days(at(2026, 11, 20, 16), 2)
    assert result.utcoffset() == dt.timedelta(hours=7)
