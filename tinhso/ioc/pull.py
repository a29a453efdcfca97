"""Scheduled pull: read each due PullSource's URL, map its fields, ingest.

Run `manage.py pull_sources` every minute (cron or a systemd timer); each source is
read when `every_minutes` have passed since its last run. A failure (unreachable,
HTTP error, unreadable body, rows refused) is recorded as an IngestProblem, kept on
the source as `last_error`, and the IOC viewers are told once when a source starts
failing and once when it recovers — never silently skipped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.choices import Role
from tinhso.accounts.staff import staff_anywhere
from tinhso.core import outbound
from tinhso.core.input_guard import BadInput, parse_json
from tinhso.core.notify import notify_all
from tinhso.core.shutdown import StopSignal
from tinhso.exchange import client as exchange
from tinhso.ioc import csvio
from tinhso.ioc.ingest import IngestResult, ingest
from tinhso.ioc.models import IngestProblem, PullSource

TIMEOUT = 30
MAX_BYTES = csvio.MAX_BYTES


class PullError(Exception):
    pass


def _dig(data: Any, path: str) -> Any:
    for part in [p for p in path.split(".") if p]:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isascii() and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            raise PullError(f"no '{path}' in the answer")
    return data


def _field(item: dict[str, Any], spec: str) -> Any:
    return spec[1:] if spec.startswith("=") else _dig(item, spec)


def fetch(source: PullSource) -> bytes:
    if source.axis_service:
        return _through_the_axis(source)
    try:
        status, body, _headers = outbound.fetch(
            "GET", source.url, headers=source.headers or {}, timeout=TIMEOUT, max_bytes=MAX_BYTES
        )
    except outbound.OutboundRefused as exc:
        # The source's operator may read why (it is their own URL), not a stranger.
        raise PullError(f"unreachable or refused ({exc.reason})") from None
    if status >= 400:
        raise PullError(f"HTTP {status}")
    return body


def _through_the_axis(source: PullSource) -> bytes:
    path, _sep, query = (source.axis_path or "/").partition("?")
    try:
        answer = exchange.call(
            settings.EXCHANGE_IOC_SUBSYSTEM, source.axis_service, path or "/", query=query
        )
    except exchange.Unavailable as unavailable:
        raise PullError(f"the data-exchange axis: {unavailable}") from None
    if answer.status >= 400:
        raise PullError(f"HTTP {answer.status} through the data-exchange axis")
    return answer.body


def rows(source: PullSource, body: bytes) -> list[dict[str, Any]]:
    mapping = source.mapping or {}
    if source.format == "csv":
        items, errors = csvio.read_any(body)
        if errors:
            raise PullError(errors[0].message)
    else:
        try:
            data = parse_json(body)
        except BadInput:  # also deep nesting, NaN, control characters
            raise PullError("the answer is not JSON") from None
        items = _dig(data, mapping.get("items", ""))
        if not isinstance(items, list):
            raise PullError("the mapped 'items' is not a list")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise PullError("an item is not an object")
        out.append(
            {
                key: _field(item, mapping.get(key, key))
                for key in ("indicator", "area", "time", "value")
            }
        )
    return out


def _tell(source: PullSource, template: str) -> None:
    people = staff_anywhere([Role.IOC_VIEWER])
    notify_all(people, template, {"source": source}, link=reverse("ioc:board"))


def run(source: PullSource, now: dt.datetime | None = None) -> IngestResult | None:
    """Read one source. The request is made outside any transaction; what it brings
    and the source's new state are then stored in one transaction, so a worker
    stopped half-way leaves the source as it was (read again next time)."""
    now = now or timezone.now()
    was_failing = bool(source.last_error)
    source.last_run_at = now
    connector = f"pull:{source.name}"[:40]
    try:
        found = rows(source, fetch(source))
        with transaction.atomic():
            result = ingest(found, source_name=f"pull:{source.name}"[:100])
            if result.errors:
                IngestProblem.objects.create(
                    connector=connector,
                    detail="; ".join(f"#{e.row} {e.message}" for e in result.errors)[:500],
                )
            source.last_ok_at, source.last_error = now, ""
            source.save(update_fields=["last_run_at", "last_ok_at", "last_error"])
            if was_failing:
                _tell(source, "ioc_pull_recovered")
    except (PullError, ValueError) as exc:
        with transaction.atomic():
            source.last_error = str(exc)[:500]
            source.save(update_fields=["last_run_at", "last_error"])
            IngestProblem.objects.create(connector=connector, detail=source.last_error)
            if not was_failing:
                _tell(source, "ioc_pull_failed")
        return None
    return result


def due(now: dt.datetime) -> list[PullSource]:
    """A handful of sources: checked in Python, the same on SQLite and PostgreSQL."""
    return [
        source
        for source in PullSource.objects.filter(is_active=True)
        if source.last_run_at is None
        or now - source.last_run_at >= dt.timedelta(minutes=source.every_minutes)
    ]


def run_due(now: dt.datetime | None = None, stop: StopSignal | None = None) -> int:
    """Read every source that is due; a stop request ends the round between sources."""
    now = now or timezone.now()
    count = 0
    for source in due(now):
        if stop is not None and stop.requested:
            break
        run(source, now)
        count += 1
    return count
