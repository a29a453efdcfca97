"""Public services at scale: 200 000 dossiers on PostgreSQL.

1. Fills the configured database with N generated dossiers (skipped when it already
   holds that many), spread over the demo province's agencies and procedures and the
   last 12 months, in every status.
2. Times the statistics page's query (Decision 766 indicators for 12 months, by
   agency and by procedure): median of 5 runs, next to `SELECT count(*)` over the
   same table in the same run.
3. Serves the project with gunicorn on 127.0.0.1 and loads the public look-up API
   with wrk (Debian `wrk`), next to the /healthz view (an empty Django view: no
   database) measured the same way in the same run; prints requests/s and the ratio.

    DATABASE_URL=postgres://… .venv/bin/python bench/services_bench.py [N]

Use a scratch database: it adds rows and does not remove them.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
os.environ.setdefault("LOOKUPS_PER_WINDOW", "100000000")  # the bench is one address

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from bench.common import gunicorn, have_wrk, median_ms, redis_server, wrk
from tinhso.core.models import OrgUnit
from tinhso.services.choices import DossierStatus as S
from tinhso.services.choices import SubmissionChannel
from tinhso.services.indicators import indicators
from tinhso.services.models import Dossier, Procedure

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
STATUSES = [S.RESULT_RETURNED] * 6 + [
    S.FINISHED,
    S.IN_PROGRESS,
    S.RECEIVED,
    S.NEW,
    S.SUPPLEMENT_REQUESTED,
    S.REFUSED,
    S.STOPPED,
]


def fill(n: int) -> None:
    have = Dossier.objects.count()
    if have >= n:
        print(f"database already holds {have} dossiers")
        return
    if not Procedure.objects.exists():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    procedures = list(Procedure.objects.select_related("agency"))
    committees = list(
        OrgUnit.objects.filter(
            kind="peoples_committee", area__kind__in=["ward", "commune", "special_zone"]
        )
    )
    rng = random.Random(766)
    now = timezone.now()
    start = time.perf_counter()
    batch = []
    for i in range(have, n):
        procedure = rng.choice(procedures)
        agency = procedure.agency or rng.choice(committees)
        received = now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        due = received + dt.timedelta(days=procedure.processing_days * 1.4 + 1)
        status = rng.choice(STATUSES)
        done = status in (S.FINISHED, S.RESULT_RETURNED)
        finished = (
            received + dt.timedelta(days=rng.uniform(0.2, procedure.processing_days * 1.7 + 1))
            if done
            else None
        )
        batch.append(
            Dossier(
                code=f"{agency.identifier}-B{i:08d}",
                procedure=procedure,
                agency=agency,
                applicant_name="Người nộp thử",
                applicant_phone=f"+849{rng.randrange(10**8):08d}",
                channel=rng.choice(list(SubmissionChannel.values)),
                status=status,
                submitted_at=received,
                received_at=received,
                due_at=due,
                finished_at=finished,
                is_digitised=rng.random() < 0.8,
                rating=rng.choice([None, None, 5, 4, 3, 2]) if done else None,
                processing_working_days=rng.randrange(0, procedure.processing_days + 3)
                if done
                else None,
                fee_amount=procedure.fee,
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                Dossier.objects.bulk_create(batch)
            batch = []
    if batch:
        Dossier.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE services_dossier" if connection.vendor == "postgresql" else "ANALYZE"
        )
    print(f"generated {n - have} dossiers in {time.perf_counter() - start:.1f} s")


def time_statistics() -> None:
    end = timezone.now()
    start = end - dt.timedelta(days=365)
    qs = Dossier.objects.all()

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM services_dossier")
            cursor.fetchone()

    base = median_ms(count)
    by_agency = median_ms(lambda: indicators(qs, start, end, "agency"))
    by_procedure = median_ms(lambda: indicators(qs, start, end, "procedure"))
    print("statistics page query (12 months, Decision 766 indicators), median of 5:")
    print(f"  baseline SELECT count(*) over the table   {base:8.1f} ms")
    print(
        f"  indicators grouped by agency              {by_agency:8.1f} ms  ({by_agency / base:.1f}× baseline)"
    )
    print(
        f"  indicators grouped by procedure           {by_procedure:8.1f} ms  ({by_procedure / base:.1f}× baseline)"
    )


def time_lookup(seconds: int = 10, connections: int = 16) -> None:
    """The look-up next to /healthz, with the rate counter in the database (the default
    without CACHE_URL) and in Redis; with Redis also from many client addresses, as
    citizens come (X-Forwarded-For through one trusted proxy)."""
    if not have_wrk():
        return
    sample = Dossier.objects.order_by("?").values("code", "applicant_phone").first()
    path = f"/api/v1/lookup?code={sample['code']}&secret={sample['applicant_phone'][-4:]}"
    with gunicorn() as base_url:
        empty = wrk(f"{base_url}/healthz", seconds, connections)
        print(empty.line("/healthz (empty view, no database)"))
        lookup = wrk(base_url + path, seconds, connections)
        print(lookup.line("/api/v1/lookup, counter in PostgreSQL"))
        print(f"  look-up / empty view throughput: {lookup.rps / empty.rps:.2f}")
    if not shutil.which("redis-server"):
        return
    with (
        redis_server() as redis_url,
        gunicorn({"CACHE_URL": redis_url, "PROXY_COUNT": "1"}) as base_url,
    ):
        empty = wrk(f"{base_url}/healthz", seconds, connections)
        print(empty.line("/healthz (empty view, no database)"))
        for label, spread in [
            ("counter in Redis, one address", False),
            ("the same, many addresses", True),
        ]:
            lookup = wrk(base_url + path, seconds, connections, spread=spread)
            print(
                lookup.line(f"/api/v1/lookup, {label}")
                + f"   ({lookup.rps / empty.rps:.2f} of the empty view)"
            )


def main() -> None:
    call_command("migrate", verbosity=0)
    print(
        f"public-services bench — {connection.vendor}, {platform.node()}, {os.cpu_count()} CPU, N={N}"
    )
    fill(N)
    time_statistics()
    time_lookup()


if __name__ == "__main__":
    main()
