"""Roll-ups: per indicator, area and local hour/day/month, the count, sum, min, max
and last value of the observations, updated in the same transaction as the
observations, so charts over years read a few hundred rows instead of millions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from tinhso.core import localtime
from tinhso.ioc.choices import Frequency, Period
from tinhso.ioc.models import Observation, Rollup

FINE = (Frequency.MINUTE, Frequency.HOUR)
PERIODS_FOR = {
    Frequency.MINUTE: (Period.HOUR, Period.DAY, Period.MONTH),
    Frequency.HOUR: (Period.HOUR, Period.DAY, Period.MONTH),
    Frequency.DAY: (Period.DAY, Period.MONTH),
}
COARSE = (Period.MONTH,)  # monthly, quarterly and yearly values


def periods_for(frequency: str) -> tuple[str, ...]:
    return PERIODS_FOR.get(frequency, COARSE)  # type: ignore[call-overload, no-any-return]


def bucket_start(at: dt.datetime, period: str) -> dt.datetime:
    """The local-time start of the hour, day or month `at` falls in (a batch of 1000
    minute readings asks 3000 times: core.localtime's fast path)."""
    local = localtime.local(at)
    if period == Period.HOUR:
        local = local.replace(minute=0, second=0, microsecond=0)
    elif period == Period.DAY:
        local = local.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        local = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return local


def next_start(start: dt.datetime, period: str) -> dt.datetime:
    local = timezone.localtime(start)
    if period == Period.HOUR:
        return local + dt.timedelta(hours=1)
    if period == Period.DAY:
        return (local + dt.timedelta(days=1)).replace(hour=0)
    return (local.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Change:
    """One observation stored (old_value None) or revised (old_value its previous value)."""

    indicator_id: int
    area_id: int
    frequency: str
    at: dt.datetime
    value: float
    old_value: float | None = None


Key = tuple[int, int, str, dt.datetime]


def apply(changes: Iterable[Change]) -> int:
    """Fold the changes into their buckets; revised buckets are recomputed from the raw
    rows (a replaced minimum or maximum cannot be undone incrementally). Must run in
    the transaction that stored the observations; rows are locked, so concurrent
    ingesters add up instead of overwriting each other."""
    added: dict[Key, list[tuple[dt.datetime, float]]] = {}
    revised: set[Key] = set()
    for change in changes:
        for period in periods_for(change.frequency):
            key = (change.indicator_id, change.area_id, period, bucket_start(change.at, period))
            if change.old_value is None:
                added.setdefault(key, []).append((change.at, change.value))
            else:
                revised.add(key)
    keys = set(added) | revised
    if not keys:
        return 0
    Rollup.objects.bulk_create(
        [Rollup(indicator_id=i, area_id=a, period=p, start=s) for i, a, p, s in keys],
        ignore_conflicts=True,
    )
    found = Rollup.objects.select_for_update().filter(
        indicator_id__in={k[0] for k in keys},
        area_id__in={k[1] for k in keys},
        period__in={k[2] for k in keys},
        start__in={k[3] for k in keys},
    )
    rows = {(r.indicator_id, r.area_id, r.period, r.start): r for r in found}
    for key, values in added.items():
        if key in revised:
            continue
        row = rows[key]
        numbers = [v for _at, v in values]
        row.count += len(numbers)
        row.total += sum(numbers)
        row.minimum = min(numbers if row.minimum is None else [row.minimum, *numbers])
        row.maximum = max(numbers if row.maximum is None else [row.maximum, *numbers])
        latest_at, latest = max(values, key=lambda item: item[0])
        if row.last_at is None or latest_at >= row.last_at:
            row.last_at, row.last_value = latest_at, latest
    for key in revised:
        recompute(rows[key])
    Rollup.objects.bulk_update(
        [rows[k] for k in keys],
        ["count", "total", "minimum", "maximum", "last_value", "last_at"],
    )
    return len(keys)


def recompute(row: Rollup) -> None:
    raw = Observation.objects.filter(
        indicator_id=row.indicator_id,
        area_id=row.area_id,
        at__gte=row.start,
        at__lt=next_start(row.start, row.period),
    )
    totals = raw.aggregate(n=Count("pk"), total=Sum("value"), low=Min("value"), high=Max("value"))
    last = raw.order_by("-at").values_list("at", "value").first()
    row.count = totals["n"]
    row.total = totals["total"] or 0
    row.minimum, row.maximum = totals["low"], totals["high"]
    row.last_at, row.last_value = last if last else (None, None)
