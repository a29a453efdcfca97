"""The IOC at scale: 10 000 000 observations on PostgreSQL.

1. Fills the database with N minute-by-minute observations of a bench indicator over
   the demo province's ten communes (SQL `generate_series`, then the roll-ups built
   with one `INSERT … SELECT … GROUP BY` per period — the same buckets the ingest
   keeps), skipped when already there.
2. Dashboard queries, median of 5: the KPI tile (24 h of hourly roll-ups for the
   province), the indicator page's 30-day daily and 36-month monthly series, the
   commune map's ten values — next to a raw `avg(value)` over the last 30 days of
   observations and `count(*)` over the table, in the same run.
3. Ingestion throughput for M fresh rows: the push API (gunicorn, 4 client threads,
   batches of 1000) and MQTT (Mosquitto on loopback, the `mqtt_ingest` worker, one
   QoS 1 message per reading), next to a raw `COPY` of the same number of rows.

    DATABASE_URL=postgres://… .venv/bin/python bench/ioc_bench.py [N] [M]

Use a scratch database: it adds rows and does not remove them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

import requests
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench.common import free_port, gunicorn, median_ms
from tinhso.core.apikeys import new_key
from tinhso.core.models import AdminUnit
from tinhso.ioc import dashboard, series
from tinhso.ioc.choices import Aggregation, Direction, Frequency, Sector
from tinhso.ioc.models import DataSource, Indicator, Observation, Station

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
M = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
CODE = "bench-pm25"
TZ = "Asia/Ho_Chi_Minh"


def setup() -> tuple[Indicator, list[AdminUnit], AdminUnit]:
    if not AdminUnit.objects.filter(code="99").exists():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    indicator, _ = Indicator.objects.get_or_create(
        code=CODE,
        defaults=dict(
            name="PM2.5 (bench)",
            name_en="PM2.5 (bench)",
            sector=Sector.ENVIRONMENT,
            unit="µg/m³",
            frequency=Frequency.MINUTE,
            time_aggregation=Aggregation.MEAN,
            area_aggregation=Aggregation.MEAN,
            direction=Direction.LOWER_BETTER,
            warning=50,
            critical=100,
        ),
    )
    communes = list(AdminUnit.objects.filter(parent__code="99").order_by("code"))
    return indicator, communes, AdminUnit.objects.get(code="99")


def fill(indicator: Indicator, communes: list[AdminUnit], n: int) -> None:
    have = Observation.objects.filter(indicator=indicator).count()
    if have >= n:
        print(f"database already holds {have:,} bench observations")
        return
    per_area = n // len(communes)
    end = timezone.now().replace(second=0, microsecond=0)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for area in communes:
            cursor.execute(
                """
                INSERT INTO ioc_observation (indicator_id, area_id, at, value, source, quality,
                                             revision, received_at)
                SELECT %s, %s, %s - make_interval(mins => g),
                       20 + 15 * sin(g / 240.0) + random() * 8, 'bench', 'good', 0, now()
                FROM generate_series(1, %s) AS g
                ON CONFLICT DO NOTHING
                """,
                [indicator.pk, area.pk, end, per_area],
            )
        print(
            f"generated {per_area * len(communes):,} observations in {time.perf_counter() - start:.0f} s"
        )
        start = time.perf_counter()
        for period in ("hour", "day", "month"):
            cursor.execute(
                f"""
                INSERT INTO ioc_rollup (indicator_id, area_id, period, start, count, total,
                                        minimum, maximum, last_value, last_at)
                SELECT indicator_id, area_id, %s,
                       date_trunc(%s, at AT TIME ZONE '{TZ}') AT TIME ZONE '{TZ}',
                       count(*), sum(value), min(value), max(value),
                       (array_agg(value ORDER BY at DESC))[1], max(at)
                FROM ioc_observation WHERE indicator_id = %s
                GROUP BY indicator_id, area_id, date_trunc(%s, at AT TIME ZONE '{TZ}')
                ON CONFLICT DO NOTHING
                """,
                [period, period, indicator.pk, period],
            )
        cursor.execute("ANALYZE ioc_observation; ANALYZE ioc_rollup")
    print(f"built the roll-ups in {time.perf_counter() - start:.0f} s")


def time_dashboard(indicator: Indicator, province: AdminUnit) -> None:
    now = timezone.now()

    def count() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM ioc_observation")
            cursor.fetchone()

    def raw_30_days() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT avg(value) FROM ioc_observation WHERE indicator_id = %s AND at >= %s",
                [indicator.pk, now - dt.timedelta(days=30)],
            )
            cursor.fetchone()

    print("dashboard queries over the roll-ups, median of 5:")
    for label, fn in [
        ("baseline: count(*) over all observations", count),
        ("baseline: raw avg(value) over the last 30 days", raw_30_days),
        (
            "KPI tile (24 h of hourly roll-ups, province)",
            lambda: dashboard.tile(indicator, province),
        ),
        (
            "30-day daily series, province",
            lambda: series.series(indicator, province, "day", now - dt.timedelta(days=30), now),
        ),
        (
            "36-month monthly series, province",
            lambda: series.series(indicator, province, "month", now - dt.timedelta(days=1100), now),
        ),
        ("commune map values (ten tiles)", lambda: dashboard.commune_values(indicator, province)),
    ]:
        print(f"    {label:<50} {median_ms(fn):9.1f} ms")


def fresh_rows(communes: list[AdminUnit], m: int) -> list[dict[str, object]]:
    """Rows older than the generated ones, so none collides with them."""
    base = timezone.localtime() - dt.timedelta(days=3 * 366)
    per_area = m // len(communes)
    return [
        {
            "indicator": CODE,
            "area": area.code,
            "time": (base - dt.timedelta(minutes=i)).isoformat(),
            "value": 20 + (i % 30),
        }
        for area in communes
        for i in range(per_area)
    ]


def copy_baseline(indicator: Indicator, communes: list[AdminUnit], m: int) -> float:
    """Raw COPY of m rows into a scratch table shaped like the observations."""
    connection.ensure_connection()
    raw = connection.connection
    base = timezone.now() - dt.timedelta(days=5 * 366)
    with raw.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE copy_bench (LIKE ioc_observation INCLUDING ALL)")
        start = time.perf_counter()
        with cursor.copy(
            "COPY copy_bench (indicator_id, area_id, at, value, source, quality, revision,"
            " received_at) FROM STDIN"
        ) as copy:
            now = timezone.now()
            for i in range(m):
                area = communes[i % len(communes)]
                copy.write_row(
                    (
                        indicator.pk,
                        area.pk,
                        base - dt.timedelta(minutes=i),
                        20.0,
                        "copy",
                        "good",
                        0,
                        now,
                    )
                )
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE copy_bench")
    raw.commit()
    return m / elapsed


def push_api(base_url: str, key: str, rows: list[dict[str, object]]) -> float:
    batches = [rows[i : i + 1000] for i in range(0, len(rows), 1000)]

    def send(batch: list[dict[str, object]]) -> None:
        response = requests.post(
            f"{base_url}/api/v1/ioc/observations",
            json={"observations": batch},
            headers={"X-Api-Key": key},
            timeout=120,
        )
        assert response.status_code == 200 and response.json()["created"] == len(batch), (
            response.text
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(send, batches))
    return len(rows) / (time.perf_counter() - start)


def mqtt(rows: list[dict[str, object]], indicator: Indicator) -> float | None:
    import paho.mqtt.client as paho

    broker_bin = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(broker_bin).exists():
        print("mosquitto is not installed: skipping the MQTT figure")
        return None
    stations = {s.area.code: s.code for s in Station.objects.select_related("area")}
    for area in {str(r["area"]) for r in rows} - set(stations):
        station = Station.objects.create(
            code=f"bench-{area}", name=f"bench {area}", area=AdminUnit.objects.get(code=area),
            latitude=0, longitude=0,
        )  # fmt: skip
        stations[area] = station.code
    port = free_port()
    folder = tempfile.mkdtemp()
    config = Path(folder, "mosquitto.conf")
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n")
    broker = subprocess.Popen([broker_bin, "-c", str(config)], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    env = {**os.environ, "MQTT_URL": f"mqtt://127.0.0.1:{port}", "MQTT_CLIENT_ID": "bench"}
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/python"), "manage.py", "mqtt_ingest"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        time.sleep(3)  # the worker connects and subscribes
        before = Observation.objects.filter(indicator=indicator).count()
        client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="bench-publisher")
        client.max_inflight_messages_set(1000)
        client.connect("127.0.0.1", port)
        client.loop_start()
        start = time.perf_counter()
        last = None
        for row in rows:
            body = {"station": stations[str(row["area"])], "time": row["time"], CODE: row["value"]}
            last = client.publish("tinhso/stations/bench/observations", json.dumps(body), qos=1)
        assert last is not None
        last.wait_for_publish(timeout=600)
        target = before + len(rows)
        while Observation.objects.filter(indicator=indicator).count() < target:
            if time.perf_counter() - start > 1800:
                raise RuntimeError("MQTT ingestion did not finish in 30 minutes")
            time.sleep(0.5)
        elapsed = time.perf_counter() - start
        client.loop_stop()
        client.disconnect()
        return len(rows) / elapsed
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=10)
        broker.terminate()
        broker.wait(timeout=10)


def main() -> None:
    call_command("migrate", verbosity=0)
    print(
        f"IOC bench — {connection.vendor}, {platform.node()}, {os.cpu_count()} CPU, N={N:,}, M={M:,}"
    )
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to PostgreSQL")
    indicator, communes, province = setup()
    fill(indicator, communes, N)
    time_dashboard(indicator, province)
    key, prefix, digest = new_key()
    source, _ = DataSource.objects.update_or_create(
        name="bench", defaults={"key_prefix": prefix, "key_hash": digest}
    )
    source.indicators.add(indicator)
    print(f"ingestion of {M:,} fresh rows (observations/s):")
    print(
        f"    baseline: raw COPY into a table like ioc_observation   {copy_baseline(indicator, communes, M):10,.0f}"
    )
    rows = fresh_rows(communes, M)
    with gunicorn({"LOG_LEVEL": "WARNING"}) as base_url:
        print(
            f"    push API (JSON batches of 1000, 4 client threads)     {push_api(base_url, key, rows):10,.0f}"
        )
    mqtt_rows = fresh_rows(communes, M // 5)
    for row in mqtt_rows:  # other minutes than the pushed rows
        row["time"] = (
            dt.datetime.fromisoformat(str(row["time"])) - dt.timedelta(days=200)
        ).isoformat()
    rate = mqtt(mqtt_rows, indicator)
    if rate is not None:
        print(
            f"    MQTT (QoS 1, one reading per message, {len(mqtt_rows):,} messages)   {rate:10,.0f}"
        )


if __name__ == "__main__":
    main()
