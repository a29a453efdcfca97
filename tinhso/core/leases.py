"""Leases in a row: which worker process holds which thing (a camera a vision worker
analyses, a station a broadcast scheduler airs) — for any model with ``claimed_by`` and
``claim_expires_at``.

A worker takes a free row (no lease, or an expired one) with a compare-and-set UPDATE,
so two workers — on one host or many, on SQLite or PostgreSQL — never hold the same
row; it renews its leases while it runs and releases them when it stops. A worker that
dies stops renewing, and its rows are free again once the lease ends. Leases are
operational bookkeeping, not decisions by a person, so they are not audited. (No
library: a lock service would be one more server for a commune's laptop to run.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone


def free(now: dt.datetime) -> Q:
    return Q(claim_expires_at__isnull=True) | Q(claim_expires_at__lte=now)


def take(rows: QuerySet[Any], worker: str, lease: dt.timedelta, limit: int) -> list[int]:
    """Up to ``limit`` of ``rows`` that were free, now this worker's; their ids."""
    now = timezone.now()
    taken: list[int] = []
    for pk in rows.filter(free(now)).order_by("pk").values_list("pk", flat=True)[: limit * 4]:
        if len(taken) >= limit:
            break
        won = rows.model._default_manager.filter(free(now), pk=pk).update(
            claimed_by=worker, claim_expires_at=now + lease
        )
        if won:  # another worker may have been quicker
            taken.append(pk)
    return taken


def renew(rows: QuerySet[Any], worker: str, lease: dt.timedelta) -> set[int]:
    """Extend this worker's leases that are still its own; the ids it still holds."""
    now = timezone.now()
    held = set(
        rows.filter(claimed_by=worker, claim_expires_at__gt=now).values_list("pk", flat=True)
    )
    rows.filter(pk__in=held, claimed_by=worker).update(claim_expires_at=now + lease)
    return held


def release(rows: QuerySet[Any], worker: str, **also: Any) -> None:
    """Give back this worker's leases among ``rows`` (setting ``also`` on them)."""
    rows.filter(claimed_by=worker).update(claimed_by="", claim_expires_at=None, **also)
