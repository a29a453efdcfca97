"""Ingestion: row-by-row checks, idempotent re-sends, revisions kept, roll-ups that
always equal the raw aggregates."""

import datetime as dt
import random

import pytest
from django.db.models import Avg, Count, Max, Min, Sum
from django.utils import timezone

from tinhso.ioc import rollups, series
from tinhso.ioc.ingest import ingest
from tinhso.ioc.models import Observation, ObservationRevision, Rollup

NOW = timezone.now().replace(second=0, microsecond=0)


def row(value, minutes_ago=0, area="01001", indicator="pm25", **extra):
    at = timezone.localtime(NOW - dt.timedelta(minutes=minutes_ago))
    return {"indicator": indicator, "area": area, "time": at.isoformat(), "value": value, **extra}


def test_good_rows_are_stored_and_bad_ones_named(pm25):
    result = ingest(
        [
            row(12.5),
            row("abc", 1),
            row(10, 2, indicator="khong-co"),
            row(10, 3, area="99999"),
            {**row(10, 4), "time": "hôm qua"},
            row(10, -60),  # an hour in the future
            row(float("nan"), 5),
            row("1e999", 6),
            row(11, 7, quality="tuyệt vời"),
            row(12.5),  # the same key again in the same batch
            "not a row",
            row("13,5", 8),  # a Vietnamese decimal comma
        ],
        source_name="test",
    )
    assert (result.created, result.replaced, result.unchanged) == (2, 0, 0)
    messages = {e.row: e.message for e in result.errors}
    assert messages[2] == "Giá trị không phải là số."
    assert "khong-co" in messages[3] and "99999" in messages[4]
    assert "Thời gian không hợp lệ" in messages[5] and "tương lai" in messages[6]
    assert messages[7] == messages[8] == "Giá trị không phải là số."
    assert "Chất lượng" in messages[9] and "Trùng với dòng 1" in messages[10]
    assert "không đúng dạng" in messages[11]
    assert sorted(Observation.objects.values_list("value", flat=True)) == [12.5, 13.5]


def test_a_resent_batch_changes_nothing_and_a_new_value_is_a_revision(pm25):
    batch = [row(20, 2), row(30, 1)]
    ingest(batch, source_name="a")
    again = ingest(batch, source_name="a")
    assert (again.created, again.replaced, again.unchanged) == (0, 0, 2)
    day = Rollup.objects.get(period="day")
    assert (day.count, day.total) == (2, 50)
    revised = ingest([row(40, 1)], source_name="b")
    assert revised.replaced == 1
    observation = Observation.objects.get(value=40)
    assert observation.revision == 1 and observation.source == "b"
    assert list(ObservationRevision.objects.values_list("value", "source")) == [(30, "a")]
    day.refresh_from_db()
    assert (day.count, day.total, day.maximum) == (2, 60, 40)


def test_rollups_equal_the_raw_aggregates(pm25, places):
    rng = random.Random(5)
    rows = [
        row(round(rng.uniform(5, 150), 1), minutes, area=rng.choice(["01001", "01004"]))
        for minutes in rng.sample(range(1, 3 * 24 * 60), 600)
    ]
    for start in range(0, 600, 150):  # in several batches, as a station would send
        ingest(rows[start : start + 150], source_name="s")
    fixed = ingest([{**rows[0], "value": 999}], source_name="fix")  # and one revision
    assert fixed.replaced == 1
    for rollup in Rollup.objects.all():
        raw = Observation.objects.filter(
            indicator=pm25,
            area_id=rollup.area_id,
            at__gte=rollup.start,
            at__lt=rollups.next_start(rollup.start, rollup.period),
        )
        expected = raw.aggregate(
            n=Count("pk"), total=Sum("value"), low=Min("value"), high=Max("value")
        )
        assert rollup.count == expected["n"]
        assert rollup.total == pytest.approx(expected["total"])
        assert (rollup.minimum, rollup.maximum) == (expected["low"], expected["high"])
        assert rollup.last_value == raw.order_by("-at").first().value
    # The province's daily mean is the mean of its communes' daily means.
    since, until = NOW - dt.timedelta(days=4), NOW + dt.timedelta(days=1)
    province = dict(series.series(pm25, places["province"], "day", since, until))
    for start, value in province.items():
        per_area = [
            Observation.objects.filter(
                area=area, at__gte=start, at__lt=rollups.next_start(start, "day")
            ).aggregate(m=Avg("value"))["m"]
            for area in (places["ward"], places["commune"])
        ]
        per_area = [v for v in per_area if v is not None]
        assert value == pytest.approx(sum(per_area) / len(per_area))


def test_buckets_are_local_days_and_months(pm25):
    # 23:30 on 31 January in Hà Nội time is still January, though it is 16:30 UTC.
    at = dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    ingest(
        [{"indicator": "pm25", "area": "01001", "time": at.isoformat(), "value": 1}],
        source_name="s",
    )
    month = Rollup.objects.get(period="month")
    assert timezone.localtime(month.start).date() == dt.date(2026, 1, 1)
    day = Rollup.objects.get(period="day")
    assert timezone.localtime(day.start).date() == dt.date(2026, 1, 31)


def test_a_ratio_is_the_ratio_of_the_sums_never_a_mean_of_ratios(places):
    from tests.ioc.conftest import monthly_sum
    from tinhso.ioc.choices import Aggregation

    def make(code, **extra):
        return monthly_sum(code, code, level="commune", **extra)

    spent, planned = make("da-giai-ngan"), make("ke-hoach")
    rate = make(
        "ti-le-giai-ngan",
        time_aggregation=Aggregation.RATIO,
        area_aggregation=Aggregation.RATIO,
        numerator=spent,
        denominator=planned,
    )
    month = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    when = (month - dt.timedelta(days=40)).replace(day=1).isoformat()
    ingest(
        [
            {"indicator": "da-giai-ngan", "area": "01001", "time": when, "value": 10},
            {"indicator": "ke-hoach", "area": "01001", "time": when, "value": 100},
            {"indicator": "da-giai-ngan", "area": "01004", "time": when, "value": 90},
            {"indicator": "ke-hoach", "area": "01004", "time": when, "value": 300},
        ],
        source_name="t",
    )
    since, until = month - dt.timedelta(days=90), month + dt.timedelta(days=31)
    (only,) = series.series(rate, places["province"], "month", since, until)
    assert only[1] == pytest.approx(25.0)  # (10 + 90) / (100 + 300), not mean(10 %, 30 %)
    (ward,) = series.series(rate, places["ward"], "month", since, until)
    assert ward[1] == pytest.approx(10.0)
