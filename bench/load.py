"""A province's busy hour, bounded: many people at once on pages, look-ups, Open311,
NGSI-LD and signed-in citizens writing field reports — optionally while the
database's connections are killed again and again (a failover, a restart, a blip).

    DATABASE_URL=postgres://… .venv/bin/python bench/load.py \\
        --users 200 --seconds 300 --workers 4 \\
        [--mix page=30,lookup=20,report=10,open311=20,ngsi=10,healthz=10] \\
        [--kill-every 0.5]

What it does:
1. prepares the configured database (migrations, the demo data if missing) and, for
   the run, `--users` citizen accounts with sessions, a data source key for NGSI-LD
   and the list of demo dossiers to look up;
2. serves the project with gunicorn on 127.0.0.1 (`--workers`, PROXY_COUNT=1 so each
   simulated person has an address of their own, as behind nginx) and runs Locust
   (https://locust.io, used as a library) for `--seconds`; `healthz`, the empty view,
   is the baseline measured under the same load;
3. with `--kill-every S` (PostgreSQL), terminates every server connection of the
   application each S seconds;
4. prints, per category: requests, p50/p95/p99, and the answers by status; then the
   reports the clients were told were stored next to the rows in the database.

Loopback only. Use a scratch database: it adds accounts and reports.
The figures go into docs/performance.md with the date and the machine.
"""

from __future__ import annotations

# Locust patches the standard library for gevent: it must come first.
from locust import HttpUser, between, events  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import collections
import os
import platform
import random
import re
import sys
import time
from pathlib import Path

import gevent

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection

from bench.common import KILL_CONNECTIONS, gunicorn
from tinhso.accounts.models import User
from tinhso.core.apikeys import do_issue_key
from tinhso.ioc.models import DataSource
from tinhso.reports.models import Category, Report
from tinhso.services.models import Dossier

DEFAULT_MIX = "page=30,lookup=20,report=10,open311=20,ngsi=10,healthz=10"
PAGES = ["/", "/services/", "/reports/", "/reports/questions/", "/traffic/lookup/"]
BENCH_PHONE = "+8497%07d"
STORED = re.compile(r"/reports/([0-9a-f-]{36})/$")


def parse_mix(text: str) -> dict[str, int]:
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        mix[name.strip()] = int(weight)
    unknown = set(mix) - set(DEFAULT_MIX.replace("=", ",").split(",")[::2])
    if unknown:
        raise SystemExit(f"unknown categories in --mix: {', '.join(sorted(unknown))}")
    return mix


# --- preparing the database ------------------------------------------------------


def prepare(users: int) -> dict:
    call_command("migrate", verbosity=0)
    if not Category.objects.exists():
        call_command("load_demo")
    # The backend that signs people in (django-axes' comes first and only counts failures).
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b.lower())
    people = []
    for n in range(users):
        user, _ = User.objects.get_or_create(
            phone=BENCH_PHONE % n, defaults={"full_name": f"Người dân thử tải {n}"}
        )
        session = SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append((user.pk, session.session_key))
    source, _ = DataSource.objects.get_or_create(name="bench/load.py", defaults={"key_hash": "-"})
    dossiers = [
        (code, phone[-4:])
        for code, phone in Dossier.objects.exclude(applicant_phone="").values_list(
            "code", "applicant_phone"
        )[:200]
    ]
    # Places inside the demo's communes: where its reports are.
    points = list(Report.objects.values_list("latitude", "longitude")[:50])
    return {
        "people": people,
        "ngsi_key": do_issue_key(source),
        "dossiers": dossiers or [("KHONG-CO", "0000")],
        "categories": list(Category.objects.filter(is_active=True).values_list("code", flat=True)),
        "points": [(float(a), float(b)) for a, b in points] or [(11.30, 106.15)],
        "reports_before": Report.objects.filter(reporter_id__in=[p[0] for p in people]).count(),
    }


# --- the simulated people -----------------------------------------------------------


class Person(HttpUser):
    wait_time = between(1, 3)
    data: dict = {}
    stored: list[str] = []

    def on_start(self) -> None:
        self.user_pk, session_key = random.choice(self.data["people"])
        self.client.cookies.set(settings.SESSION_COOKIE_NAME, session_key)
        self.address = (
            f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        )

    def headers(self, **extra: str) -> dict:
        return {"X-Forwarded-For": self.address, "Accept-Language": "vi", **extra}

    def page(self) -> None:
        self.client.get(random.choice(PAGES), name="page", headers=self.headers())

    def lookup(self) -> None:
        code, secret = random.choice(self.data["dossiers"])
        self.client.get(
            f"/api/v1/lookup?code={code}&secret={secret}", name="lookup", headers=self.headers()
        )

    def open311(self) -> None:
        path = random.choice(
            ["/open311/v2/services.json", "/open311/v2/requests.json?page_size=50"]
        )
        self.client.get(path, name="open311", headers=self.headers())

    def ngsi(self) -> None:
        self.client.get(
            "/ngsi-ld/v1/entities?type=AirQualityObserved&limit=20",
            name="ngsi",
            headers=self.headers(**{"X-Api-Key": self.data["ngsi_key"]}),
        )

    def healthz(self) -> None:
        self.client.get("/healthz", name="healthz", headers=self.headers())

    def report(self) -> None:
        form = self.client.get("/reports/new/", name="report (form)", headers=self.headers())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text or "")
        if not token:
            return
        lat, lon = random.choice(self.data["points"])
        with self.client.post(
            "/reports/new/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "category": random.choice(self.data["categories"]),
                "lat": f"{lat:.6f}",
                "lon": f"{lon:.6f}",
                # Each different: the same text twice in a row is refused as a repeat.
                "description": f"Thử tải {random.randrange(10**9)}: đèn đường không sáng.",
            },
            name="report",
            headers=self.headers(),
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            found = STORED.search(answer.headers.get("Location", "") or "")
            if answer.status_code == 302 and found:
                self.stored.append(found.group(1))
                answer.success()
            elif answer.status_code == 200:
                answer.success()  # the form again: a limit or a field error, nothing stored


# --- killing connections ------------------------------------------------------------


def killer(every: float, counter: list[int]) -> None:
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        while True:
            gevent.sleep(every)
            killed = admin.execute(KILL_CONNECTIONS).fetchone()
            counter[0] += killed[0] if killed else 0


def warm_up(base: str) -> None:
    """Every gunicorn worker imports the project on its first request: not the load."""
    import requests

    for _ in range(20):
        for path in ["/healthz", *PAGES]:
            requests.get(base + path, timeout=60)


# --- the run ------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--mix", default=DEFAULT_MIX)
    parser.add_argument("--kill-every", type=float, default=0.0, metavar="SECONDS")
    args = parser.parse_args()
    mix = parse_mix(args.mix)
    if args.kill_every and connection.vendor != "postgresql":
        raise SystemExit("--kill-every needs PostgreSQL")

    data = prepare(args.users)
    Person.data = data
    Person.tasks = {getattr(Person, name): weight for name, weight in mix.items() if weight}
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)

    @events.request.add_listener
    def count(name, response, exception, **kwargs):  # type: ignore[no-untyped-def]
        code = getattr(response, "status_code", 0) or 0
        statuses[name][code if code else f"no answer ({type(exception).__name__})"] += 1

    print(
        f"bench/load.py — {time.strftime('%Y-%m-%d %H:%M')} on {platform.node()} "
        f"({os.cpu_count()} cores), {connection.vendor}; {args.users} users for "
        f"{args.seconds} s, mix {args.mix}"
        + (f", connections killed every {args.kill_every} s" if args.kill_every else "")
    )
    killed = [0]
    with gunicorn({"PROXY_COUNT": "1", "DB_CONN_MAX_AGE": "60"}, workers=args.workers) as base:
        warm_up(base)
        env = Environment(user_classes=[Person], host=base, events=events)
        runner = env.create_local_runner()
        runner.start(args.users, spawn_rate=max(1, args.users / 10))
        chaos = gevent.spawn(killer, args.kill_every, killed) if args.kill_every else None
        gevent.spawn_later(args.seconds, runner.quit)
        runner.greenlet.join()
        if chaos:
            chaos.kill()
    connection.close()

    print(
        f"\n  {'category':<14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  answers"
    )
    for (name, _method), entry in sorted(env.stats.entries.items()):
        if entry.num_requests == 0:
            continue
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(statuses[name].items(), key=str))
        print(
            f"  {name:<14} {entry.num_requests:>8} {entry.get_response_time_percentile(0.5):>8.0f} "
            f"{entry.get_response_time_percentile(0.95):>8.0f} "
            f"{entry.get_response_time_percentile(0.99):>8.0f}  {answers}"
        )
    total = env.stats.total
    errors_500 = sum(c for s in statuses.values() for k, c in s.items() if k == 500)
    print(
        f"\n  all: {total.num_requests} requests, {total.total_rps:.0f} req/s; 500s: {errors_500}"
    )
    if args.kill_every:
        print(f"  connections killed: {killed[0]}")
    people = [p[0] for p in data["people"]]
    in_db = Report.objects.filter(reporter_id__in=people).count() - data["reports_before"]
    confirmed = Report.objects.filter(public_id__in=Person.stored).count()
    print(
        f"  reports the clients were told were stored: {len(Person.stored)}; of them in the "
        f"database: {confirmed}; new rows by these users: {in_db}"
    )
    if errors_500 or confirmed != len(Person.stored):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
