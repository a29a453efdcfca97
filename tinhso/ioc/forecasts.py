"""Forecasts of monthly indicators with statsforecast.

AutoETS and AutoARIMA (yearly seasonality) are compared in a rolling-origin
back-test (the last few horizons, each forecast from the data before it); the one
with the lower MASE is fitted on all the data and forecasts with 80 % and 95 %
intervals. The seasonal-naive forecast ("same month last year") is back-tested the
same way and shown next to it, so leaders see whether the model is worth trusting.

`manage.py refresh_forecasts` recomputes them (monthly, after the month's figures).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tinhso.core.models import AdminUnit
from tinhso.ioc import series
from tinhso.ioc.choices import Frequency, Period
from tinhso.ioc.models import Forecast, Indicator
from tinhso.ioc.rollups import bucket_start

SEASON = 12
MODELS = ("AutoETS", "AutoARIMA")
BASELINE = "SeasonalNaive"
MIN_MONTHS = 2 * SEASON  # two years, so that a yearly season can be seen


def history(
    indicator: Indicator, area: AdminUnit, months: int = 60
) -> list[tuple[dt.datetime, float]]:
    now = timezone.now()
    since = bucket_start(now - dt.timedelta(days=31 * months), Period.MONTH)
    points = series.series(indicator, area, Period.MONTH, since, bucket_start(now, Period.MONTH))
    return [(t, v) for t, v in points if v is not None]


def _errors(actual: Any, predicted: Any, scale: float) -> dict[str, float]:
    """MAPE (%) and MASE. Written out: two lines of arithmetic over aligned arrays."""
    import numpy as np

    actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
    nonzero = actual != 0
    mape = float(np.mean(np.abs((actual[nonzero] - predicted[nonzero]) / actual[nonzero])) * 100)
    mase = float(np.mean(np.abs(actual - predicted)) / scale) if scale else float("inf")
    return {"mape": round(mape, 2), "mase": round(mase, 3)}


def compute(
    indicator: Indicator, area: AdminUnit, horizon: int = 6, windows: int = 2
) -> Forecast | None:
    """Back-test, choose, forecast and store; None when the history is too short."""
    import numpy as np
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, SeasonalNaive

    points = history(indicator, area)
    if len(points) < MIN_MONTHS + horizon:
        return None
    frame = pd.DataFrame(
        {
            "unique_id": indicator.code,
            "ds": [timezone.localtime(t).replace(tzinfo=None) for t, _v in points],
            "y": [v for _t, v in points],
        }
    )
    engine = StatsForecast(
        models=[
            AutoETS(season_length=SEASON),
            AutoARIMA(season_length=SEASON),
            SeasonalNaive(season_length=SEASON),
        ],
        freq="MS",
    )
    folds = engine.cross_validation(df=frame, h=horizon, n_windows=windows, step_size=horizon)
    # MASE's scale: the in-sample error of "same month last year" on the history.
    values = frame["y"].to_numpy()
    scale = float(np.mean(np.abs(values[SEASON:] - values[:-SEASON])))
    backtest = {name: _errors(folds["y"], folds[name], scale) for name in (*MODELS, BASELINE)}
    method = min(MODELS, key=lambda name: backtest[name]["mase"])
    future = engine.forecast(df=frame, h=horizon, level=[80, 95])
    tz = timezone.get_current_timezone()
    forecast_points = [
        {
            "start": dt.datetime.combine(row.ds.date(), dt.time.min, tz).isoformat(),
            "mean": round(float(getattr(row, method)), 3),
            "lo80": round(float(row[f"{method}-lo-80"]), 3),
            "hi80": round(float(row[f"{method}-hi-80"]), 3),
            "lo95": round(float(row[f"{method}-lo-95"]), 3),
            "hi95": round(float(row[f"{method}-hi-95"]), 3),
        }
        for _i, row in future.iterrows()
    ]
    stored, _created = Forecast.objects.update_or_create(
        indicator=indicator,
        area=area,
        defaults={"method": method, "points": forecast_points, "backtest": backtest},
    )
    return stored


def refresh_all() -> int:
    """Every monthly indicator, at the level it is reported for."""
    made = 0
    for indicator in Indicator.objects.filter(
        is_active=True, derived="", frequency=Frequency.MONTH
    ):
        for area in AdminUnit.objects.filter(
            pk__in=indicator.observations.values("area").distinct()
        ):
            made += compute(indicator, area) is not None
    return made
