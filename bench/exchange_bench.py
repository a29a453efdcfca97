"""The data-exchange axis: what the gateway costs over calling the provider directly.

A provider (bench/payload_app.py under gunicorn) answers 1 KB and 100 KB; wrk calls it
directly, then through the gateway (Tỉnh số under gunicorn: token check, access right,
rate limit, forwarding through the SSRF guard, one message-log row per call), in the
same run on the same machine — wrk, the gateway and the provider share its cores, so
the ratio is the figure to read. Then the sealer: the rows written, chained and
signed, next to hashing the same rows without writing them back.

    .venv/bin/python bench/exchange_bench.py              # SQLite in var/
    DATABASE_URL=postgres://… .venv/bin/python bench/exchange_bench.py

Use a scratch database: it adds a bench member, services and log rows.
"""

from __future__ import annotations

import base64
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")
os.environ.setdefault("OUTBOUND_ALLOWED_NETWORKS", "127.0.0.1/32")

import django

django.setup()

import subprocess

import requests
from django.conf import settings
from django.core.management import call_command

from bench.common import Load, free_port, gunicorn, have_wrk, redis_server, wait_for_port, wrk
from tinhso.accounts.models import User
from tinhso.core.models import OrgUnit
from tinhso.core.pki import issue_unit_certificate, unit_p12_path
from tinhso.exchange import actions, log
from tinhso.exchange.models import Exchange, Member, MemberClass, Service

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
SIZES = {"1 KB": 1024, "100 KB": 102_400}


def registry(provider_url: str) -> tuple[str, str, Service]:
    """A bench member with a provider service and a consumer; (client id, secret)."""
    admin, _ = User.objects.get_or_create(
        phone="+84900999999", defaults={"full_name": "Bench", "is_superuser": True}
    )
    member = Member.objects.filter(code="BENCH").first() or actions.do_register_member(
        member_class=MemberClass.GOV, code="BENCH", name="Bench", acting_user=admin
    )
    provider = member.subsystems.filter(code="PROVIDER").first() or actions.do_register_subsystem(
        member, code="PROVIDER", name="Provider", acting_user=admin
    )
    consumer = member.subsystems.filter(code="CONSUMER").first() or actions.do_register_subsystem(
        member, code="CONSUMER", name="Consumer", acting_user=admin
    )
    Service.objects.filter(subsystem=provider, code="payload").delete()
    service = actions.do_register_service(
        provider, code="payload", name="Payload", base_url=provider_url, acting_user=admin
    )
    Service.objects.filter(pk=service.pk).update(per_minute=1_000_000_000)
    actions.do_grant_access(service, consumer, method="GET", acting_user=admin)
    client_id, secret = actions.do_issue_credentials(consumer, acting_user=admin)
    return client_id, secret, service


def token(base: str, client_id: str, secret: str) -> str:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = requests.post(
        f"{base}/o/token/",
        data={"grant_type": "client_credentials", "scope": "exchange"},
        headers={"Authorization": f"Basic {basic}"},
        timeout=10,
    )
    return str(response.json()["access_token"])


def signing_unit() -> str:
    unit = OrgUnit.objects.order_by("path").first()
    identifier = unit.identifier if unit else "000.00.00.BENCH"
    if not unit_p12_path(identifier).exists():
        issue_unit_certificate(identifier, "Bench", "Bench")
    return identifier


def run_gateway(
    env: dict[str, str],
    service: Service,
    client_id: str,
    secret: str,
    direct_runs: dict[str, Load],
    setup: str,
    app: str = "tinhso.wsgi",
) -> None:
    """wrk through the gateway served with ``env``, next to the direct runs."""
    print(f"  gateway, {setup}:")
    with gunicorn(env, workers=os.cpu_count() or 2, app=app) as base:
        bearer = {"Authorization": f"Bearer {token(base, client_id, secret)}"}
        print(wrk(f"{base}/healthz", SECONDS).line("baseline: GET /healthz (empty view)"))
        for label, size in SIZES.items():
            plain = direct_runs[label]
            axis = wrk(
                f"{base}/exchange/r1/{service.identifier}/bytes/{size}", SECONDS, headers=bearer
            )
            print(axis.line(f"{label}: through the gateway, logged"))
            print(
                f"    {label}: gateway / direct = {axis.rps / plain.rps:.2f} of the "
                f"throughput; added p50 {axis.p50 - plain.p50:.1f} ms, "
                f"p99 {axis.p99 - plain.p99:.1f} ms"
            )


def main() -> None:
    call_command("migrate", verbosity=0)
    if not have_wrk():
        return
    print(
        f"exchange bench — {platform.node()}, {os.cpu_count()} CPU, "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, {SECONDS} s per run"
    )
    port = free_port()
    provider = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            *("bench.payload_app:app", "-b", f"127.0.0.1:{port}", "-w", "1"),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_for_port(port)
        direct = f"http://127.0.0.1:{port}"
        client_id, secret, service = registry(direct)
        before = Exchange.objects.count()
        env = {"OUTBOUND_ALLOWED_NETWORKS": "127.0.0.1/32"}
        direct_runs = {
            label: wrk(f"{direct}/bytes/{size}", SECONDS) for label, size in SIZES.items()
        }
        for label, plain in direct_runs.items():
            print(plain.line(f"{label}: the provider directly"))
        run_gateway(
            env,
            service,
            client_id,
            secret,
            direct_runs,
            "through Django's handler and the pages' middleware",
            app="tinhso.wsgi:django_application",
        )
        run_gateway(
            env,
            service,
            client_id,
            secret,
            direct_runs,
            "its own door, rate counter in the database",
        )
        with redis_server() as redis_url:
            run_gateway(
                {**env, "CACHE_URL": redis_url},
                service,
                client_id,
                secret,
                direct_runs,
                "its own door, rate counter in Redis (CACHE_URL)",
            )
        written = Exchange.objects.count() - before
        print(f"    message-log rows written: {written}")
        settings.EXCHANGE_SIGNING_UNIT = signing_unit()
        rows = list(Exchange.objects.filter(seq__isnull=True).order_by("id")[:20_000])
        started = time.perf_counter()
        head = log.GENESIS_HASH
        for row in rows:
            head = log.entry_hash(head, row)
        hashing = time.perf_counter() - started
        started = time.perf_counter()
        sealed = 0
        while sealed < len(rows) and (made := log.seal()):
            sealed += made.last_seq - made.first_seq + 1
        sealing = time.perf_counter() - started
        if rows:
            print(
                f"    sealing: {sealed / sealing:,.0f} rows/s chained, written back and signed "
                f"(baseline: hashing the same {len(rows)} rows, {len(rows) / hashing:,.0f} rows/s)"
            )
    finally:
        provider.terminate()
        provider.wait(timeout=10)


if __name__ == "__main__":
    main()
