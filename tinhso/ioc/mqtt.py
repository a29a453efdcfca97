"""The MQTT connector: subscribe to station topics and take in what they publish.

A message is a JSON object from one station:

    {"station": "qt-binh-an", "time": "2026-11-22T08:00:00+07:00", "pm25": 21.5, "aqi": 45}

(every key that names an indicator is a value; "station" maps to the station's
area), or a list of such objects. QoS 1 with a persistent session (MQTT 5, clean
start off, a session that outlives a disconnection by SESSION_EXPIRY, a fixed client
id): the broker keeps messages while we are away, and we acknowledge a message only
after its observations are committed, so a worker that dies mid-way gets it again —
and ingest is idempotent, so nothing counts twice. A message that can never be taken
(not JSON, unknown station) is acknowledged and recorded as an IngestProblem, so it
does not come back forever.

Why MQTT 5: a broker sends an MQTT 3.1.1 subscriber at most `max_inflight_messages`
unacknowledged messages (Mosquitto: 20) and queues the rest up to
`max_queued_messages` (Mosquitto: 1000), dropping what is beyond. Acknowledging after
the commit then caps us at 20 messages per batch, and a burst while the database is
slow is lost on the broker. MQTT 5 lets the subscriber say how many it takes at once
(Receive Maximum), so a batch can hold thousands; the broker's own queue limit still
applies to what waits beyond that (docs/ioc.md says how to set it).
"""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as paho
from django.db import close_old_connections, connections, transaction
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from prometheus_client import Counter

from tinhso.core.input_guard import BadInput, parse_json
from tinhso.ioc.ingest import IngestResult, ingest
from tinhso.ioc.models import IngestProblem, Station

MESSAGES = Counter("tinhso_mqtt_messages", "MQTT messages stored and acknowledged.")

log = logging.getLogger(__name__)
SKIP_KEYS = {"station", "time", "quality", "id", "type"}


class BadMessage(ValueError):
    pass


def active_stations() -> dict[str, Station]:
    return {s.code: s for s in Station.objects.select_related("area").filter(is_active=True)}


def rows_from(payload: bytes, stations: dict[str, Station]) -> list[dict[str, Any]]:
    """Observation rows from one message, or BadMessage saying why not."""
    try:
        data = parse_json(payload)
    except BadInput as exc:
        raise BadMessage(f"not JSON: {exc}") from None
    items = data if isinstance(data, list) else [data]
    rows: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            raise BadMessage("each reading must be a JSON object")
        station = stations.get(str(item.get("station", "")))
        if station is None:
            raise BadMessage(f"unknown station {str(item.get('station'))[:60]!r}")
        for key, value in item.items():
            if key not in SKIP_KEYS:
                rows.append(
                    {
                        "indicator": key,
                        "area": station.area.code,
                        "time": item.get("time"),
                        "value": value,
                        "quality": item.get("quality"),
                    }
                )
    return rows


@transaction.atomic
def take(messages: list[tuple[str, bytes]]) -> IngestResult:
    """Handle a batch of (topic, payload) in one transaction: its readings and the
    problems recorded for messages that can never be taken are stored together or
    not at all. The same reading twice in a batch counts once."""
    rows: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    stations = active_stations()  # once per batch, not once per message
    for topic, payload in messages:
        try:
            for row in rows_from(payload, stations):
                rows[(row["indicator"], row["area"], row["time"])] = row
        except BadMessage as exc:
            IngestProblem.objects.create(
                connector="mqtt",
                detail=f"{topic}: {exc}"[:500],
                payload=payload[:4000].decode("utf-8", "replace"),
            )
    result = ingest(list(rows.values()), source_name="mqtt")
    if result.errors:
        IngestProblem.objects.create(
            connector="mqtt",
            detail="; ".join(f"#{e.row} {e.message}" for e in result.errors)[:500],
        )
    return result


class Connector:
    """One persistent MQTT session; `run()` blocks (the worker), `start()` does not.

    Messages are taken in batches (up to BATCH, or what came in FLUSH_SECONDS): one
    transaction for many readings instead of one each, acknowledged after the commit.
    The broker may send up to RECEIVE_MAXIMUM (the protocol's largest) before we
    acknowledge any: a batch fills while the previous one is being stored, and a burst
    waits with us instead of in the broker's queue, where Mosquitto drops what is
    beyond `max_queued_messages` (1000 by default).
    """

    BATCH = 2000
    RECEIVE_MAXIMUM = 65535
    FLUSH_SECONDS = 0.2
    RETRY_SECONDS = 1.0
    SESSION_EXPIRY = 7 * 24 * 3600  # the broker keeps our messages through a week away

    def __init__(self, url: str, topics: list[str], client_id: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 1883
        self.topics = topics
        self.received = threading.Event()  # set after each message, for tests and health
        self.subscribed = threading.Event()  # set once the broker confirmed the topics
        self._pending: list[paho.MQTTMessage] = []
        self._lock = threading.Lock()
        self._full = threading.Event()
        self._stopping = threading.Event()
        self._flusher = threading.Thread(target=self._flush_loop, daemon=True)
        self._stopper: threading.Thread | None = None
        self.client = paho.Client(
            paho.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=paho.MQTTv5,
            manual_ack=True,
        )
        if parts.username:
            self.client.username_pw_set(parts.username, parts.password)
        if parts.scheme == "mqtts":
            self.client.tls_set()
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *args: self.subscribed.set()
        self.client.on_disconnect = self._on_disconnect

    def _on_connect(
        self, client: paho.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        if reason.is_failure:
            log.warning("MQTT connection refused: %s", reason)
            return
        # Subscribing again on every (re)connection is harmless and covers a broker
        # that lost our session.
        client.subscribe([(topic, 1) for topic in self.topics])

    def _on_disconnect(
        self, client: paho.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        self.subscribed.clear()
        if not self._stopping.is_set():
            log.warning("MQTT connection lost (%s); reconnecting", reason)

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        with self._lock:
            self._pending.append(message)
            if len(self._pending) >= self.BATCH:
                self._full.set()

    def _flush_loop(self) -> None:
        try:
            while not self._stopping.is_set():
                self._full.wait(self.FLUSH_SECONDS)
                self._full.clear()
                self.flush()
        finally:
            connections.close_all()  # this thread's connection, not left for the GC

    def flush(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return
        close_old_connections()
        try:
            take([(m.topic, m.payload) for m in batch])
        except Exception:
            # Database down or similar: not acknowledged, kept and tried again after a
            # pause; if this worker dies meanwhile, the broker sends them to the next one.
            log.exception("%d MQTT message(s) not stored yet; retrying", len(batch))
            with self._lock:
                self._pending = batch + self._pending
            self._stopping.wait(self.RETRY_SECONDS)
            return
        for message in batch:
            self.client.ack(message.mid, message.qos)
        MESSAGES.inc(len(batch))
        self.received.set()

    def connect(self) -> None:
        session = Properties(PacketTypes.CONNECT)
        session.SessionExpiryInterval = self.SESSION_EXPIRY
        session.ReceiveMaximum = self.RECEIVE_MAXIMUM
        # Connected by the network thread, which retries while the broker is down.
        self.client.connect_async(
            self.host, self.port, keepalive=30, clean_start=False, properties=session
        )

    def run(self) -> None:
        """Take messages until ``request_stop()`` (SIGTERM, through the command).

        The network loop runs in paho's own thread, as with `start()`: the flusher's
        acknowledgements are then queued for that thread rather than written by paho
        from whichever thread calls `ack()`."""
        self.start()
        while not self._stopping.wait(1.0):
            pass
        if self._stopper is not None:
            self._stopper.join()

    def request_stop(self) -> None:
        """Safe from a signal handler: stop in another thread (the network loop must
        keep running to send the last acknowledgements), which ends ``run()``."""
        if self._stopper is None:
            self._stopper = threading.Thread(target=self.stop, name="mqtt-stop", daemon=True)
            self._stopper.start()

    def start(self) -> None:
        self.connect()
        self._flusher.start()
        self.client.loop_start()

    def stop(self) -> None:
        """Finish the batch in hand (stored and acknowledged, or neither), take what
        arrived meanwhile, then disconnect. Whatever is not acknowledged by then
        stays on the broker for the next session: nothing is lost or taken twice."""
        self._stopping.set()
        self._full.set()  # wake the flusher now instead of after its pause
        if self._flusher.is_alive():
            self._flusher.join()
        self.flush()  # what arrived last; on failure it stays unacknowledged on the broker
        self.client.disconnect()
        self.client.loop_stop()
        if threading.current_thread() is not threading.main_thread():
            connections.close_all()  # the stopping thread's own connection
