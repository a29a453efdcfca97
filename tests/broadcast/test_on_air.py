"""On the air with real parts: Icecast streams, Mosquitto with per-speaker accounts,
twenty simulated loudspeakers as separate processes in two communes, the scheduler.

The emergency test (issue 20): a programme plays on all twenty; an emergency for one
commune interrupts exactly its speakers, they confirm within 60 s, then the programme
resumes; a speaker that was offline catches up when it returns only while the bulletin
is still valid."""

from __future__ import annotations

import datetime as dt
import secrets
import time

import numpy as np
import pytest
from django.utils import timezone

from tests.broadcast.servers import Broker, Icecast, SchedulerThread, Speakers
from tests.conftest import grant, make_user
from tinhso.accounts.choices import Role
from tinhso.broadcast import actions, credentials, programmes
from tinhso.broadcast import derived as figures
from tinhso.broadcast.choices import AiringKind, AiringState, Priority
from tinhso.broadcast.devices import Link
from tinhso.broadcast.models import Airing, AiringItem, PlayLog, Reach, Speaker, Station
from tinhso.core import audio

pytestmark = pytest.mark.django_db(transaction=True)  # the scheduler works on its own thread


def wait_until(check, seconds=60.0, what=""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    speakers = [
        (s.code, s.online, s.playing, s.last_error) for s in Speaker.objects.order_by("code")
    ]
    silent = Speaker.objects.filter(online=False).values_list("code", flat=True)
    logs = {code: LOGS.log(code) for code in silent} if LOGS else {}
    raise AssertionError(f"not within {seconds:.0f} s: {what}; {speakers}; their logs: {logs}")


def long_tone(seconds: float) -> bytes:
    t = np.arange(int(audio.RATE * seconds)) / audio.RATE
    return audio.encode_opus((0.1 * np.sin(2 * np.pi * 330 * t)).astype(np.float32))


@pytest.fixture
def on_air(places, settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BROADCAST_EMERGENCY_REPEAT = 1
    platform_password = secrets.token_urlsafe(12)
    settings.BROADCAST_MQTT_URL = f"mqtt://tinhso-radio:{platform_password}@127.0.0.1:1"
    stations, passwords, leaders = {}, {}, {}
    for key, unit, mount in (("a", "ward_ubnd", "an"), ("b", "commune_ubnd", "binh")):
        station = Station.objects.create(unit=places[unit], name=f"Đài {mount}", mount=mount)
        stations[key] = station
        leader = make_user(f"+8490100061{len(leaders)}", "Lãnh đạo")
        grant(leader, places[unit], Role.EMERGENCY_BROADCASTER)
        leaders[key] = grant(leader, places[unit], Role.APPROVER)
        for n in range(1, 11):
            speaker = Speaker.objects.create(
                station=station, code=f"{key}-{n:02d}", name=f"Loa {key}{n}", area=places[unit].area
            )
            passwords[speaker.code] = credentials.do_issue_password(speaker)
    passwd, acl = credentials.write_broker_files(tmp_path / "broker")
    broker = Broker(tmp_path / "broker", passwd, acl)
    icecast = Icecast(tmp_path / "icecast")
    settings.BROADCAST_MQTT_URL = f"mqtt://tinhso-radio:{platform_password}@127.0.0.1:{broker.port}"
    settings.ICECAST_URL = settings.BROADCAST_STREAM_URL = icecast.url
    settings.ICECAST_SOURCE_PASSWORD = icecast.password
    settings.SITE_URL = live_server.url
    speakers = Speakers(broker.port, passwords)
    global LOGS
    LOGS = speakers
    link = Link(settings.BROADCAST_MQTT_URL, "tinhso-radio-test")
    link.start()
    yield {"stations": stations, "leaders": leaders, "speakers": speakers, "link": link,
           "icecast": icecast, "broker": broker}  # fmt: skip
    speakers.stop()
    link.stop()
    icecast.stop()
    broker.stop()


def programme_with(station, leader, seconds):
    bulletin = actions.do_create_bulletin(
        station, title="Chương trình thời sự", category="policy", recording=long_tone(seconds),
        valid_until=timezone.now() + dt.timedelta(hours=2), acting_user=leader,
    )  # fmt: skip
    actions.do_submit(bulletin, acting_user=leader)
    actions.do_approve(bulletin, acting_user=leader)
    return programmes.do_add_programme(
        station, name="Bản tin sáng", starts=timezone.now(), minutes=30,
        days=list(programmes.DAYS), acting_user=leader,
    )  # fmt: skip


def playing(code, mount_or_part, icecast=None):
    speaker = Speaker.objects.get(code=code)
    return speaker.online and mount_or_part in speaker.playing


def test_an_emergency_interrupts_one_commune_then_its_programme_resumes(on_air):
    a = on_air["stations"]["a"]
    base = on_air["icecast"].url
    a_codes = [f"a-{n:02d}" for n in range(1, 11)]
    b_codes = [f"b-{n:02d}" for n in range(1, 11)]
    for key in ("a", "b"):
        programme_with(on_air["stations"][key], on_air["leaders"][key], seconds=150)
    scheduler = SchedulerThread(on_air["link"])
    try:
        on_air["speakers"].start()
        wait_until(
            lambda: (
                all(playing(c, f"{base}/an") for c in a_codes)
                and all(playing(c, f"{base}/binh") for c in b_codes)
            ),
            what="all twenty speakers playing their commune's programme",
        )
        on_air["speakers"].stop("a-10")  # its power is cut before the storm warning
        wait_until(lambda: not Speaker.objects.get(code="a-10").online, 20, "a-10 offline")

        warning = actions.do_create_bulletin(
            a, title="Bão số 9 đổ bộ", category="disaster", priority=Priority.EMERGENCY,
            text="Khẩn cấp: bão số 9 sắp đổ bộ. Người dân không ra khỏi nhà.",
            valid_until=timezone.now() + dt.timedelta(minutes=20),
            acting_user=on_air["leaders"]["a"],
        )  # fmt: skip
        wait_until(lambda: Airing.objects.filter(bulletin=warning).exists(), 20, "emergency on air")
        emergency = Airing.objects.get(bulletin=warning)
        confirmed = Reach.objects.filter(airing=emergency, confirmed_at__isnull=False)
        wait_until(lambda: confirmed.count() == 9, 60, "nine online speakers of An confirm")
        assert set(confirmed.values_list("speaker__code", flat=True)) == set(a_codes[:9])
        slowest = max(r.confirmed_at - emergency.started_at for r in confirmed)
        assert slowest <= dt.timedelta(seconds=60)
        # Bình's speakers never heard it and kept their programme.
        assert not PlayLog.objects.filter(
            speaker__code__in=b_codes, url__contains="khan-cap"
        ).exists()
        assert all(playing(c, f"{base}/binh") for c in b_codes)

        wait_until(lambda: Airing.objects.get(pk=emergency.pk).state == AiringState.DONE, 60,
                   "the emergency aired to its end")  # fmt: skip
        wait_until(lambda: all(playing(c, f"{base}/an") for c in a_codes[:9]), 30,
                   "An's speakers back on the programme")  # fmt: skip
        programme_airing = Airing.objects.get(station=a, kind=AiringKind.PROGRAMME)
        assert programme_airing.state == AiringState.ON_AIR

        # a-10 returns while the warning is valid: it plays the bulletin it missed.
        on_air["speakers"].start("a-10")
        wait_until(lambda: Reach.objects.filter(airing=emergency, speaker__code="a-10",
                                                confirmed_at__isnull=False).exists(), 30,
                   "a-10 caught up")  # fmt: skip
        assert Reach.objects.get(airing=emergency, speaker__code="a-10").caught_up
        assert PlayLog.objects.filter(speaker__code="a-10", url__contains="/radio/").exists()
        wait_until(lambda: playing("a-10", f"{base}/an"), 30, "a-10 back on the programme")
        # The IOC's figure: nine of ten confirmed within 60 s (a-10 caught up later).
        today = (timezone.now() - dt.timedelta(hours=1), timezone.now() + dt.timedelta(hours=1))
        assert figures.emergency_reach(a.unit.area, *today) == 90.0
        assert figures.speakers_online(on_air["stations"]["b"].unit.area, *today) == 100.0

        # a-09 leaves and returns after the warning expired: nothing to catch up on.
        on_air["speakers"].stop("a-09")
        wait_until(lambda: not Speaker.objects.get(code="a-09").online, 20, "a-09 offline")
        Reach.objects.filter(airing=emergency, speaker__code="a-09").update(confirmed_at=None)
        type(warning).objects.filter(pk=warning.pk).update(valid_until=timezone.now())
        on_air["speakers"].start("a-09")
        wait_until(lambda: playing("a-09", f"{base}/an"), 30, "a-09 back on the programme")
        assert not PlayLog.objects.filter(speaker__code="a-09", url__contains="/radio/").exists()
    finally:
        scheduler.stop()
    # One airing per slot and per emergency, whatever the ticks did.
    assert Airing.objects.filter(kind=AiringKind.PROGRAMME).count() == 2
    assert Airing.objects.filter(kind=AiringKind.EMERGENCY).count() == 1
    assert AiringItem.objects.filter(started_at__isnull=False).count() == 2
