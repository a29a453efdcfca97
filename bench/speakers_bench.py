"""An emergency to 1 000 simulated loudspeakers on one host: the time from "send" to each
speaker's confirmation that it is playing (p50, p99, the last), next to the MQTT round
trip measured on the same broker in the same run; and the TTS's speed (seconds of audio
per second of CPU) next to encoding the same audio alone.

    DATABASE_URL=postgres://tinhso_bench:…@127.0.0.1:5432/radiobench \\
        .venv/bin/python bench/speakers_bench.py

What it does:
1. migrates the (scratch) database and adds a station with BENCH_SPEAKERS (1000)
   speakers, each with its MQTT password; starts Mosquitto (their accounts and ACL) and
   Icecast on loopback, the scheduler (`manage.py run_broadcasts`) as its own process,
   and the speakers as BENCH_SIM_PROCESSES (4) simulator processes;
2. waits until every speaker is online, then measures the MQTT round trip (publish and
   receive on one client, 200 times);
3. sends BENCH_ROUNDS (3) emergencies (20 s, read once) one after the other, each timed
   from the moment its bulletin is committed to each speaker's "playing" report as the
   platform stored it (Reach.confirmed_at).

Loopback only; it adds rows: use a scratch database. Figures → docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django

django.setup()

import numpy as np
import paho.mqtt.client as paho
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests.broadcast.servers import Broker, Icecast
from tinhso.accounts.choices import Role, UserKind
from tinhso.accounts.models import Membership, User
from tinhso.broadcast import actions, credentials
from tinhso.broadcast.models import Airing, DeviceCommand, Reach, Speaker, Station
from tinhso.core import audio, tts
from tinhso.core.choices import AdminUnitKind, OrgUnitKind
from tinhso.core.models import AdminUnit, OrgUnit

SPEAKERS = int(os.environ.get("BENCH_SPEAKERS", "1000"))
PROCESSES = int(os.environ.get("BENCH_SIM_PROCESSES", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def setup() -> tuple[Station, User, dict[str, str]]:
    call_command("migrate", verbosity=0)
    area, _ = AdminUnit.objects.get_or_create(
        code="99999", defaults={"name": "Xã Thử Tải", "kind": AdminUnitKind.COMMUNE}
    )
    unit, _ = OrgUnit.objects.get_or_create(
        identifier="999.99.99.H99",
        defaults={"name": "UBND xã Thử Tải", "kind": OrgUnitKind.PEOPLES_COMMITTEE, "area": area},
    )
    leader, _ = User.objects.get_or_create(
        phone="+84909999999", defaults={"full_name": "Chủ tịch thử tải", "kind": UserKind.OFFICIAL}
    )
    for role in (Role.APPROVER, Role.EMERGENCY_BROADCASTER):
        Membership.objects.get_or_create(user=leader, org_unit=unit, role=role)
    station = Station.objects.filter(unit=unit).first() or Station.objects.create(
        unit=unit, name="Đài thử tải", mount=f"bench-{secrets.token_hex(3)}"
    )
    have = station.speakers.count()
    Speaker.objects.bulk_create(
        Speaker(station=station, code=f"bench-{n:04d}", name=f"Loa {n}", area=area)
        for n in range(have + 1, SPEAKERS + 1)
    )
    Speaker.objects.filter(station=station).update(online=False, playing="")
    passwords = {
        s.code: credentials.do_issue_password(s)
        for s in station.speakers.order_by("code")[:SPEAKERS]
    }
    return station, leader, passwords


def mqtt_round_trip(port: int, user: str, password: str, times: int = 200) -> list[float]:
    received = threading.Event()
    client = paho.Client(paho.CallbackAPIVersion.VERSION2, protocol=paho.MQTTv5)
    client.username_pw_set(user, password)
    client.on_message = lambda c, u, m: received.set()
    client.connect("127.0.0.1", port)
    client.loop_start()
    topic = "tinhso/speakers/bench-rtt/report"
    client.subscribe(topic, qos=1)
    time.sleep(0.5)
    rtts = []
    for _ in range(times):
        received.clear()
        started = time.perf_counter()
        client.publish(topic, b"{}", qos=1)
        received.wait(5)
        rtts.append(time.perf_counter() - started)
    client.loop_stop()
    return rtts


class ReportWatch:
    """Every speaker's "playing" report as it leaves the broker (a plain subscription
    next to the platform's shared one): when the speakers confirmed, before the platform
    stored it."""

    def __init__(self, port: int, user: str, password: str) -> None:
        self.playing: dict[tuple[int, str], float] = {}
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, protocol=paho.MQTTv5)
        self.client.username_pw_set(user, password)
        self.client.on_message = self._message
        self.client.connect("127.0.0.1", port)
        self.client.subscribe("tinhso/speakers/+/report", qos=0)
        self.client.loop_start()

    def _message(self, client: object, userdata: object, message: paho.MQTTMessage) -> None:
        body = json.loads(message.payload)
        if body.get("type") == "playing" and body.get("airing"):
            self.playing.setdefault((body["airing"], body["device"]), time.time())


def tts_speed() -> tuple[float, float]:
    """Seconds of audio per CPU second: reading a bulletin aloud and encoding it for the
    air (the whole path), and encoding alone (the baseline)."""
    text = (
        "Ủy ban nhân dân xã thông báo: từ 7 giờ ngày 05/12/2026 tạm ngừng cấp điện khu phố 1 "
        "đến khu phố 4 để sửa chữa đường dây. Đề nghị bà con chủ động sắp xếp công việc. "
        "Mọi thắc mắc xin gọi đường dây nóng 0901 234 567."
    ) * 3
    started = time.process_time()
    spoken = tts.speak(text)
    encoded = audio.for_broadcast(spoken.audio)
    whole = time.process_time() - started
    samples = np.zeros(int(encoded.seconds * audio.RATE), dtype=np.float32)
    started = time.process_time()
    audio.encode_opus(samples)
    alone = time.process_time() - started
    return encoded.seconds / whole, encoded.seconds / max(alone, 1e-6)


def main() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    station, leader, passwords = setup()
    folder = Path(tempfile.mkdtemp(prefix="tinhso-radio-bench-"))
    platform_password = secrets.token_urlsafe(12)
    settings.BROADCAST_MQTT_URL = f"mqtt://tinhso-radio:{platform_password}@127.0.0.1:1"
    broker = Broker(folder, *credentials.write_broker_files(folder / "acl"))
    icecast = Icecast(folder / "icecast")
    env = {
        **os.environ,
        "BROADCAST_MQTT_URL": f"mqtt://tinhso-radio:{platform_password}@127.0.0.1:{broker.port}",
        "ICECAST_URL": icecast.url,
        "ICECAST_SOURCE_PASSWORD": icecast.password,
        "BROADCAST_EMERGENCY_REPEAT": "1",
        "LOG_LEVEL": "WARNING",
    }
    scheduler = subprocess.Popen(
        [sys.executable, "manage.py", "run_broadcasts"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    codes = sorted(passwords)
    simulators = []
    for index in range(PROCESSES):
        mine = folder / f"speakers-{index}.txt"
        mine.write_text("".join(f"{c} {passwords[c]}\n" for c in codes[index::PROCESSES]))
        simulators.append(subprocess.Popen(
            [sys.executable, "-m", "tinhso.broadcast.simulator", "--broker",
             f"mqtt://127.0.0.1:{broker.port}", "--password-file", str(mine), "--heartbeat", "30"],
            cwd=ROOT, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
    try:
        started = time.monotonic()
        while station.speakers.filter(online=True).count() < SPEAKERS:
            if time.monotonic() - started > 300:
                raise SystemExit(f"only {station.speakers.filter(online=True).count()} online")
            time.sleep(1)
        online_after = time.monotonic() - started
        rtts = mqtt_round_trip(broker.port, "tinhso-radio", platform_password)
        watch = ReportWatch(broker.port, "tinhso-radio", platform_password)
        tone = audio.encode_opus(
            (0.1 * np.sin(2 * np.pi * 440 * np.arange(audio.RATE * 20) / audio.RATE)).astype(
                np.float32
            )
        )
        results = []
        for round_number in range(ROUNDS):
            sent = timezone.now()
            warning = actions.do_create_bulletin(
                station, title=f"Thử tải {round_number}", category="disaster",
                priority="emergency", recording=tone,
                valid_until=timezone.now() + dt.timedelta(minutes=10), acting_user=leader,
            )  # fmt: skip
            deadline = time.monotonic() + 180
            while Reach.objects.filter(airing__bulletin=warning, confirmed_at__isnull=False).count() < SPEAKERS:  # fmt: skip
                if time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            times = [
                (c - sent).total_seconds()
                for c in Reach.objects.filter(airing__bulletin=warning, confirmed_at__isnull=False)
                .values_list("confirmed_at", flat=True)
            ]  # fmt: skip
            airing = Airing.objects.filter(bulletin=warning).first()
            told = [
                (c - sent).total_seconds()
                for c in DeviceCommand.objects.filter(body__airing=airing.pk if airing else 0)
                .values_list("created_at", flat=True)
            ]  # fmt: skip
            reported = [
                at - sent.timestamp() for (pk, _), at in watch.playing.items()
                if airing and pk == airing.pk
            ]  # fmt: skip
            results.append((times, told, reported))
            while Airing.objects.filter(bulletin=warning, ended_at__isnull=True).exists():
                time.sleep(0.5)
            time.sleep(3)  # the speakers back to silence
        tts_ratio, encode_ratio = tts_speed()
    finally:
        for process in [*simulators, scheduler]:
            process.terminate()
        for process in [*simulators, scheduler]:
            process.wait(timeout=30)
        icecast.stop()
        broker.stop()
    print(f"# speakers_bench — {dt.date.today()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")  # fmt: skip
    print(f"speakers: {SPEAKERS} in {PROCESSES} simulator processes; all online after {online_after:.1f} s")  # fmt: skip
    print(f"MQTT round trip (baseline, QoS 1, 200×): p50 {statistics.median(rtts) * 1000:.2f} ms, "
          f"p99 {percentile(rtts, 0.99) * 1000:.2f} ms")  # fmt: skip
    for number, (times, told, reported) in enumerate(results, start=1):
        if not times:
            print(f"emergency {number}: no confirmation")
            continue
        print(f"emergency {number}: {len(times)}/{SPEAKERS} confirmed; send → confirmation "
              f"stored p50 {statistics.median(times):.2f} s, p99 {percentile(times, 0.99):.2f} s, "
              f"last {max(times):.2f} s")  # fmt: skip
        for label, values in (("commands written", told), ("speakers reported playing", reported)):
            if values:
                print(f"    {label}: p50 {statistics.median(values):.2f} s, "
                      f"p99 {percentile(values, 0.99):.2f} s, last {max(values):.2f} s")  # fmt: skip
    print(f"TTS + loudness + Opus: {tts_ratio:.1f} s of audio per CPU second "
          f"(encoding alone: {encode_ratio:.0f})")  # fmt: skip


if __name__ == "__main__":
    main()
