"""Reading indicator values for charts and tiles, from the roll-ups only.

A value for (indicator, area, period bucket) follows the indicator's rules: over
time by `time_aggregation` (sum, mean, last, max, min), over areas (a province from
its communes) by `area_aggregation`, and a ratio as numerator ÷ denominator of the
aggregated parts — never a mean of ratios.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from tinhso.core.models import AdminUnit
from tinhso.ioc.choices import Aggregation
from tinhso.ioc.models import Indicator, Rollup


def _time_value(rows: list[Rollup], how: str) -> float | None:
    """Combine the buckets of one area (e.g. the days of a month was not rolled up)."""
    rows = [r for r in rows if r.count]
    if not rows:
        return None
    if how == Aggregation.SUM:
        return sum(r.total for r in rows)
    if how == Aggregation.MEAN:
        return sum(r.total for r in rows) / sum(r.count for r in rows)
    if how == Aggregation.MAX:
        return max(r.maximum for r in rows if r.maximum is not None)  # type: ignore[type-var]
    if how == Aggregation.MIN:
        return min(r.minimum for r in rows if r.minimum is not None)  # type: ignore[type-var]
    latest = max(rows, key=lambda r: r.last_at or r.start)
    return latest.last_value


def _area_value(values: list[float], how: str) -> float | None:
    if not values:
        return None
    if how == Aggregation.SUM:
        return sum(values)
    if how == Aggregation.MEAN:
        return sum(values) / len(values)
    if how == Aggregation.MAX:
        return max(values)
    if how == Aggregation.MIN:
        return min(values)
    return values[-1] if len(values) == 1 else None  # "last"/"none" do not add up over areas


def _areas_under(area: AdminUnit) -> list[int]:
    return list(AdminUnit.objects.filter(path__startswith=area.path).values_list("pk", flat=True))


RowsOf = Callable[[int], list[Rollup]]


def rollups_for(
    indicators: Iterable[Indicator],
    area: AdminUnit,
    period: str,
    since: dt.datetime,
    until: dt.datetime,
) -> RowsOf:
    """The roll-ups of many indicators over one window in one query (the board's tiles),
    ratios' parts included; hand the result to ``series(..., rows_of=...)``."""
    ids: set[int] = set()
    for indicator in indicators:
        ids.add(indicator.pk)
        if indicator.time_aggregation == Aggregation.RATIO:
            ids.update(i for i in (indicator.numerator_id, indicator.denominator_id) if i)
    found: dict[int, list[Rollup]] = defaultdict(list)
    for row in Rollup.objects.filter(
        indicator_id__in=ids,
        area_id__in=_areas_under(area),
        period=period,
        start__gte=since,
        start__lt=until,
    ).order_by("start"):
        found[row.indicator_id].append(row)
    return lambda indicator_id: found.get(indicator_id, [])


def _rows(
    indicator: Indicator,
    area: AdminUnit,
    period: str,
    since: dt.datetime,
    until: dt.datetime,
    rows_of: RowsOf | None,
) -> list[Rollup]:
    """The indicator's roll-ups in the window, from ``rows_of`` or one query."""
    if rows_of is not None:
        return rows_of(indicator.pk)
    return list(
        Rollup.objects.filter(
            indicator=indicator,
            area_id__in=_areas_under(area),
            period=period,
            start__gte=since,
            start__lt=until,
        ).order_by("start")
    )


def latest_by_area(
    indicator: Indicator,
    area: AdminUnit,
    period: str,
    since: dt.datetime,
    until: dt.datetime,
    rows_of: RowsOf | None = None,
) -> list[float]:
    """The value of each area under ``area`` in the newest bucket that has data: what a
    tile's colour looks at besides the total (one ward at 210 in a province at 75)."""
    rows = _rows(indicator, area, period, since, until, rows_of)
    if not rows:
        return []
    newest = max(r.start for r in rows)
    by_area: dict[int, list[Rollup]] = defaultdict(list)
    for row in rows:
        if row.start == newest:
            by_area[row.area_id].append(row)
    values = (_time_value(r, indicator.time_aggregation) for r in by_area.values())
    return [v for v in values if v is not None]


def series(
    indicator: Indicator,
    area: AdminUnit,
    period: str,
    since: dt.datetime,
    until: dt.datetime,
    rows_of: RowsOf | None = None,
) -> list[tuple[dt.datetime, float | None]]:
    """(bucket start, value) for each bucket in [since, until) that has data; ``rows_of``
    gives roll-ups read beforehand (see ``rollups_for``) instead of a query."""
    if indicator.time_aggregation == Aggregation.RATIO:
        assert indicator.numerator and indicator.denominator
        top = dict(series(indicator.numerator, area, period, since, until, rows_of))
        bottom = dict(series(indicator.denominator, area, period, since, until, rows_of))
        out: list[tuple[dt.datetime, float | None]] = []
        for start in sorted(top):
            part, whole = top[start], bottom.get(start)
            if part is not None and whole:
                out.append((start, part / whole * indicator.ratio_scale))
        return out
    rows = _rows(indicator, area, period, since, until, rows_of)
    by_start: dict[dt.datetime, dict[int, list[Rollup]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_start[row.start][row.area_id].append(row)
    out = []
    for start in sorted(by_start):
        areas = by_start[start]
        if area.pk in areas:  # reported for the area itself: that is its value
            out.append((start, _time_value(areas[area.pk], indicator.time_aggregation)))
            continue
        per_area = [_time_value(rows, indicator.time_aggregation) for rows in areas.values()]
        values = [v for v in per_area if v is not None]
        out.append((start, _area_value(values, indicator.area_aggregation)))
    return out
