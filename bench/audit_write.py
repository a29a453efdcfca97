"""How much the hash-chained audit log costs per state change.

Writes N audit rows through ``write_audit`` (advisory lock on PostgreSQL, read of
the previous hash, SHA-256, insert) and, as the baseline in the same run, N plain
inserts of a row of similar size into the same kind of table with the ORM. Then
the same with 4 concurrent writers. Prints rows per second and the ratio.

    DATABASE_URL=postgres://… .venv/bin/python bench/audit_write.py [N]

It writes into the configured database and deletes nothing it did not create;
run it against a scratch database (e.g. the CI role's), not production.
"""

from __future__ import annotations

import os
import platform
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, connections, transaction

from tinhso.core.audit import write_audit
from tinhso.core.models import CalendarDay

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
BASELINE_TABLE = "bench_plain_rows"


def plain_insert(i: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BASELINE_TABLE} (action, object_id, payload) VALUES (%s, %s, %s)",
            ["bench.plain", str(i), f'{{"n": {i}}}'],
        )


def audit_insert(i: int) -> None:
    write_audit("bench.audit", object_type="bench", object_id=str(i), data={"n": i})


def timed(label: str, fn, writers: int) -> float:
    per_writer = N // writers

    def run(offset: int) -> None:
        try:
            for i in range(per_writer):
                fn(offset + i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w * per_writer,)) for w in range(writers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    rate = per_writer * writers / elapsed
    print(f"  {label:<34} {per_writer * writers:>6} rows  {elapsed:7.2f} s  {rate:9.0f} rows/s")
    return rate


def main() -> None:
    call_command("migrate", verbosity=0)
    CalendarDay.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")
        serial = "BIGSERIAL" if connection.vendor == "postgresql" else "INTEGER"
        cursor.execute(
            f"CREATE TABLE {BASELINE_TABLE} (id {serial} PRIMARY KEY, action VARCHAR(64), "
            "object_id VARCHAR(64), payload TEXT)"
        )
    print(
        f"audit-log write cost — {connection.vendor}, {platform.node()}, "
        f"{os.cpu_count()} CPU, N={N}"
    )
    for writers in (1, 4):
        print(f"{writers} writer(s):")
        base = timed("baseline: plain INSERT per txn", plain_insert, writers)
        audit = timed("write_audit (hash chain)", audit_insert, writers)
        print(f"  ratio audit/baseline throughput: {audit / base:.2f}")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {BASELINE_TABLE}")
    from tinhso.core.audit import verify_chain

    start = time.perf_counter()
    breaks = list(verify_chain())
    print(f"verify_chain over all rows: {time.perf_counter() - start:.2f} s, breaks: {len(breaks)}")


if __name__ == "__main__":
    main()
