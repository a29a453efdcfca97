"""Field reports at scale: 1 000 000 reports on PostgreSQL.

1. Fills the configured database with N generated reports over the demo province's
   communes and categories and the last 12 months, in every status (PostgreSQL COPY;
   skipped when the table already holds N), each with its public timeline (one update
   with a note per status it went through) and, for seven in ten, a photo row, as
   Open311's list reads them. Prints the COPY rate.
2. Times the two hot queries in the ORM, median of 5, next to `SELECT count(*)`:
   Open311 `GET requests` (status + service_code + 30-day window, up to 1000 rows,
   with the latest note and photo subqueries; built in Python, and written by
   PostgreSQL as the JSON path does) and the public map's bounding box.
3. Serves the project with gunicorn on 127.0.0.1 and loads with wrk (16
   connections, 10 s each): /healthz (an empty Django view, the framework's
   ceiling), `/open311/v2/requests.json` with those filters, and `/reports/map.json`
   for a commune-sized and a province-sized box. Prints req/s, p50, p95 and p99; then
   the 1000-row page with two connections (no queueing) for the latency one client sees.

    DATABASE_URL=postgres://… .venv/bin/python bench/reports_bench.py [N]

Use a scratch database: it adds rows and does not remove them.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # the in-process query timing

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from bench.common import gunicorn, have_wrk, median_ms, wrk
from tinhso.core import maps
from tinhso.reports import queries
from tinhso.reports.choices import ReportStatus as R
from tinhso.reports.models import Category, Report
from tinhso.reports.open311 import pg_page
from tinhso.reports.open311.reading import matching, read_search, request_items

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
STATUSES = [R.RESOLVED] * 5 + [R.NEW, R.ACCEPTED, R.IN_PROGRESS, R.CANNOT_FIX, R.DUPLICATE]
COLUMNS = (
    "public_id, category_id, show_name, reporter_name, latitude, longitude, address, "
    "description, attributes, commune_id, unit_id, status, source, created_at, updated_at, "
    "due_at, closed_at, rating, reopened_count, is_public, contact"
)


def fill(n: int) -> None:
    have = Report.objects.count()
    if have >= n:
        print(f"database already holds {have} reports")
        fill_timelines(random.Random(312))  # a database filled before timelines were
        return
    if connection.vendor != "postgresql":
        raise SystemExit("this bench fills the table with COPY: set DATABASE_URL to PostgreSQL")
    if not Category.objects.exists():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    categories = list(Category.objects.values_list("pk", flat=True))
    areas = [
        (a.unit_id, a.geometry.bounds)
        for a in maps.areas()  # the same polygons the routing uses
    ]
    from tinhso.core.models import OrgUnit

    units = {
        o.area_id: o.pk
        for o in OrgUnit.objects.filter(kind="peoples_committee", area_id__in=[a for a, _ in areas])
    }
    # Seeded by what is there already, so that topping up a table does not repeat its ids.
    rng = random.Random(311 + have)
    now = timezone.now()
    start = time.perf_counter()
    todo = n - have
    connection.ensure_connection()
    raw = connection.connection  # psycopg 3
    copy_sql = f"COPY reports_report ({COLUMNS}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for _ in range(todo):
            commune, (minx, miny, maxx, maxy) = rng.choice(areas)
            created = now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
            due = created + dt.timedelta(days=rng.choice([3, 5, 7]))
            status = rng.choice(STATUSES)
            closed = status in (R.RESOLVED, R.CANNOT_FIX, R.DUPLICATE)
            closed_at = created + dt.timedelta(hours=rng.uniform(2, 240)) if closed else None
            copy.write_row(
                (
                    uuid.UUID(int=rng.getrandbits(128)),
                    rng.choice(categories),
                    False,
                    "",
                    round(rng.uniform(miny, maxy), 6),
                    round(rng.uniform(minx, maxx), 6),
                    "",
                    "Phản ánh thử nghiệm hiệu năng",
                    "{}",
                    commune,
                    units[commune],
                    status,
                    "web",
                    created,
                    closed_at or created,
                    due,
                    closed_at,
                    rng.choice([None, None, 5, 4, 3]) if status == R.RESOLVED else None,
                    0,
                    True,
                    "{}",
                )
            )
    raw.commit()
    elapsed = time.perf_counter() - start
    print(f"generated {todo} reports with COPY in {elapsed:.1f} s ({todo / elapsed:,.0f} rows/s)")
    fill_timelines(rng)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE reports_report; ANALYZE reports_reportupdate; ANALYZE reports_reportphoto"
        )


# What the units write on a report's public timeline: a sentence or two, as in the demo.
NOTES = [
    "Đã tiếp nhận phản ánh, chuyển tổ công tác kiểm tra hiện trường trong ngày.",
    "Tổ công tác đã đến hiện trường, đang phối hợp với điện lực để thay bóng đèn.",
    "Đã xử lý xong: thay mới hai bóng đèn, kiểm tra lại toàn tuyến vào buổi tối.",
    "Phản ánh trùng với phản ánh đã tiếp nhận trước đó, hai phản ánh được gộp xử lý.",
    "Nội dung không thuộc thẩm quyền của phường, đã chuyển Sở Giao thông vận tải.",
    "Đã nhắc nhở hộ kinh doanh, yêu cầu thu dọn vật dụng lấn chiếm vỉa hè trước 17 giờ.",
]
STEPS = {
    R.NEW: [R.NEW],
    R.ACCEPTED: [R.NEW, R.ACCEPTED],
    R.IN_PROGRESS: [R.NEW, R.ACCEPTED, R.IN_PROGRESS],
    R.RESOLVED: [R.NEW, R.ACCEPTED, R.IN_PROGRESS, R.RESOLVED],
    R.CANNOT_FIX: [R.NEW, R.ACCEPTED, R.CANNOT_FIX],
    R.DUPLICATE: [R.NEW, R.DUPLICATE],
}


def fill_timelines(rng: random.Random) -> None:
    """Each report without a timeline gets one update per status it went through, with
    a public note, and seven in ten a photo row (the file itself is not needed: the
    list answers with the photo's URL)."""
    raw = connection.connection
    start = time.perf_counter()
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, r.status, r.created_at, r.updated_at FROM reports_report r "
            "WHERE NOT EXISTS (SELECT 1 FROM reports_reportupdate u WHERE u.report_id = r.id)"
        )
        reports = cursor.fetchall()
    updates = photos = 0
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY reports_reportupdate (report_id, status, note, is_comment, at) FROM STDIN"
        ) as copy:
            for report_id, status, created, updated in reports:
                steps = STEPS.get(status, [R.NEW])
                span = (updated - created) / max(len(steps) - 1, 1)
                for n, step in enumerate(steps):
                    note = "" if step == R.NEW else rng.choice(NOTES)
                    copy.write_row((report_id, step, note, False, created + span * n))
                    updates += 1
        with cursor.copy(
            "COPY reports_reportphoto (report_id, kind, image, width, height, created_at)"
            " FROM STDIN"
        ) as copy:
            for report_id, _status, created, _updated in reports:
                if rng.random() < 0.7:
                    copy.write_row(
                        (report_id, "report", f"reports/bench-{report_id}.jpg", 1280, 960, created)
                    )
                    photos += 1
    raw.commit()
    print(
        f"generated {updates:,} timeline updates and {photos:,} photo rows with COPY in "
        f"{time.perf_counter() - start:.1f} s"
    )


OPEN311_QUERY = {
    "status": "open",
    "service_code": "den-duong",
    "start_date": "",  # filled in main(): the last 30 days
    "end_date": "",
}
COMMUNE_BOX = "106.10,11.25,106.20,11.35"  # about one ward
PROVINCE_BOX = "106.05,11.00,106.50,11.40"  # the whole province at once


def time_queries() -> None:
    def count() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM reports_report")
            cursor.fetchone()

    request = RequestFactory().get("/open311/v2/requests.json", OPEN311_QUERY)

    def open311() -> int:
        return len(request_items(request, matching(read_search(request))[:1000]))

    def open311_sql() -> int:
        return len(pg_page.requests_json(read_search(request), "http://testserver", 0, 1000))

    def bbox(box: str) -> int:
        box_ = queries.parse_bbox(box)
        assert box_
        rows = queries.in_bbox(queries.public_reports(), box_).order_by("-created_at")
        return len(list(rows.values_list("public_id", "latitude", "longitude", "status")[:501]))

    print(
        f"  Open311 query returns {open311()} rows; map boxes {bbox(COMMUNE_BOX)}, {bbox(PROVINCE_BOX)}"
    )
    base = median_ms(count)
    print("query times, median of 5:")
    print(f"    baseline SELECT count(*) over the table     {base:8.1f} ms")
    for label, fn in [
        ("Open311 1000 requests (open, one service, 30 d)", open311),
        ("  the same, the JSON written by PostgreSQL", open311_sql),
        ("map bounding box, one ward", lambda: bbox(COMMUNE_BOX)),
        ("map bounding box, whole province", lambda: bbox(PROVINCE_BOX)),
    ]:
        ms = median_ms(fn)
        print(f"    {label:<44} {ms:8.1f} ms")


def time_http(seconds: int = 10, connections: int = 16) -> None:
    if not have_wrk():
        return
    with gunicorn({"REPORTS_PER_IP_HOUR": "100000000"}) as base:
        empty = wrk(f"{base}/healthz", seconds, connections)
        print(empty.line("/healthz (empty view, no database)"))
        for label, path in [
            (
                "Open311 requests.json (filters above)",
                f"/open311/v2/requests.json?{urlencode(OPEN311_QUERY)}",
            ),
            (
                "the same, page_size=100",
                f"/open311/v2/requests.json?{urlencode({**OPEN311_QUERY, 'page_size': 100})}",
            ),
            (
                "the same, page_size=100, XML (Python path)",
                f"/open311/v2/requests.xml?{urlencode({**OPEN311_QUERY, 'page_size': 100})}",
            ),
            ("map.json, one ward", f"/reports/map.json?bbox={COMMUNE_BOX}"),
            ("map.json, whole province", f"/reports/map.json?bbox={PROVINCE_BOX}"),
        ]:
            load = wrk(base + path, seconds, connections)
            print(load.line(label) + f"   ({load.rps / empty.rps:.2f} of the empty view)")
        # One request at a time per worker: the latency a client sees when it is not
        # queueing behind 15 others.
        full = f"/open311/v2/requests.json?{urlencode(OPEN311_QUERY)}"
        print("  two connections (one per worker), no queueing:")
        print(wrk(f"{base}/healthz", seconds, 2).line("/healthz"))
        print(wrk(base + full, seconds, 2).line("Open311 requests.json, 1000 rows"))


def main() -> None:
    call_command("migrate", verbosity=0)
    print(
        f"field-reports bench — {connection.vendor}, {platform.node()}, {os.cpu_count()} CPU, N={N}"
    )
    fill(N)
    now = timezone.now()
    OPEN311_QUERY["start_date"] = (now - dt.timedelta(days=30)).isoformat(timespec="seconds")
    OPEN311_QUERY["end_date"] = now.isoformat(timespec="seconds")
    time_queries()
    time_http()


if __name__ == "__main__":
    main()
