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
   batches of 1000) next to a raw `COPY` of the same number of rows; MQTT (Mosquitto
   on loopback with its default limits, the `mqtt_ingest` worker, QoS 1) for M/2
   readings one per message and M/2 twenty per message, each next to a bare MQTT 5
   subscriber that only receives and acknowledges the same messages.

    DATABASE_URL=postgres://… .venv/bin/python bench/ioc_bench.py [N] [M]

Use a scratch database: it adds rows and does not remove them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

import requests
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench.common import free_port, gunicorn, median_ms, wait_for_port
from tinhso.core.apikeys import new_key
from tinhso.core.models import AdminUnit
from tinhso.ioc import dashboard, series
from tinhso.ioc.choices import Aggregation, Direction, Frequency, Sector
from tinhso.ioc.models import DataSource, Indicator, Observation, Station

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
M = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
CODE = "bench-pm25"
TOPIC = "tinhso/stations/bench/observations"
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


@contextlib.contextmanager
def mosquitto() -> Iterator[int]:
    """A broker on loopback with Mosquitto's default limits; yields its port."""
    broker_bin = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    config = Path(tempfile.mkdtemp(), "mosquitto.conf")
    # sys_interval 1: $SYS/broker/clients/connected every second (wait_for_clients).
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nsys_interval 1\n")
    broker = subprocess.Popen([broker_bin, "-c", str(config)], stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield port
    finally:
        broker.terminate()
        broker.wait(timeout=10)


def publish_all(port: int, payloads: list[bytes]) -> None:
    """QoS 1, up to 1000 in flight; returns once the broker confirmed every one."""
    import paho.mqtt.client as paho

    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="bench-publisher")
    client.max_inflight_messages_set(1000)
    connected = threading.Event()
    client.on_connect = lambda *args: connected.set()
    client.connect("127.0.0.1", port)
    client.loop_start()
    connected.wait(10)
    sent = [client.publish(TOPIC, payload, qos=1) for payload in payloads]
    for info in sent:
        info.wait_for_publish(timeout=600)
    client.loop_stop()
    client.disconnect()


def bare_subscriber(port: int, count: int) -> Callable[[], None]:
    """Baseline: an MQTT 5 subscriber that only receives and acknowledges, in batches
    as the worker does, with no database; returns a function that waits for `count`."""
    import paho.mqtt.client as paho
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    client = paho.Client(
        paho.CallbackAPIVersion.VERSION2, client_id="bench-bare", protocol=paho.MQTTv5,
        manual_ack=True,
    )  # fmt: skip
    received: list[Any] = []
    lock = threading.Lock()

    def on_message(_client: Any, _userdata: Any, message: Any) -> None:
        with lock:
            received.append(message)

    client.on_message = on_message
    subscribed = threading.Event()
    client.on_subscribe = lambda *args: subscribed.set()
    session = Properties(PacketTypes.CONNECT)
    session.ReceiveMaximum = 65535  # as the worker asks
    client.connect("127.0.0.1", port, properties=session)
    client.subscribe(TOPIC, 1)
    client.loop_start()
    subscribed.wait(10)

    def wait() -> None:
        acknowledged = 0
        deadline = time.monotonic() + 600
        while acknowledged < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the broker delivered {acknowledged} of {count} messages")
            time.sleep(0.05)
            with lock:
                batch = received[:]
                received.clear()
            for message in batch:
                client.ack(message.mid, message.qos)
            acknowledged += len(batch)
        client.loop_stop()
        client.disconnect()

    return wait


def mqtt_payloads(rows: list[dict[str, object]], per_message: int) -> list[bytes]:
    """One reading per message, or `per_message` readings in a list (a gateway that
    forwards a minute of its stations at once)."""
    stations = {s.area.code: s.code for s in Station.objects.select_related("area")}
    for area in {str(r["area"]) for r in rows} - set(stations):
        station = Station.objects.create(
            code=f"bench-{area}", name=f"bench {area}", area=AdminUnit.objects.get(code=area),
            latitude=0, longitude=0,
        )  # fmt: skip
        stations[area] = station.code
    readings = [
        {"station": stations[str(r["area"])], "time": r["time"], CODE: r["value"]} for r in rows
    ]
    if per_message == 1:
        return [json.dumps(r).encode() for r in readings]
    return [
        json.dumps(readings[i : i + per_message]).encode()
        for i in range(0, len(readings), per_message)
    ]


def mqtt_baseline(payloads: list[bytes], readings: int) -> float:
    with mosquitto() as port:
        wait = bare_subscriber(port, len(payloads))
        start = time.perf_counter()
        publisher = threading.Thread(target=publish_all, args=(port, payloads))
        publisher.start()
        wait()
        elapsed = time.perf_counter() - start
        publisher.join()
    return readings / elapsed


def wait_for_worker(port: int) -> None:
    """Until the worker is connected (the broker counts it and this observer): Django
    takes seconds to load, and a broker keeps only 1000 messages for a session that
    is away — the rest of a burst published meanwhile would be dropped."""
    import paho.mqtt.client as paho

    connected = threading.Event()

    def on_message(_client: Any, _userdata: Any, message: Any) -> None:
        if int(message.payload) >= 2:
            connected.set()

    observer = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="bench-observer")
    observer.on_message = on_message
    observer.connect("127.0.0.1", port)
    observer.subscribe("$SYS/broker/clients/connected")
    observer.loop_start()
    if not connected.wait(60):
        raise RuntimeError("the mqtt_ingest worker did not connect in 60 s")
    time.sleep(1)  # its subscription follows the connection
    observer.loop_stop()
    observer.disconnect()


def mqtt_worker(payloads: list[bytes], readings: int, indicator: Indicator) -> str:
    """The `mqtt_ingest` worker: from the first message published to the last reading
    committed; or how far it got when nothing more arrived for a minute."""
    with mosquitto() as port:
        env = {**os.environ, "MQTT_URL": f"mqtt://127.0.0.1:{port}", "MQTT_CLIENT_ID": "bench"}
        worker = subprocess.Popen(
            [str(ROOT / ".venv/bin/python"), "manage.py", "mqtt_ingest"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for_worker(port)
            before = Observation.objects.filter(indicator=indicator).count()
            start = time.perf_counter()
            publish_all(port, payloads)
            stored, progress_at = 0, time.perf_counter()
            while stored < readings:
                time.sleep(0.1)
                now_stored = Observation.objects.filter(indicator=indicator).count() - before
                if now_stored > stored:
                    stored, progress_at = now_stored, time.perf_counter()
                elif time.perf_counter() - progress_at > 60:
                    return f"STALLED at {stored:,} of {readings:,}"
            return f"{readings / (time.perf_counter() - start):10,.0f}"
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)


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
    if not (shutil.which("mosquitto") or Path("/usr/sbin/mosquitto").exists()):
        print("mosquitto is not installed: skipping the MQTT figures")
        return
    print("MQTT (QoS 1, Mosquitto with its default limits), readings/s:")
    for per_message, shift_days in ((1, 200), (20, 400)):
        mqtt_rows = fresh_rows(communes, M // 2)
        for row in mqtt_rows:  # other minutes than the pushed rows and each other
            row["time"] = (
                dt.datetime.fromisoformat(str(row["time"])) - dt.timedelta(days=shift_days)
            ).isoformat()
        payloads = mqtt_payloads(mqtt_rows, per_message)
        shape = "one reading per message" if per_message == 1 else f"{per_message} per message"
        label = f"{len(mqtt_rows):,} readings, {shape}"
        print(
            f"    baseline: a bare subscriber that only acknowledges, {label:<36} "
            f"{mqtt_baseline(payloads, len(mqtt_rows)):10,.0f}"
        )
        print(
            f"    the mqtt_ingest worker, {label:<61} "
            f"{mqtt_worker(payloads, len(mqtt_rows), indicator)}"
        )


if __name__ == "__main__":
    main()
