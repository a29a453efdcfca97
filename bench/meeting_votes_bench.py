"""A council of 500 votes at once, against one server process on PostgreSQL: how long
until every ballot is counted, and how long until every screen shows the final count —
next to an empty view (healthz) measured on the same server in the same run.

    DATABASE_URL=postgres://tinhso_bench:…@127.0.0.1:5432/votebench \\
        .venv/bin/python bench/meeting_votes_bench.py

What it does:
1. migrates the (scratch) database and adds a council of BENCH_MEMBERS (500) delegates
   with sessions (signed in, TOTP passed), all checked in, and an open vote;
2. serves the project with gunicorn: BENCH_PROCESSES (1) process(es), BENCH_THREADS (8)
   threads each;
3. BENCH_SCREENS (10) room screens poll the screen's live part every second with the
   key they last drew, as the page does (a 204 when nothing changed), and
   BENCH_TABLETS (0) members' tablets poll their part of the meeting page the same way;
4. all members vote at once (BENCH_CLIENTS, 64, connections in parallel); the clock
   runs from the first ballot sent to the last answer; then the database is asked
   whether every ballot counted, and each screen reports when it first showed the
   final turnout.

Loopback only; it adds rows: use a scratch database. Figures → docs/performance.md.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import os
import platform
import re
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.common import gunicorn
from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.models import Membership, User
from tinhso.core.choices import AdminUnitKind, OrgUnitKind
from tinhso.core.models import AdminUnit, OrgUnit
from tinhso.meetings import room, voting
from tinhso.meetings.choices import ParticipantRole
from tinhso.meetings.models import Meeting, Participant, Vote

MEMBERS = int(os.environ.get("BENCH_MEMBERS", "500"))
SCREENS = int(os.environ.get("BENCH_SCREENS", "10"))
TABLETS = int(os.environ.get("BENCH_TABLETS", "0"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "64"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "1"))
BACKEND = "tinhso.accounts.backends.PhoneOrEmailBackend"
CSRF = secrets.token_hex(16)  # a 32-character secret, sent as cookie and header


def session_for(user: User, device: TOTPDevice) -> str:
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return str(session.session_key)


def council() -> tuple[Meeting, Vote, list[str], str]:
    """A fresh council each run (a new code), its members' sessions and the chair's."""
    run = secrets.token_hex(3)
    area, _created = AdminUnit.objects.get_or_create(
        code="99990", defaults={"name": "Phường Đo Tải", "kind": AdminUnitKind.WARD}
    )
    body = OrgUnit.objects.create(
        identifier=f"999.{run}", name=f"HĐND phường Đo Tải {run}",
        kind=OrgUnitKind.PEOPLES_COUNCIL, area=area,
    )  # fmt: skip
    prefix = f"+8498{int(run, 16) % 10**4:04d}"  # a mobile number per member: +84 98xx xxx xxx
    people = User.objects.bulk_create(
        User(phone=f"{prefix}{i:03d}", full_name=f"Đại biểu {i:03d}", kind=UserKind.OFFICIAL,
             password=make_password(None))  # no password: signed in by the session below
        for i in range(MEMBERS + 1)
    )  # fmt: skip
    chair, members = people[0], people[1:]
    Membership.objects.bulk_create(
        Membership(user=p, org_unit=body, role=Role.APPROVER if p is chair else Role.DELEGATE)
        for p in people
    )
    devices = TOTPDevice.objects.bulk_create(
        TOTPDevice(user=p, name="bench", confirmed=True) for p in people
    )
    meeting = Meeting.objects.create(
        body=body, kind="session", title=f"Kỳ họp đo tải {run}", starts_at=timezone.now(),
        chair=chair, created_by=chair,
    )  # fmt: skip
    now = timezone.now()
    Participant.objects.bulk_create(
        Participant(meeting=meeting, user=p, name=p.full_name, role=ParticipantRole.MEMBER,
                    checked_in_at=now)
        for p in people
    )  # fmt: skip
    meeting = room.do_open_session(meeting, acting_user=chair)
    vote = voting.do_prepare_vote(meeting, question="Thông qua nghị quyết", acting_user=chair)
    vote = voting.do_open_vote(vote, acting_user=chair)
    sessions = [session_for(p, d) for p, d in zip(members, devices[1:], strict=True)]
    return meeting, vote, sessions, session_for(chair, devices[0])


def client(session_key: str) -> requests.Session:
    http = requests.Session()
    http.cookies.set(settings.SESSION_COOKIE_NAME, session_key)
    http.cookies.set(settings.CSRF_COOKIE_NAME, CSRF)
    http.headers["X-CSRFToken"] = CSRF
    return http


def median_ms(http: requests.Session, url: str, runs: int = 200) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        http.get(url, allow_redirects=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


class Screen(threading.Thread):
    """A room screen: asks each second with the key it drew; notes when it first
    shows ``target`` ballots."""

    def __init__(self, url: str, session_key: str, target: int) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.http, self.target, self.key = client(session_key), target, ""
        self.saw_all_at: float | None = None
        self.polls = self.errors = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set() and self.saw_all_at is None:
            tick = time.perf_counter()
            try:
                answer = self.http.get(self.url, params={"seen": self.key}, timeout=30)
            except requests.RequestException:
                self.errors += 1
            else:
                self.polls += 1
                if answer.status_code == 200:
                    found = re.search(r"\?seen=([^\"&]+)", answer.text)
                    self.key = found.group(1) if found else ""
                    if f'data-turnout="{self.target}"' in answer.text:
                        self.saw_all_at = time.perf_counter()
                elif answer.status_code != 204:
                    self.errors += 1
            self.stop.wait(max(0.0, 1.0 - (time.perf_counter() - tick)))


def main() -> None:
    assert connection.vendor == "postgresql", "set DATABASE_URL to a scratch PostgreSQL database"
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    meeting, vote, sessions, chair = council()
    print(f"council of {MEMBERS} members ready in {time.perf_counter() - started:.1f} s")
    connection.close()
    extra = {"GUNICORN_CMD_ARGS": f"--threads {THREADS}"}
    with gunicorn(extra, workers=PROCESSES) as base:
        probe = client(chair)
        healthz = median_ms(probe, f"{base}/healthz")
        live_url = f"{base}/meetings/{meeting.pk}/screen/live/"
        first = probe.get(live_url)
        found = re.search(r"\?seen=([^\"&]+)", first.text)
        if found is None:
            print(f"the room screen answered {first.status_code}: {first.text[:300]}", flush=True)
            raise SystemExit(1)
        key = found.group(1)
        unchanged = median_ms(probe, f"{live_url}?seen={key}")
        redrawn = median_ms(probe, live_url, runs=50)
        panel_url = f"{base}/meetings/{meeting.pk}/panel/"
        screens = [Screen(live_url, chair, MEMBERS) for _ in range(SCREENS)]
        # Members' tablets: the meeting page's own part, each with its member's session.
        screens += [Screen(panel_url, sessions[i], MEMBERS) for i in range(TABLETS)]
        for screen in screens:
            screen.start()
        time.sleep(1.5)
        cast_url = f"{base}/meetings/{meeting.pk}/votes/cast/"
        choices = ["yes"] * (MEMBERS * 3 // 5) + ["no"] * (MEMBERS // 5)
        choices += ["abstain"] * (MEMBERS - len(choices))
        latencies: list[float] = []
        statuses: dict[int, int] = {}

        def cast(index: int) -> None:
            http = client(sessions[index])
            start = time.perf_counter()
            answer = http.post(
                cast_url, data={"vote": vote.pk, "choice": choices[index]},
                allow_redirects=False, timeout=60,
            )  # fmt: skip
            latencies.append(time.perf_counter() - start)
            statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1

        first_sent = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(cast, range(MEMBERS)))
        last_answer = time.perf_counter()
        deadline = last_answer + 10
        while time.perf_counter() < deadline and any(s.saw_all_at is None for s in screens):
            time.sleep(0.05)
        for screen in screens:
            screen.stop.set()
        for screen in screens:
            screen.join(timeout=5)
            screen.http.close()
    vote.refresh_from_db()
    counted = vote.ballots.count()
    seen = sorted(s.saw_all_at - last_answer for s in screens if s.saw_all_at)
    latencies.sort()
    print(f"\n{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}")
    print(
        f"gunicorn: {PROCESSES} process(es) × {THREADS} threads; "
        f"{SCREENS} room screens and {TABLETS} tablets polling each second"
    )
    print(f"  empty view (healthz), median                 {healthz:7.2f} ms")
    print(f"  room screen, nothing changed (204), median   {unchanged:7.2f} ms")
    print(f"  room screen redrawn (200), median            {redrawn:7.2f} ms")
    print(f"  {MEMBERS} ballots, {CLIENTS} at a time:  all answered in "
          f"{last_answer - first_sent:.2f} s  (answers: {statuses})")  # fmt: skip
    print(f"  ballot p50 / p99                             {latencies[len(latencies) // 2] * 1000:7.1f} / "
          f"{latencies[int(len(latencies) * 0.99)] * 1000:7.1f} ms")  # fmt: skip
    print(f"  counted: {vote.yes} yes + {vote.no} no + {vote.abstain} abstain = {vote.turnout}; "
          f"ballot rows {counted}")  # fmt: skip
    if seen:
        print(f"  screens showing all {MEMBERS} after the last answer: {len(seen)}/{len(screens)}; "
              f"median {statistics.median(seen):.2f} s, slowest {seen[-1]:.2f} s")  # fmt: skip
    else:
        print("  no screen showed the final count within 10 s")
    errors = sum(s.errors for s in screens)
    print(f"  screen polls {sum(s.polls for s in screens)}, errors {errors}")
    print(f"  ({dt.date.today():%Y-%m-%d})")


if __name__ == "__main__":
    main()
