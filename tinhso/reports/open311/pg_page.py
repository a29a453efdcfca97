"""A page of Open311 requests as JSON, written by PostgreSQL in one statement.

`GET requests.json` is what every city app and partner polls. Built in Python, a
100-request page spent most of its time compiling the ORM query, turning 300
timestamps into datetimes and back into text, and building dicts for the JSON encoder;
here PostgreSQL selects the page, formats each value and aggregates the document, and
Python passes the text on (the way PostgREST serves JSON). It answers exactly what
`reading.request_items` answers for `extensions=false`:
tests/reports/test_open311_pg_page.py compares both on random reports, time zones
included. XML, `extensions=true` and SQLite take the Python path.

Hand-written SQL because the ORM has no JSON aggregation of its own; the filters are
the ones `reading.matching` applies with the ORM.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from tinhso.core import localtime
from tinhso.reports.choices import CLOSED_STATUSES
from tinhso.reports.choices import ReportStatus as R

if TYPE_CHECKING:
    from tinhso.reports.open311.reading import Search


_CLOSED = sorted(s.value for s in CLOSED_STATUSES)


def available() -> bool:
    return connection.vendor == "postgresql"


def _iso(name: str) -> str:
    """Timestamp `name` as Python's ``isoformat(timespec="seconds")`` writes it in the
    province's zone: the local wall time `t.<name>_local`, then the offset
    `t.<name>_offset` (seconds) as ±HH:MM. The zone's offset of today comes as text
    (`usual`, the only one Viet Nam has had since 1975); any other offset — half hours
    and negative ones included — is spelled out here."""
    local, offset = f"t.{name}_local", f"t.{name}_offset"
    spelled = (
        f"CASE WHEN {offset} < 0 THEN '-' ELSE '+' END"
        f" || lpad((abs({offset}) / 3600)::text, 2, '0')"
        f" || ':' || lpad((mod(abs({offset}), 3600) / 60)::text, 2, '0')"
    )
    return (
        f"replace(date_trunc('second', {local})::text, ' ', 'T')"
        f" || CASE WHEN {offset} = %(usual_offset)s THEN %(usual)s ELSE {spelled} END"
    )


def _local_times(*names: str) -> str:
    """A LATERAL computing each timestamp's local time and offset once per row
    (`OFFSET 0` keeps PostgreSQL from folding it into each use)."""
    columns = []
    for name in names:
        columns.append(f"p.{name} AT TIME ZONE %(tz)s AS {name}_local")
        columns.append(
            f"extract(epoch FROM (p.{name} AT TIME ZONE %(tz)s)"
            f" - (p.{name} AT TIME ZONE 'UTC'))::int AS {name}_offset"
        )
    return f"CROSS JOIN LATERAL (SELECT {', '.join(columns)} OFFSET 0) t"


def _where(search: Search) -> tuple[str, dict[str, Any]]:
    clauses = ["r.is_public", "r.status <> %(hidden)s"]
    params: dict[str, Any] = {"hidden": R.HIDDEN.value, "closed": _CLOSED}
    if search.ids is not None:
        clauses.append("r.id = ANY(%(ids)s)")
        params["ids"] = search.ids
        return " AND ".join(clauses), params
    clauses.append("r.created_at BETWEEN %(start)s AND %(end)s")
    params.update(start=search.start, end=search.end)
    if search.codes is not None and len(search.codes) == 1:
        # `=` one id, not `IN`: then the (category, -created_at) index gives the order.
        clauses.append("r.category_id = (SELECT id FROM reports_category WHERE code = %(code)s)")
        params["code"] = search.codes[0]
    elif search.codes is not None:
        clauses.append(
            "r.category_id IN (SELECT id FROM reports_category WHERE code = ANY(%(codes)s))"
        )
        params["codes"] = search.codes
    if search.state == "open":
        clauses.append("NOT (r.status = ANY(%(closed)s))")
    elif search.state == "closed":
        clauses.append("r.status = ANY(%(closed)s)")
    return " AND ".join(clauses), params


def requests_json(search: Search, site: str, offset: int, limit: int) -> str:
    """The JSON array of `request_items(…, extensions=False)` for this page."""
    where, params = _where(search)
    usual = localtime.local(timezone.now()).utcoffset() or dt.timedelta(0)
    params.update(
        limit=limit,
        offset=offset,
        tz=settings.TIME_ZONE,
        usual_offset=int(usual.total_seconds()),
        usual=dt.datetime(2000, 1, 1, tzinfo=dt.timezone(usual)).isoformat()[19:],
        photos=f"{site}/reports/photos/",
    )
    sql = f"""
        WITH page AS (
            SELECT r.id, r.status, r.description, r.address, r.latitude, r.longitude,
                   r.created_at, r.updated_at, r.due_at, c.code, c.name AS service_name,
                   u.name AS unit_name
            FROM reports_report r
            JOIN reports_category c ON c.id = r.category_id
            LEFT JOIN core_orgunit u ON u.id = r.unit_id
            WHERE {where}
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT %(limit)s OFFSET %(offset)s
        )
        SELECT coalesce(json_agg(json_build_object(
            'service_request_id', p.id::text,
            'status', CASE WHEN p.status = ANY(%(closed)s) THEN 'closed' ELSE 'open' END,
            'status_notes', coalesce((
                SELECT n.note FROM reports_reportupdate n
                WHERE n.report_id = p.id AND NOT n.is_comment
                ORDER BY n.at DESC, n.id DESC LIMIT 1), ''),
            'service_name', p.service_name,
            'service_code', p.code,
            'description', p.description,
            'agency_responsible', p.unit_name,
            'service_notice', '',
            'requested_datetime', {_iso("created_at")},
            'updated_datetime', {_iso("updated_at")},
            'expected_datetime', {_iso("due_at")},
            'address', p.address,
            'address_id', '',
            'zipcode', '',
            'lat', p.latitude::float8,
            'long', p.longitude::float8,
            'media_url', coalesce(%(photos)s || (
                SELECT ph.id FROM reports_reportphoto ph
                WHERE ph.report_id = p.id AND ph.kind = 'report'
                ORDER BY ph.id LIMIT 1) || '/', '')
        ) ORDER BY p.created_at DESC, p.id DESC), '[]')::text
        FROM page p {_local_times("created_at", "updated_at", "due_at")}
    """  # noqa: S608 (fragments are constants; every value is a bound parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
