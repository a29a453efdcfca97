"""The MQTT connector against a real Mosquitto broker on loopback (Debian's mosquitto)."""

import contextlib
import getpass
import io
import json
import os
import shutil
import socket
import subprocess
import time
import uuid

import paho.mqtt.client as paho
import pytest
from django.utils import timezone

from tinhso.core.models import AdminUnit
from tinhso.ioc.models import IngestProblem, Observation, Station
from tinhso.ioc.mqtt import Connector

pytestmark = pytest.mark.django_db(transaction=True)  # the connector writes from its own thread
TOPIC = "tinhso/stations/qt-an/observations"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """mosquitto on 127.0.0.1 with persistence, so a restart keeps sessions and messages."""

    def __init__(self, folder):
        self.port = free_port()
        self.config = folder / "mosquitto.conf"
        self.config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\n"
            f"persistence true\npersistence_location {folder}/\nautosave_interval 1\n"
            # As root, mosquitto would switch to its own user, who cannot write here.
            + (f"user {getpass.getuser()}\n" if os.geteuid() == 0 else "")
        )
        self.process = None

    def start(self):
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self.process = subprocess.Popen([binary, "-c", str(self.config)], stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self):
        self.process.terminate()  # SIGTERM: mosquitto saves its persistence file
        self.process.wait(timeout=10)

    @property
    def url(self):
        return f"mqtt://127.0.0.1:{self.port}"


@pytest.fixture
def broker(tmp_path):
    if not (shutil.which("mosquitto") or shutil.which("/usr/sbin/mosquitto")):
        pytest.fail("mosquitto is missing: run `make system-deps` (apt-get install mosquitto)")
    running = Broker(tmp_path)
    running.start()
    yield running
    if running.process.poll() is None:
        running.stop()


@pytest.fixture
def station(pm25, places):
    return Station.objects.create(
        code="qt-an",
        name="Trạm An",
        area=AdminUnit.objects.get(code="01001"),
        latitude=1,
        longitude=1,
    )


def publish(url, payloads):
    """Publish with QoS 1 and wait until the broker has each one."""
    port = int(url.rsplit(":", 1)[1])
    client = paho.Client(
        paho.CallbackAPIVersion.VERSION2, client_id=f"station-{uuid.uuid4().hex[:6]}"
    )
    client.connect("127.0.0.1", port)
    client.loop_start()
    for payload in payloads:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        client.publish(TOPIC, body, qos=1).wait_for_publish(timeout=5)
    client.loop_stop()
    client.disconnect()


def reading(value, minutes_ago=0):
    at = timezone.localtime() - timezone.timedelta(minutes=minutes_ago)
    return {"station": "qt-an", "time": at.isoformat(), "pm25": value}


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def connector(url, client_id="ioc-test"):
    return Connector(url, ["tinhso/stations/+/observations"], client_id)


@contextlib.contextmanager
def running(url, client_id):
    """A started, subscribed connector, stopped afterwards whatever happened."""
    worker = connector(url, client_id)
    worker.start()
    try:
        assert worker.subscribed.wait(10)
        yield worker
    finally:
        worker.stop()


def test_station_readings_arrive_and_bad_messages_are_recorded(broker, station):
    worker = connector(broker.url)
    worker.start()
    try:
        assert worker.subscribed.wait(10)
        publish(
            broker.url,
            [reading(12.5, 2), b"not json {", {"station": "khong-co", "pm25": 1}, reading(14, 1)],
        )
        assert wait_for(lambda: Observation.objects.count() == 2)
        assert wait_for(lambda: IngestProblem.objects.count() == 2)
        details = " ".join(IngestProblem.objects.values_list("detail", flat=True))
        assert "not JSON" in details and "khong-co" in details
        assert sorted(Observation.objects.values_list("value", flat=True)) == [12.5, 14]
    finally:
        worker.stop()


def test_messages_sent_while_the_worker_was_away_are_not_lost(broker, station):
    first = connector(broker.url, "ioc-persistent")
    first.start()
    assert first.subscribed.wait(10)
    first.stop()  # the session stays on the broker (clean_session off)
    publish(broker.url, [reading(21, 3), reading(22, 2)])
    second = connector(broker.url, "ioc-persistent")
    second.start()
    try:
        assert wait_for(lambda: Observation.objects.count() == 2)
    finally:
        second.stop()


def test_the_worker_reconnects_after_the_broker_restarts(broker, station):
    worker = connector(broker.url, "ioc-restart")
    worker.start()
    try:
        assert worker.subscribed.wait(10)
        first = reading(30, 5)
        publish(broker.url, [first])
        assert wait_for(lambda: Observation.objects.count() == 1)
        broker.stop()
        assert wait_for(lambda: not worker.client.is_connected())
        broker.start()
        assert wait_for(lambda: worker.subscribed.is_set(), seconds=40)
        publish(broker.url, [reading(31, 4), first])  # the second one is a resend
        assert wait_for(lambda: Observation.objects.count() == 2)
        time.sleep(0.5)
        assert Observation.objects.count() == 2  # nothing counted twice
    finally:
        worker.stop()


def test_a_batch_that_could_not_be_stored_is_kept_and_retried(broker, station, monkeypatch):
    from tinhso.ioc import mqtt

    real_take = mqtt.take
    calls = []

    def database_down_once(messages):
        calls.append(messages)
        if len(calls) == 1:
            raise RuntimeError("database is down")
        return real_take(messages)

    monkeypatch.setattr(mqtt, "take", database_down_once)
    with running(broker.url, "ioc-retry"):
        publish(broker.url, [reading(40, 1)])
        assert wait_for(lambda: Observation.objects.count() == 1)
        assert len(calls) == 2  # failed once, kept, stored on the retry


def test_unacknowledged_messages_go_to_the_next_worker(broker, station, monkeypatch):
    from tinhso.ioc import mqtt

    def database_down(messages):
        raise RuntimeError("database is down")

    monkeypatch.setattr(mqtt, "take", database_down)
    worker = connector(broker.url, "ioc-redeliver")
    worker.start()
    assert worker.subscribed.wait(10)
    publish(broker.url, [reading(41, 1)])
    time.sleep(0.5)
    worker.stop()  # the worker dies with the message unacknowledged
    monkeypatch.undo()
    again = connector(broker.url, "ioc-redeliver")
    again.start()
    try:
        assert wait_for(lambda: Observation.objects.count() == 1)
    finally:
        again.stop()


def test_sigterm_mid_batch_finishes_it_and_each_message_is_taken_once(
    broker, station, monkeypatch, settings
):
    """A deploy restarts the worker: SIGTERM arrives while a batch is being stored. The
    batch is finished and acknowledged, the worker exits, and the next worker gets
    exactly the messages that were not taken — none lost, none taken twice."""
    import signal
    import threading

    from django.core.management import call_command

    from tinhso.ioc import mqtt

    settings.MQTT_URL = broker.url
    settings.MQTT_TOPICS = ["tinhso/stations/+/observations"]
    settings.MQTT_CLIENT_ID = "ioc-sigterm"
    session = connector(broker.url, "ioc-sigterm")  # the session that will hold them
    session.start()
    assert session.subscribed.wait(10)
    session.stop()
    publish(broker.url, [reading(float(n), minutes_ago=n) for n in range(1, 41)])

    monkeypatch.setattr(mqtt.Connector, "BATCH", 10)
    real_take = mqtt.take
    taken: list[bytes] = []
    in_batch = threading.Event()

    def slow_take(messages):
        in_batch.set()
        time.sleep(0.3)  # the signal lands while this batch is being stored
        result = real_take(messages)
        taken.extend(payload for _topic, payload in messages)
        return result

    monkeypatch.setattr(mqtt, "take", slow_take)

    def terminate():
        assert in_batch.wait(10)
        os.kill(os.getpid(), signal.SIGTERM)

    before = signal.getsignal(signal.SIGTERM)
    threading.Thread(target=terminate, daemon=True).start()
    call_command("mqtt_ingest", stdout=io.StringIO())  # returns after SIGTERM

    first_worker = len(taken)
    assert first_worker >= 1 and Observation.objects.count() == first_worker
    assert signal.getsignal(signal.SIGTERM) is before  # handlers given back

    again = connector(broker.url, "ioc-sigterm")
    again.start()
    try:
        assert wait_for(lambda: Observation.objects.count() == 40)
        time.sleep(0.5)
    finally:
        again.stop()
    assert len(taken) == 40 and len(set(taken)) == 40  # each message taken exactly once
    assert Observation.objects.count() == 40


def test_a_burst_beyond_the_brokers_queue_is_not_lost(broker, station, monkeypatch):
    """Mosquitto's defaults: 20 unacknowledged messages in flight to an MQTT 3.1.1
    subscriber, 1000 queued behind them, the rest dropped. A station network that sends
    1500 readings while a batch is being stored lost some of them. The connector asks
    (MQTT 5 Receive Maximum) for thousands in flight, so none waits in that queue."""
    from tinhso.ioc import mqtt

    sizes: list[int] = []
    real_take = mqtt.take

    def counting_take(messages):
        sizes.append(len(messages))
        return real_take(messages)

    monkeypatch.setattr(mqtt, "take", counting_take)
    with running(broker.url, "ioc-burst"):
        publish_many(broker.url, [reading(float(n), minutes_ago=n) for n in range(1, 1501)])
        assert wait_for(lambda: Observation.objects.count() == 1500, seconds=30)
    assert sum(sizes) == 1500
    assert max(sizes) > 100, sizes


def publish_many(url, payloads):
    """Publish with QoS 1 without waiting for each: all in flight, then all confirmed."""
    port = int(url.rsplit(":", 1)[1])
    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="station-burst")
    client.max_inflight_messages_set(len(payloads))
    client.connect("127.0.0.1", port)
    client.loop_start()
    sent = [client.publish(TOPIC, json.dumps(p).encode(), qos=1) for p in payloads]
    for info in sent:
        info.wait_for_publish(timeout=10)
    client.loop_stop()
    client.disconnect()
