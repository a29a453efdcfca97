"""What the leaders' page shows: a tile per indicator (latest value, target, level
colour, trend, sparkline), series for charts, values per commune for the map.
Everything reads roll-ups (or the derived functions), never raw observations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tinhso.core import derived
from tinhso.core.choices import COMMUNE_KINDS
from tinhso.core.models import AdminUnit
from tinhso.ioc import series
from tinhso.ioc.choices import (
    SEVERITY,
    Aggregation,
    AlertStatus,
    Frequency,
    Level,
    Period,
    TileLevel,
)
from tinhso.ioc.models import Alert, Indicator
from tinhso.ioc.rollups import bucket_start, next_start

RANGES = {
    "24h": dt.timedelta(hours=24),
    "7d": dt.timedelta(days=7),
    "30d": dt.timedelta(days=30),
    "12m": dt.timedelta(days=366),
    "36m": dt.timedelta(days=3 * 366),
}


def period_for(indicator: Indicator, span: dt.timedelta) -> str:
    """The bucket size a chart of this span uses: hours for a day, days for a month…"""
    fine = indicator.frequency in (Frequency.MINUTE, Frequency.HOUR)
    if fine and span <= dt.timedelta(days=2):
        return Period.HOUR
    if indicator.frequency in (
        Frequency.MINUTE,
        Frequency.HOUR,
        Frequency.DAY,
    ) and span <= dt.timedelta(days=62):
        return Period.DAY
    return Period.MONTH


def default_range(indicator: Indicator) -> str:
    return "24h" if indicator.frequency in (Frequency.MINUTE, Frequency.HOUR) else "36m"


@dataclass
class Tile:
    indicator: Indicator
    value: float | None
    at: dt.datetime | None
    level: str
    trend: str  # up / down / flat / ""
    good_trend: bool | None
    points: list[tuple[dt.datetime, float | None]] = field(default_factory=list)

    @property
    def when(self) -> str:
        """The period the value is for, as people name it: 10/2026, 23/11/2026, 14:05 23/11."""
        if self.at is None:
            return ""
        local = timezone.localtime(self.at)
        if self.indicator.frequency in (Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR):
            return f"{local:%m/%Y}"
        if self.indicator.frequency == Frequency.DAY:
            return f"{local:%d/%m/%Y}"
        return f"{local:%H:%M %d/%m/%Y}"

    @property
    def level_label(self) -> str:
        return str(TileLevel(self.level).label)

    @property
    def sparkline(self) -> str:
        """SVG polyline points (100 × 30 box) for a tiny inline chart, no JS needed."""
        values = [v for _t, v in self.points if v is not None]
        if len(values) < 2:
            return ""
        low, high = min(values), max(values)
        spread = (high - low) or 1
        step = 100 / (len(values) - 1)
        return " ".join(
            f"{i * step:.1f},{30 - (v - low) / spread * 28 - 1:.1f}" for i, v in enumerate(values)
        )


def derived_series(
    indicator: Indicator, area: AdminUnit, since: dt.datetime, until: dt.datetime
) -> list[tuple[dt.datetime, float | None]]:
    """Month by month (the current month so far) from the platform's tables."""
    out = []
    start = bucket_start(since, Period.MONTH)
    while start < until:
        end = min(next_start(start, Period.MONTH), timezone.now())
        out.append((start, derived.value(indicator.derived, area, start, end)))
        start = next_start(start, Period.MONTH)
    return out


def values_over(
    indicator: Indicator,
    area: AdminUnit,
    span: dt.timedelta,
    now: dt.datetime | None = None,
    rows_of: series.RowsOf | None = None,
) -> tuple[str, list[tuple[dt.datetime, float | None]]]:
    now = now or timezone.now()
    if indicator.derived:
        # Backlogs ("open now") have no history: one point, now.
        months = min(span, dt.timedelta(days=366))
        return Period.MONTH, derived_series(indicator, area, now - months, now)
    period, since = window(indicator, span, now)
    return period, series.series(indicator, area, period, since, now, rows_of)


def window(indicator: Indicator, span: dt.timedelta, now: dt.datetime) -> tuple[str, dt.datetime]:
    """The bucket size and the first bucket a chart of ``span`` up to ``now`` reads."""
    period = period_for(indicator, span)
    return period, bucket_start(now - span, period)


FAST = (Frequency.MINUTE, Frequency.HOUR, Frequency.DAY)


def tile_span(indicator: Indicator, span: dt.timedelta | None) -> dt.timedelta:
    """`span` (the board's time range) applies to minute, hour and day data; monthly and
    slower indicators always show their last twelve months."""
    natural = (
        RANGES["24h"]
        if indicator.frequency in (Frequency.MINUTE, Frequency.HOUR)
        else RANGES["12m"]
    )
    return span if span is not None and indicator.frequency in FAST else natural


def alert_levels(area: AdminUnit) -> dict[int, str]:
    """The worst open alert of each indicator in the area and below (one query)."""
    worst: dict[int, str] = {}
    for indicator_id, level in Alert.objects.filter(
        area__path__startswith=area.path,
        status__in=(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED),
    ).values_list("indicator_id", "level"):
        worst[indicator_id] = worse(worst.get(indicator_id, Level.OK), level)
    return worst


def worse(a: str, b: str) -> str:
    return a if SEVERITY.get(a, 0) >= SEVERITY.get(b, 0) else b


def tiles(
    indicators: list[Indicator], area: AdminUnit, span: dt.timedelta | None = None
) -> list[Tile]:
    """Every tile of the board, reading the roll-ups in one query per window (a few),
    not one per indicator, and the open alerts in one more."""
    now = timezone.now()
    alerted = alert_levels(area)
    groups: dict[tuple[str, dt.datetime], list[Indicator]] = {}
    for indicator in indicators:
        if not indicator.derived:
            key = window(indicator, tile_span(indicator, span), now)
            groups.setdefault(key, []).append(indicator)
    readers = {
        indicator.pk: reader
        for (period, since), members in groups.items()
        for reader in [series.rollups_for(members, area, period, since, now)]
        for indicator in members
    }
    return [tile(i, area, now, span, readers.get(i.pk), alerted.get(i.pk)) for i in indicators]


def tile(
    indicator: Indicator,
    area: AdminUnit,
    now: dt.datetime | None = None,
    span: dt.timedelta | None = None,
    rows_of: series.RowsOf | None = None,
    alert_level: str | None = None,
) -> Tile:
    now = now or timezone.now()
    _period, points = values_over(indicator, area, tile_span(indicator, span), now, rows_of)
    known = [(t, v) for t, v in points if v is not None]
    value, at = (known[-1][1], known[-1][0]) if known else (None, None)
    if indicator.derived and at is not None and at >= bucket_start(now, Period.MONTH):
        at = now  # a figure of now ("open now"), not of the month's first day
    trend, good = "", None
    if len(known) >= 2:
        before = known[-2][1]
        if value is not None and before is not None:
            trend = "up" if value > before else "down" if value < before else "flat"
            higher_good = indicator.direction == "higher_better"
            good = None if trend == "flat" else (trend == "up") == higher_good
    level = tile_level(indicator, area, value, now, span, rows_of, alert_level)
    return Tile(indicator, value, at, level, trend, good, points[-24:])


def tile_level(
    indicator: Indicator,
    area: AdminUnit,
    value: float | None,
    now: dt.datetime,
    span: dt.timedelta | None,
    rows_of: series.RowsOf | None,
    alert_level: str | None,
) -> str:
    """The worst of: the tile's own value (at the level its thresholds are set for),
    each area's newest value under it, and its open alerts. Without thresholds or
    without data it says so, in grey."""
    rated = indicator.warning is not None or indicator.critical is not None
    level = worse(level_at(indicator, area, value), alert_level or Level.OK)
    if rated and not indicator.derived and indicator.time_aggregation != Aggregation.RATIO:
        period, since = window(indicator, tile_span(indicator, span), now)
        for each in series.latest_by_area(indicator, area, period, since, now, rows_of):
            level = worse(level, indicator.level_of(each))
    if level != Level.OK:
        return level
    if value is None:
        return TileLevel.NO_DATA
    return TileLevel.OK if rated else TileLevel.UNRATED


def level_at(indicator: Indicator, area: AdminUnit, value: float | None) -> str:
    """Thresholds are set for the level an indicator is reported at: 20 dengue cases
    is alarming for a commune, not for a province's sum of ten communes."""
    summed_up = indicator.area_aggregation == Aggregation.SUM and (
        indicator.level in ("commune", "ward", "special_zone") and area.kind not in COMMUNE_KINDS
    )
    return Level.OK if summed_up else indicator.level_of(value)


def commune_values(indicator: Indicator, province: AdminUnit) -> list[dict[str, Any]]:
    """The latest value of each commune, for the map's colours."""
    now = timezone.now()
    communes = AdminUnit.objects.filter(parent=province, kind__in=COMMUNE_KINDS, is_active=True)
    reader_for = _commune_readers(indicator, province, now)
    out = []
    for commune in communes:
        item = tile(indicator, commune, now, None, reader_for(commune))
        out.append(
            {
                "code": commune.code,
                "name": commune.name,
                "value": item.value,
                "level": item.level if item.value is not None else "none",
            }
        )
    return out


def _commune_readers(
    indicator: Indicator, province: AdminUnit, now: dt.datetime
) -> Callable[[AdminUnit], series.RowsOf | None]:
    """The province's roll-ups read once, then handed to each commune filtered to its
    own areas: one query for the whole map instead of one per commune."""
    if indicator.derived:
        return lambda commune: None
    period, since = window(indicator, tile_span(indicator, None), now)
    rows_of = series.rollups_for([indicator], province, period, since, now)
    paths = list(AdminUnit.objects.filter(path__startswith=province.path).values_list("pk", "path"))

    def reader(commune: AdminUnit) -> series.RowsOf:
        under = {pk for pk, path in paths if path.startswith(commune.path)}
        return lambda indicator_id: [r for r in rows_of(indicator_id) if r.area_id in under]

    return reader


LEVEL_ORDER: dict[str, int] = {level: n for n, level in enumerate(TileLevel.values)}
