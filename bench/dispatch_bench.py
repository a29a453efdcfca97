"""One bulletin to every commune's station at once (Circular 39's source systems, a
province-wide warning): the time and queries of sending it to BENCH_STATIONS (150)
stations — each with a leader to tell — next to writing the same bulletin at one
station (the baseline: the same audio work, one row); and of the sender's status
report for all of them, next to listing their bulletin rows alone.

    DATABASE_URL=postgres://tinhso_bench:…@127.0.0.1:5432/radiobench \\
        .venv/bin/python bench/dispatch_bench.py

The audio is a 60 s recording (decoded, normalised and encoded once either way); a
second line sends the same as text, read by the TTS once. It adds rows: use a scratch
database. Figures → docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.broadcast.conftest import tone_wav
from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.models import Membership, User
from tinhso.broadcast import actions, dispatch
from tinhso.broadcast.models import Bulletin, Station
from tinhso.core.choices import AdminUnitKind, OrgUnitKind
from tinhso.core.models import AdminUnit, OrgUnit

STATIONS = int(os.environ.get("BENCH_STATIONS", "150"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
TEXT = (
    "Ban chỉ huy phòng chống thiên tai tỉnh thông báo: bão số 9 dự kiến đổ bộ vào chiều "
    "ngày 5/12/2026. Đề nghị người dân chằng chống nhà cửa, không ra khơi, liên hệ đường "
    "dây nóng 0276 3822 115 khi cần hỗ trợ."
)


def setup() -> tuple[AdminUnit, User, User]:
    """A province with STATIONS communes, each with its station and its leader."""
    call_command("migrate", verbosity=0)
    province, _ = AdminUnit.objects.get_or_create(
        code="98", defaults={"name": "Tỉnh Thử Tải", "kind": AdminUnitKind.PROVINCE}
    )
    top, _ = OrgUnit.objects.get_or_create(
        identifier="000.00.00.H98",
        defaults={"name": "UBND tỉnh Thử Tải", "kind": OrgUnitKind.PEOPLES_COMMITTEE,
                  "area": province},
    )  # fmt: skip
    password = make_password(None)
    for n in range(1, STATIONS + 1):
        area, _ = AdminUnit.objects.get_or_create(
            code=f"98{n:03d}",
            defaults={"name": f"Xã Thử {n}", "kind": AdminUnitKind.COMMUNE, "parent": province},
        )
        unit, _ = OrgUnit.objects.get_or_create(
            identifier=f"{n // 100:03d}.{n % 100:02d}.98.H98",
            defaults={"name": f"UBND xã Thử {n}", "kind": OrgUnitKind.PEOPLES_COMMITTEE,
                      "area": area, "parent": top},
        )  # fmt: skip
        Station.objects.get_or_create(
            unit=unit, defaults={"name": f"Đài xã Thử {n}", "mount": f"thu-tai-{n}"}
        )
        leader, made = User.objects.get_or_create(
            phone=f"+849098{n:05d}",
            defaults={"full_name": f"Chủ tịch xã {n}", "kind": UserKind.OFFICIAL,
                      "password": password},
        )  # fmt: skip
        if made:
            Membership.objects.create(user=leader, org_unit=unit, role=Role.APPROVER)
    chair, made = User.objects.get_or_create(
        phone="+84909800000",
        defaults={"full_name": "Chỉ huy PCTT tỉnh", "kind": UserKind.OFFICIAL,
                  "password": password},
    )  # fmt: skip
    if made:
        Membership.objects.create(user=chair, org_unit=top, role=Role.EMERGENCY_BROADCASTER)
        Membership.objects.create(user=chair, org_unit=top, role=Role.APPROVER)
    return province, chair, User.objects.get(phone="+849098" + "00001")


def timed(work, *args, **kwargs):  # type: ignore[no-untyped-def]
    """(seconds, queries, result) of one call."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = work(*args, **kwargs)
        seconds = time.perf_counter() - started
    return seconds, len(queries), result


def main() -> None:
    province, chair, one_leader = setup()
    one_station = Station.objects.get(unit__area__code="98001")
    recording = tone_wav(60.0)
    until = timezone.now() + dt.timedelta(days=1)
    print(f"{platform.node()} · {os.cpu_count()} CPUs · {connection.vendor} · {STATIONS} stations")
    one, many, status, rows = [], [], [], []
    common = {"category": "disaster", "recording": recording, "valid_until": until}
    for n in range(ROUNDS):
        one.append(timed(actions.do_create_bulletin, one_station, title=f"Một đài {n}",
                         acting_user=one_leader, **common))  # fmt: skip
        many.append(timed(dispatch.do_dispatch, areas=[province], title=f"Cả tỉnh {n}",
                          priority="normal", acting_user=chair, **common))  # fmt: skip
        sent = many[-1][2][0]
        status.append(timed(dispatch.reports, sent))
        copies = Bulletin.objects.filter(dispatch=sent).select_related("station")
        rows.append(timed(list, copies))
    assert all(len(s[2]) == STATIONS for s in status)

    def line(name: str, runs: list) -> None:  # type: ignore[type-arg]
        seconds = [r[0] for r in runs]
        print(
            f"{name:<52} median {statistics.median(seconds) * 1000:8.1f} ms"
            f"  (min {min(seconds) * 1000:.1f}, max {max(seconds) * 1000:.1f})"
            f"  queries {runs[-1][1]}"
        )

    line("baseline: the bulletin at one station", one)
    line(f"one bulletin to {STATIONS} stations (+ a leader told each)", many)
    line(f"baseline: list the {STATIONS} copies", rows)
    line(f"status report for {STATIONS} stations", status)
    text = timed(dispatch.do_dispatch, areas=[province], title="Cả tỉnh, đọc tự động",
                 category="disaster", priority="normal", text=TEXT, valid_until=until,
                 acting_user=chair)  # fmt: skip
    print(f"{'the same as text, read once, to ' + str(STATIONS) + ' stations':<52} "
          f"{text[0] * 1000:8.1f} ms  queries {text[1]}")  # fmt: skip


if __name__ == "__main__":
    main()
