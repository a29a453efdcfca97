"""Forecasts on a seeded monthly series (trend, Tết and year-end peaks, noise)."""

import datetime as dt
import random

from django.utils import timezone

from tinhso.ioc import forecasts
from tinhso.ioc.ingest import ingest


def months_back(n):
    first = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    out = []
    for back in range(n, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        out.append(first.replace(year=year, month=month + 1))
    return out


def seed(months, noise=0.02):
    rng = random.Random(7)
    rows = []
    for i, month in enumerate(months_back(months)):
        season = {1: 1.25, 2: 0.85, 12: 1.3}.get(month.month, 1.0)
        value = 430 * 1.08 ** (i / 12) * season * rng.uniform(1 - noise, 1 + noise)
        rows.append(
            {"indicator": "thu-ngan-sach", "area": "01", "time": month.isoformat(), "value": value}
        )
    assert ingest(rows, source_name="seed").created == months


def test_a_forecast_with_intervals_and_its_backtest_next_to_the_baseline(revenue, places):
    seed(48)
    made = forecasts.compute(revenue, places["province"], horizon=6)
    assert made.method in ("AutoETS", "AutoARIMA")
    assert len(made.points) == 6
    first = made.points[0]
    assert first["lo95"] <= first["lo80"] <= first["mean"] <= first["hi80"] <= first["hi95"]
    next_month = dt.datetime.fromisoformat(first["start"])
    # The current month is not complete: it is the first one forecast.
    this_month = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    assert next_month == this_month
    assert set(made.backtest) == {"AutoETS", "AutoARIMA", "SeasonalNaive"}
    chosen = made.backtest[made.method]
    assert chosen["mase"] == min(made.backtest[m]["mase"] for m in forecasts.MODELS)
    assert chosen["mape"] >= 0
    # January's Tết peak is forecast above the months around it.
    by_month = {dt.datetime.fromisoformat(p["start"]).month: p["mean"] for p in made.points}
    if 1 in by_month and 3 in by_month:
        assert by_month[1] > by_month[3]


def test_too_short_a_history_makes_no_forecast(revenue, places):
    seed(20)
    assert forecasts.compute(revenue, places["province"]) is None
