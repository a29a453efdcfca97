"""How the axis is doing: calls, errors and latency per service and per consumer,
the providers' health, and what waits in the queue — for the console and the IOC.

Latency is read from a histogram the database counts in one query (buckets of
``BUCKETS_MS``), so the page costs the same whatever the traffic: a percentile is
given as the bucket it falls in ("≤ 250 ms"), which is what an operator acts on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import TruncHour
from django.utils import timezone

from tinhso.core import outbound
from tinhso.core.models import AdminUnit
from tinhso.exchange import local
from tinhso.exchange.models import DeliveryState, Exchange, QueuedMessage, Service

BUCKETS_MS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
# What counts as a failure of the axis or the provider (not a refusal of the caller).
FAILED = Q(status__gte=500)
# A service is failing when at least this share of at least MIN_CALLS calls failed, or
# its last health check did.
FAILING_SHARE = 0.5
MIN_CALLS = 3


@dataclass
class Traffic:
    key: str  # the service's or consumer's identifier
    calls: int = 0
    failed: int = 0
    refused: int = 0  # 4xx: the caller's or the rules' doing
    histogram: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS_MS) + 1))

    @property
    def failed_share(self) -> float:
        return self.failed / self.calls if self.calls else 0.0

    @property
    def p50(self) -> int | None:
        return self.percentile(0.5)

    @property
    def p95(self) -> int | None:
        return self.percentile(0.95)

    def percentile(self, share: float) -> int | None:
        """The upper bound (ms) of the bucket holding this share of calls; None above
        the last bucket or with no calls."""
        wanted, seen = share * self.calls, 0
        for bound, count in zip([*BUCKETS_MS, None], self.histogram, strict=True):
            seen += count
            if seen >= wanted and self.calls:
                return bound
        return None


def _bucket() -> Case:
    return Case(
        *(When(duration_ms__lte=bound, then=Value(i)) for i, bound in enumerate(BUCKETS_MS)),
        default=Value(len(BUCKETS_MS)),
        output_field=IntegerField(),
    )


def traffic(start: dt.datetime, end: dt.datetime, by: str = "service") -> list[Traffic]:
    """Per service (or per ``client``) in [start, end), busiest first: one query."""
    rows = (
        Exchange.objects.filter(at__gte=start, at__lt=end)
        .annotate(bucket=_bucket())
        .values(by, "bucket")
        .annotate(
            calls=Count("id"),
            failed=Count("id", filter=FAILED),
            refused=Count("id", filter=Q(status__gte=400, status__lt=500)),
        )
    )
    found: dict[str, Traffic] = {}
    for row in rows:
        item = found.setdefault(row[by] or "—", Traffic(row[by] or "—"))
        item.calls += row["calls"]
        item.failed += row["failed"]
        item.refused += row["refused"]
        item.histogram[row["bucket"]] += row["calls"]
    return sorted(found.values(), key=lambda t: (-t.calls, t.key))


def hourly(start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Calls and failures per hour, for the chart."""
    rows = (
        Exchange.objects.filter(at__gte=start, at__lt=end)
        .annotate(hour=TruncHour("at"))
        .values("hour")
        .annotate(calls=Count("id"), failed=Count("id", filter=FAILED))
        .order_by("hour")
    )
    out: dict[str, Any] = defaultdict(list)
    # The whole period on the axis, each bar an hour wide, however few hours had calls.
    out["range"] = [timezone.localtime(start).isoformat(), timezone.localtime(end).isoformat()]
    for row in rows:
        out["x"].append(timezone.localtime(row["hour"]).isoformat())
        out["calls"].append(row["calls"])
        out["failed"].append(row["failed"])
    return dict(out)


def failing_services(start: dt.datetime, end: dt.datetime) -> list[str]:
    """The active services that fail: by their calls in the window, or their last
    health check."""
    by_traffic = {
        t.key
        for t in traffic(start, end)
        if t.calls >= MIN_CALLS and t.failed_share >= FAILING_SHARE
    }
    unhealthy = {
        str(s.identifier)
        for s in Service.objects.select_related("subsystem__member").filter(
            is_active=True, health_ok=False
        )
    }
    return sorted(by_traffic | unhealthy)


def queue_counts() -> dict[str, int]:
    counts = QueuedMessage.objects.values("state").annotate(n=Count("id"))
    found = {row["state"]: row["n"] for row in counts}
    return {state: found.get(state, 0) for state in DeliveryState.values}


def check_providers() -> int:
    """Ask every active service's base address whether it answers (any HTTP answer is
    up; no answer, a refused address or a timeout is down). The number down."""
    down = 0
    for service in Service.objects.filter(is_active=True):
        if local.is_local(service.base_url):
            # Answered in this very process: up when its handler is installed.
            found = local.handler_for(service.base_url) is not None
            ok, error = found, "" if found else "no local handler"
        else:
            try:
                outbound.fetch("GET", service.base_url, timeout=5, max_bytes=65_536)
                ok, error = True, ""
            except outbound.OutboundRefused as refused:
                ok, error = False, refused.reason[:200]
        down += not ok
        Service.objects.filter(pk=service.pk).update(
            health_ok=ok, health_error=error, health_checked_at=timezone.now()
        )
    return down


def _province_only(area: AdminUnit) -> bool:
    # The axis is the province's: its figures belong to the top of the tree only.
    return area.parent_id is None


def failing_services_count(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    return float(len(failing_services(start, end))) if _province_only(area) else None


def undeliverable_messages(area: AdminUnit, start: dt.datetime, end: dt.datetime) -> float | None:
    if not _province_only(area):
        return None
    return float(QueuedMessage.objects.filter(state=DeliveryState.DEAD).count())
