"""Taking in observations from any connector (push API, CSV, pull, MQTT, NGSI-LD).

Each row is checked on its own: good rows are stored, bad rows come back with
their number and the reason, and the caller decides what to show. A row re-sent
with the same value changes nothing (idempotent by indicator, area and time); a
different value replaces the old one, which is kept in the history. Observations,
roll-ups and alerts change in one transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from prometheus_client import Counter

from tinhso.core.models import AdminUnit
from tinhso.core.params import in_range, parse_moment
from tinhso.ioc import pg_insert, rollups
from tinhso.ioc.choices import Quality
from tinhso.ioc.models import DataSource, Indicator, Observation, ObservationRevision

MAX_ROWS = 50_000  # per call; larger files are split by the uploader
QUALITIES = frozenset(Quality.values)  # Quality.values builds a new list on each call


@dataclass
class RowError:
    row: int  # 1-based, as the sender counts
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "message": self.message}


@dataclass
class Clean:
    row: int
    indicator: Indicator
    area: AdminUnit
    at: dt.datetime
    value: float
    quality: str
    key: tuple[int, int, dt.datetime]  # (indicator, area, time): what makes it unique


# For /metrics (core/metrics.py): what came in, by outcome, counted once committed.
OBSERVATIONS = Counter(
    "tinhso_ioc_observations", "IOC observations received, by outcome.", ["outcome"]
)


def count_observations(stored: int, refused: int) -> None:
    OBSERVATIONS.labels(outcome="stored").inc(stored)
    OBSERVATIONS.labels(outcome="refused").inc(refused)


@dataclass
class IngestResult:
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


def parse_time(value: Any) -> dt.datetime | None:
    """An observation's time: ISO datetime, date or month (2026-01), naive meaning the
    province's time, within the years the platform deals in (core/params.py)."""
    if isinstance(value, dt.datetime):
        if not in_range(value.date()):
            return None
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    text = str(value or "").strip()[:40]
    if len(text) == 7:  # 2026-01: a month
        text += "-01"
    return parse_moment(text)


def check_rows(
    rows: Iterable[Mapping[str, Any]],
    source: DataSource | None = None,
    allowed_ids: set[int] | None = None,
) -> tuple[list[Clean], list[RowError]]:
    """Rows of {indicator, area, time, value[, quality]} → the good ones and the errors.

    Only the source's indicators (a data source), or `allowed_ids` (a person's upload),
    are accepted; neither given means the caller is trusted (the demo, connectors
    configured by an admin)."""
    rows = list(rows)
    if len(rows) > MAX_ROWS:
        return [], [RowError(0, _("Quá %(n)d dòng một lần; hãy chia nhỏ.") % {"n": MAX_ROWS})]
    mappings = [r for r in rows if isinstance(r, Mapping)]
    checker = _RowChecker(
        indicators={
            i.code: i
            for i in Indicator.objects.filter(
                code__in={str(r.get("indicator", "")).strip() for r in mappings}
            )
        },
        places={
            a.code: a
            for a in AdminUnit.objects.filter(
                code__in={str(r.get("area", "")).strip() for r in mappings}
            )
        },
        allowed=set(source.indicators.values_list("pk", flat=True)) if source else allowed_ids,
        latest=timezone.now() + dt.timedelta(minutes=settings.IOC_CLOCK_SKEW_MINUTES),
    )
    good: list[Clean] = []
    errors: list[RowError] = []
    for number, raw in enumerate(rows, start=1):
        checked = checker.check(number, raw)
        if isinstance(checked, Clean):
            good.append(checked)
        else:
            errors.append(RowError(number, checked))
    return good, errors


@dataclass
class _RowChecker:
    """The look-ups one batch shares, and the rows seen so far (for duplicates)."""

    indicators: dict[str, Indicator]
    places: dict[str, AdminUnit]
    allowed: set[int] | None
    latest: dt.datetime
    seen: dict[tuple[int, int, dt.datetime], int] = field(default_factory=dict)

    def check(self, number: int, raw: Any) -> Clean | str:
        """The clean row, or the message saying what is wrong with it."""
        if not isinstance(raw, Mapping):
            return _("Dòng không đúng dạng.")
        code = str(raw.get("indicator", "")).strip()
        indicator = self.indicators.get(code)
        if indicator is None or not indicator.is_active:
            return _("Không có chỉ số “%(code)s”.") % {"code": code[:60]}
        if indicator.derived:
            return _("Chỉ số “%(code)s” được tính tự động, không nhận gửi.") % {"code": code}
        if self.allowed is not None and indicator.pk not in self.allowed:
            return _("Không được gửi chỉ số “%(code)s”.") % {"code": code}
        area_code = str(raw.get("area", "")).strip()
        area = self.places.get(area_code)
        if area is None:
            return _("Không có đơn vị hành chính “%(code)s”.") % {"code": area_code[:20]}
        at = parse_time(raw.get("time"))
        if at is None:
            return _("Thời gian không hợp lệ (ISO 8601).")
        if at > self.latest:
            return _("Thời gian ở tương lai.")
        try:
            value = float(str(raw.get("value", "")).strip()[:60].replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            return _("Giá trị không phải là số.")
        refused = indicator.refuses(value)
        if refused:
            return refused
        quality = str(raw.get("quality") or Quality.GOOD)
        if quality not in QUALITIES:
            return _("Chất lượng dữ liệu không hợp lệ.")
        key = (indicator.pk, area.pk, at)
        if key in self.seen:
            return _("Trùng với dòng %(n)d trong cùng lần gửi.") % {"n": self.seen[key]}
        self.seen[key] = number
        return Clean(number, indicator, area, at, value, quality, key)


def _existing_locked(clean: list[Clean]) -> dict[tuple[int, int, dt.datetime], Observation]:
    """The stored observations the rows may replace, locked until the commit."""
    return {
        (o.indicator_id, o.area_id, o.at): o
        for o in Observation.objects.select_for_update().filter(
            indicator__in={c.indicator.pk for c in clean},
            area__in={c.area.pk for c in clean},
            at__gte=min(c.at for c in clean),
            at__lte=max(c.at for c in clean),
        )
    }


def _newest(clean: list[Clean]) -> list[Clean]:
    newest: dict[tuple[int, int], Clean] = {}
    for c in clean:
        key = c.key[:2]
        if key not in newest or c.at > newest[key].at:
            newest[key] = c
    return list(newest.values())


def _unsaved(c: Clean, source_name: str) -> Observation:
    return Observation(
        indicator=c.indicator,
        area=c.area,
        at=c.at,
        value=c.value,
        source=source_name,
        quality=c.quality,
    )


@transaction.atomic
def store(clean: list[Clean], source_name: str) -> IngestResult:
    from tinhso.ioc import alerts

    result = IngestResult()
    if not clean:
        return result
    source_name = source_name[:100]
    inserted: list[Clean] = []
    if pg_insert.available():
        # New rows and their roll-ups in one statement; what already existed goes on
        # below (compare, keep the history, recompute its buckets).
        already_there = pg_insert.insert_new(clean, source_name)
        if already_there:
            kept = {id(c) for c in already_there}
            inserted = [c for c in clean if id(c) not in kept]
        else:
            inserted = clean
        clean = already_there
    existing = _existing_locked(clean) if clean else {}
    new: list[Observation] = []
    replaced: list[Observation] = []
    history: list[ObservationRevision] = []
    changes: list[rollups.Change] = []
    for c in clean:
        old = existing.get(c.key)
        if old is None:
            new.append(_unsaved(c, source_name))
            changes.append(
                rollups.Change(c.indicator.pk, c.area.pk, c.indicator.frequency, c.at, c.value)
            )
        elif old.value == c.value and old.quality == c.quality:
            result.unchanged += 1
        else:
            history.append(
                ObservationRevision(
                    observation=old, value=old.value, source=old.source, quality=old.quality
                )
            )
            changes.append(
                rollups.Change(
                    c.indicator.pk, c.area.pk, c.indicator.frequency, c.at, c.value, old.value
                )
            )
            old.value, old.quality, old.source = c.value, c.quality, source_name
            old.revision += 1
            replaced.append(old)
    Observation.objects.bulk_create(new, batch_size=2000)
    Observation.objects.bulk_update(
        replaced, ["value", "quality", "source", "revision"], batch_size=2000
    )
    ObservationRevision.objects.bulk_create(history, batch_size=2000)
    rollups.apply(changes)
    result.created, result.replaced = len(inserted) + len(new), len(replaced)
    # The alert rules look at the newest value of each indicator and area only: no
    # need to build an Observation for each of a thousand inserted rows.
    alerts.evaluate([_unsaved(c, source_name) for c in _newest(inserted)] + new + replaced)
    return result


def ingest(
    rows: Iterable[Mapping[str, Any]],
    *,
    source_name: str,
    source: DataSource | None = None,
    allowed_ids: set[int] | None = None,
) -> IngestResult:
    """Check every row, store the good ones; the errors name the bad rows."""
    clean, errors = check_rows(rows, source, allowed_ids)
    result = store(clean, source_name)
    result.errors = errors
    stored, refused = result.created + result.replaced, len(errors)
    transaction.on_commit(lambda: count_observations(stored, refused))
    if source is not None:
        DataSource.objects.filter(pk=source.pk).update(last_seen_at=timezone.now())
    return result
