"""Loudspeakers' messages: bad ones change nothing, a speaker cannot speak for another
(the platform drops it and the broker's ACL stops it first), commands are repeated until
acknowledged — against a real Mosquitto with per-speaker passwords."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time

import paho.mqtt.client as paho
import pytest
from django.utils import timezone

from tests.broadcast.servers import Broker, Speakers
from tinhso.broadcast import credentials, devices, protocol
from tinhso.broadcast.choices import CommandState
from tinhso.broadcast.models import DeviceCommand, DeviceProblem, Speaker


@pytest.fixture
def speakers(radio):
    return [
        Speaker.objects.create(station=radio["station"], code=code, name=code)
        for code in ("a-01", "a-02")
    ]


def snapshot():
    return list(Speaker.objects.order_by("code").values())


A01 = "tinhso/speakers/a-01/report"
A02 = "tinhso/speakers/a-02/report"


def said(**fields):
    return json.dumps(fields).encode()


BAD = [
    ("tinhso/speakers/a-01/report", b"not json"),
    ("tinhso/speakers/a-01/report", b"[1, 2]"),
    (A01, said(device="a-02", type="playing", url="http://x/an")),
    (A01, said(device="a-01", type="explode")),
    (A01, said(device="a-01", type="heartbeat", volume=500)),
    (A01, said(device="a-01", type="heartbeat", volume="loud")),
    (A01, said(device="a-01", type="playing", airing=-4)),
    ("tinhso/speakers/a-01/report", b"{" + b" " * 5000 + b"}"),
    ("tinhso/speakers/zz-99/report", json.dumps({"device": "zz-99", "type": "heartbeat"}).encode()),
    ("tinhso/speakers/A B/report", b"{}"),
    ("tinhso/speakers/a-01/status", b"maybe"),
    ("tinhso/other/a-01/report", b"{}"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("topic", "payload"), BAD)
def test_a_bad_report_is_kept_for_the_installer_and_changes_nothing(speakers, topic, payload):
    before = snapshot()
    assert devices.take(topic, payload) is None
    assert snapshot() == before
    assert DeviceProblem.objects.get().topic == topic[:200]


@pytest.mark.django_db
def test_a_report_for_another_device_says_so():
    with pytest.raises(protocol.BadReport, match="'a-02' on the topic of 'a-01'"):
        protocol.parse_report(
            "tinhso/speakers/a-01/report", json.dumps({"device": "a-02", "type": "ack"}).encode()
        )


@pytest.mark.django_db
def test_a_good_report_moves_the_speaker(speakers):
    event = devices.take(
        "tinhso/speakers/a-01/report",
        json.dumps({"device": "a-01", "type": "heartbeat", "volume": 55}).encode(),
    )
    speaker = Speaker.objects.get(code="a-01")
    assert (speaker.online, speaker.volume) == (True, 55)
    assert event is not None and event.kind == "online"  # it was offline: the scheduler acts
    assert not DeviceProblem.objects.exists()


@pytest.fixture
def broker(speakers, settings, tmp_path):
    platform = secrets.token_urlsafe(12)
    settings.BROADCAST_MQTT_URL = f"mqtt://tinhso-radio:{platform}@127.0.0.1:1"
    passwords = {s.code: credentials.do_issue_password(s) for s in speakers}
    running = Broker(tmp_path, *credentials.write_broker_files(tmp_path / "acl"))
    settings.BROADCAST_MQTT_URL = f"mqtt://tinhso-radio:{platform}@127.0.0.1:{running.port}"
    yield running, passwords
    running.stop()


def client(port, user, password):
    connected = []
    mqtt = paho.Client(paho.CallbackAPIVersion.VERSION2, protocol=paho.MQTTv5)
    mqtt.username_pw_set(user, password)
    mqtt.on_connect = lambda c, u, f, reason, p: connected.append(not reason.is_failure)
    mqtt.connect("127.0.0.1", port)
    mqtt.loop_start()
    deadline = time.monotonic() + 5
    while not connected and time.monotonic() < deadline:
        time.sleep(0.05)
    return mqtt, bool(connected and connected[0])


@pytest.mark.django_db(transaction=True)
def test_each_speaker_logs_in_with_its_own_password_and_speaks_only_for_itself(broker, settings):
    running, passwords = broker
    _, refused = client(running.port, "a-01", "not-its-password")
    assert not refused
    link = devices.Link(settings.BROADCAST_MQTT_URL, "t-link")
    link.start()
    speaker, ok = client(running.port, "a-01", passwords["a-01"])
    assert ok
    time.sleep(0.5)  # the link's subscription is in place
    for code in ("a-02", "a-01"):  # the first is another speaker's topic: the ACL drops it
        body = {"device": code, "type": "heartbeat", "volume": 10}
        speaker.publish(protocol.report_topic(code), json.dumps(body), qos=1).wait_for_publish(5)
    time.sleep(0.5)
    received = []
    while not link.inbox.empty():
        received.append(link.inbox.get_nowait()[0])
    assert received == ["tinhso/speakers/a-01/report"]
    speaker.loop_stop()
    link.stop()


@pytest.mark.django_db(transaction=True)
def test_a_command_is_repeated_until_the_speaker_acknowledges_it(broker, monkeypatch, settings):
    running, passwords = broker
    monkeypatch.setattr(devices, "ACK_WAIT", dt.timedelta(seconds=0.5))
    link = devices.Link(settings.BROADCAST_MQTT_URL, "t-link")
    link.start()
    speaker = Speaker.objects.get(code="a-01")
    command = devices.send(link, speaker, "volume", volume=40)  # a-01 is not connected yet
    time.sleep(1)
    devices.retry_due(link)
    assert DeviceCommand.objects.get(pk=command.pk).attempts == 2
    simulated = Speakers(running.port, passwords, heartbeat=1)
    simulated.start("a-01")
    try:
        deadline = time.monotonic() + 60  # a loaded machine starts a process slowly
        while DeviceCommand.objects.get(pk=command.pk).state == CommandState.SENT:
            assert time.monotonic() < deadline, "never acknowledged"
            devices.retry_due(link)
            while not link.inbox.empty():
                devices.take(*link.inbox.get_nowait())
            time.sleep(0.3)
        assert DeviceCommand.objects.get(pk=command.pk).state == CommandState.DONE
        deadline = time.monotonic() + 30
        while Speaker.objects.get(pk=speaker.pk).volume != 40:  # its heartbeat says so
            assert time.monotonic() < deadline, "the volume never changed"
            while not link.inbox.empty():
                devices.take(*link.inbox.get_nowait())
            time.sleep(0.2)
        # A speaker that never answers: given up after MAX_ATTEMPTS, not forever.
        silent = devices.send(link, Speaker.objects.get(code="a-02"), "stop")
        for _ in range(devices.MAX_ATTEMPTS + 1):
            DeviceCommand.objects.filter(pk=silent.pk).update(last_sent_at="2000-01-01T00:00Z")
            devices.retry_due(link)
        assert DeviceCommand.objects.get(pk=silent.pk).state == CommandState.UNANSWERED
    finally:
        simulated.stop()
        link.stop()


@pytest.mark.django_db
def test_a_batch_of_reports_is_taken_in_order_and_each_ack_counts_for_its_own_speaker(radio):
    from tinhso.broadcast.choices import AiringKind
    from tinhso.broadcast.models import Airing, PlayLog, Reach

    one, two = (
        Speaker.objects.create(station=radio["station"], code=c, name=c, online=True)
        for c in ("a-01", "a-02")
    )
    airing = Airing.objects.create(
        station=radio["station"], kind=AiringKind.EMERGENCY, slot=timezone.now()
    )
    for speaker in (one, two):
        Reach.objects.create(airing=airing, speaker=speaker)
    link = devices.Link("mqtt://127.0.0.1:1", "unused")  # not connected: nothing leaves
    command = devices.send(link, one, "stop")
    url = "http://radio/an-khan-cap"
    devices.take_many([
        (A01, said(device="a-01", type="playing", url=url, airing=airing.pk)),
        (A02, said(device="a-02", type="playing", url=url, airing=airing.pk)),
        (A02, said(device="a-02", type="ack", command=str(command.pk))),
        (A02, said(device="a-02", type="stopped", url=url, seconds=3)),
        (A01, said(device="a-01", type="heartbeat", volume=30)),
    ])  # fmt: skip
    assert Reach.objects.filter(airing=airing, confirmed_at__isnull=False).count() == 2
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.playing, one.volume) == (url, 30)
    assert two.playing == ""  # it stopped after it started, in that order
    assert PlayLog.objects.get(speaker=two).seconds == 3
    # a-02 cannot acknowledge a-01's command
    assert DeviceCommand.objects.get(pk=command.pk).state == CommandState.SENT
    # a-01's stream ends: the platform is told what to do next (the scheduler's event).
    events = devices.take_many([(A01, said(device="a-01", type="finished", url=url, seconds=9))])
    assert [(e.kind, e.speaker.code, e.airing_id) for e in events] == [("ended", "a-01", airing.pk)]
    one.refresh_from_db()
    assert one.playing == "" and PlayLog.objects.get(speaker=one).seconds == 9
