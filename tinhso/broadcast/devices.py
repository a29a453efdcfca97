"""The platform's side of the loudspeakers' MQTT: commands out, reports in.

`Link` is the connection (paho, MQTT 5). Reports arrive on paho's thread and wait in a
queue; the scheduler's own thread takes them (`take`), so every database write happens
on one thread. Several run_broadcasts processes share the reports through a shared
subscription ($share/…): each report is handled once, by any of them — a report needs
only the database, not the process that sent the command.

A command is a DeviceCommand row first, then a QoS 1 message; a speaker acknowledges it
by id, and `retry_due` sends it again (same id: the speaker does it once) every ACK_WAIT
until MAX_ATTEMPTS, then it is "unanswered". A newer play/stop for a speaker supersedes
the older ones still waiting, so a speaker back from a power cut is not walked through
a morning of stale orders.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import operator
import queue
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as paho
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tinhso.broadcast import protocol
from tinhso.broadcast.choices import CommandState
from tinhso.broadcast.models import Airing, DeviceCommand, DeviceProblem, PlayLog, Reach, Speaker

log = logging.getLogger(__name__)
ACK_WAIT = dt.timedelta(seconds=5)
MAX_ATTEMPTS = 5
SHARE = "$share/tinhso-radio/"


class Link:
    """One MQTT connection for the scheduler: publish commands, queue reports."""

    def __init__(self, url: str, client_id: str) -> None:
        parts = urlsplit(url)
        self.inbox: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self.client = paho.Client(
            paho.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv5
        )
        if parts.username:
            self.client.username_pw_set(unquote(parts.username), unquote(parts.password or ""))
        if parts.scheme == "mqtts":
            self.client.tls_set()
        self.client.on_connect = self._connected
        self.client.on_message = lambda client, userdata, message: self.inbox.put(
            (message.topic, message.payload)
        )
        self.client.reconnect_delay_set(1, 30)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 1883

    def start(self) -> None:
        # Asynchronous: a broker not up yet (or restarting) is retried, not fatal.
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def _connected(
        self, client: paho.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        if reason.is_failure:
            log.error("the broker refused the platform's account: %s", reason)
            return
        client.subscribe([(SHARE + protocol.REPORTS, 1), (SHARE + protocol.STATUSES, 1)])

    def publish(self, topic: str, body: dict[str, Any]) -> None:
        self.client.publish(topic, json.dumps(body), qos=1)


def send(link: Link, speaker: Speaker, action: str, **fields: Any) -> DeviceCommand:
    body = protocol.command(action, **fields)
    now = timezone.now()
    if action in ("play", "stop"):
        DeviceCommand.objects.filter(
            speaker=speaker, action__in=("play", "stop"), state=CommandState.SENT
        ).update(state=CommandState.SUPERSEDED, answered_at=now)
    command = DeviceCommand.objects.create(
        id=body["id"], speaker=speaker, action=action, body=body, attempts=1, last_sent_at=now
    )
    link.publish(protocol.command_topic(speaker.code), body)
    return command


@transaction.atomic
def send_many(link: Link, speakers: list[Speaker], action: str, **fields: Any) -> int:
    """The same command to many speakers at once (an emergency to a commune): the
    rows in three statements whatever the count, then the messages — with 1 000
    speakers, one row at a time took seconds before the last speaker was told."""
    if not speakers:
        return 0
    now = timezone.now()
    if action in ("play", "stop"):
        DeviceCommand.objects.filter(
            speaker__in=speakers, action__in=("play", "stop"), state=CommandState.SENT
        ).update(state=CommandState.SUPERSEDED, answered_at=now)
    bodies = [(speaker, protocol.command(action, **fields)) for speaker in speakers]
    DeviceCommand.objects.bulk_create(
        DeviceCommand(id=body["id"], speaker=speaker, action=action, body=body, attempts=1,
                      last_sent_at=now)
        for speaker, body in bodies
    )  # fmt: skip

    def publish_all() -> None:  # after the commit: an ack never finds no row
        for speaker, body in bodies:
            link.publish(protocol.command_topic(speaker.code), body)

    transaction.on_commit(publish_all)
    return len(bodies)


def retry_due(link: Link) -> int:
    """Send again what was not acknowledged in time; give up after MAX_ATTEMPTS."""
    now = timezone.now()
    waiting = DeviceCommand.objects.filter(
        state=CommandState.SENT, last_sent_at__lt=now - ACK_WAIT
    ).select_related("speaker")
    again = 0
    for command in waiting[:500]:
        if command.attempts >= MAX_ATTEMPTS:
            command.state, command.answered_at = CommandState.UNANSWERED, now
            command.save(update_fields=["state", "answered_at"])
            continue
        link.publish(protocol.command_topic(command.speaker.code), command.body)
        command.attempts += 1
        command.last_sent_at = now
        command.save(update_fields=["attempts", "last_sent_at"])
        again += 1
    return again


@dataclass
class Event:
    """What the scheduler must act on after a report: a speaker came back, or a speaker
    finished what it was told to play (an emergency it caught up on)."""

    kind: str  # "online" | "ended"
    speaker: Speaker
    airing_id: int | None = None


def _problem(topic: str, detail: str, payload: bytes) -> None:
    DeviceProblem.objects.create(
        topic=topic[:200], detail=detail[:300], payload=payload[:2000].decode("utf-8", "replace")
    )


FAST = ("ack", "heartbeat")


def take_many(messages: list[tuple[str, bytes]]) -> list[Event]:
    """Many messages in one transaction (one commit instead of one each: with 1 000
    speakers confirming an emergency the commits were most of the wait). Acknowledgements
    and heartbeats of speakers already online — most of the traffic, and order does not
    matter for them — are stored in a few statements; the rest one by one, in order."""
    events: list[Event] = []
    with transaction.atomic():
        parsed: list[tuple[str, bytes, protocol.Report | None]] = []
        for topic, payload in messages:
            try:
                parsed.append((topic, payload, _report_or_none(topic, payload)))
            except protocol.BadReport as exc:
                _problem(topic, str(exc), payload)
        codes = {report.device for _, _, report in parsed if report is not None}
        online = dict(Speaker.objects.filter(code__in=codes).values_list("code", "online"))
        fast = [r for _, _, r in parsed if r and r.type in FAST and online.get(r.device)]
        _take_fast(fast)
        # "playing" in bulk too where it is the speaker's only message in the batch whose
        # order matters (a "stopped" after it must be taken after it).
        ordered = Counter(r.device for _, _, r in parsed if r and r.type not in FAST)
        alone = [r for _, _, r in parsed if r and r.type not in FAST
                 and online.get(r.device) and ordered[r.device] == 1]  # fmt: skip
        playing = [r for r in alone if r.type == "playing"]
        ended = [r for r in alone if r.type in ("finished", "stopped")]
        _take_playing(playing)
        events += _take_ended(ended)
        done = {id(report) for report in fast + playing + ended}
        for topic, payload, report in parsed:
            if id(report) not in done:
                event = take(topic, payload)
                if event is not None:
                    events.append(event)
    return events


def _report_or_none(topic: str, payload: bytes) -> protocol.Report | None:
    """A report, checked; None for a status message (handled by `take`)."""
    _code, kind = protocol.code_of(topic)
    return None if kind == "status" else protocol.parse_report(topic, payload)


def _take_fast(reports: list[protocol.Report]) -> None:
    if not reports:
        return
    now = timezone.now()
    Speaker.objects.filter(code__in={r.device for r in reports}).update(last_seen=now)
    volumes: dict[int, set[str]] = {}
    for report in reports:
        if report.volume is not None:
            volumes.setdefault(report.volume, set()).add(report.device)
    for volume, codes in volumes.items():
        Speaker.objects.filter(code__in=codes).exclude(volume=volume).update(volume=volume)
    for ok, state in ((True, CommandState.DONE), (False, CommandState.REFUSED)):
        # Each acknowledgement counts only for its own speaker's command.
        pairs = [Q(pk=_uuid(r.command), speaker__code=r.device) for r in reports
                 if r.type == "ack" and r.ok is ok and _uuid(r.command)]  # fmt: skip
        if pairs:
            matching = functools.reduce(operator.or_, pairs)
            DeviceCommand.objects.filter(matching, state=CommandState.SENT).update(
                state=state, answered_at=now
            )


def _take_playing(reports: list[protocol.Report]) -> None:
    """Speakers that started playing: their play log rows, what they play, and their
    confirmation of the airing — a few statements for a commune's worth of speakers."""
    if not reports:
        return
    now = timezone.now()
    speakers = {s.code: s for s in Speaker.objects.filter(code__in={r.device for r in reports})}
    stations = dict(
        Airing.objects.filter(pk__in={r.airing for r in reports if r.airing}).values_list(
            "pk", "station_id"
        )
    )
    plays, by_url, by_airing = [], defaultdict(set), defaultdict(set)
    for report in reports:
        speaker = speakers[report.device]
        airing = report.airing if stations.get(report.airing or 0) == speaker.station_id else None
        plays.append(PlayLog(speaker=speaker, airing_id=airing, url=report.url, started_at=now))
        by_url[report.url].add(speaker.pk)
        if airing:
            by_airing[airing].add(speaker.pk)
    PlayLog.objects.bulk_create(plays)
    for url, pks in by_url.items():
        Speaker.objects.filter(pk__in=pks).update(playing=url, playing_since=now, last_seen=now)
    for airing, pks in by_airing.items():
        Reach.objects.filter(airing=airing, speaker__in=pks, confirmed_at__isnull=True).update(
            confirmed_at=now
        )


def _take_ended(reports: list[protocol.Report]) -> list[Event]:
    """Speakers that finished or stopped: each closes its oldest open play of that URL
    (as `take` does), and is silent once none is left open."""
    if not reports:
        return []
    now = timezone.now()
    speakers = {s.code: s for s in Speaker.objects.filter(code__in={r.device for r in reports})}
    open_plays = PlayLog.objects.filter(
        speaker__in=speakers.values(), ended_at__isnull=True
    ).order_by("started_at")
    oldest: dict[tuple[int, str], PlayLog] = {}
    still_open: Counter[int] = Counter()
    for play in open_plays:
        oldest.setdefault((play.speaker_id, play.url), play)
        still_open[play.speaker_id] += 1
    closed, events = [], []
    for report in reports:
        speaker = speakers[report.device]
        match = oldest.pop((speaker.pk, report.url), None)
        if match is not None:
            match.ended_at, match.seconds = now, report.seconds
            closed.append(match)
            still_open[speaker.pk] -= 1
        events.append(Event("ended", speaker, match.airing_id if match else report.airing))
    PlayLog.objects.bulk_update(closed, ["ended_at", "seconds"])
    silent = [s.pk for s in speakers.values() if still_open[s.pk] <= 0]
    Speaker.objects.filter(pk__in=silent).update(playing="", playing_since=None, last_seen=now)
    return events


@transaction.atomic
def take(topic: str, payload: bytes) -> Event | None:
    """One message from a speaker, stored; what the scheduler must do about it."""
    try:
        code, kind = protocol.code_of(topic)
        if kind == "status":
            return _status(code, payload)
        report = protocol.parse_report(topic, payload)
    except protocol.BadReport as exc:
        _problem(topic, str(exc), payload)
        return None
    speaker = Speaker.objects.select_for_update().filter(code=report.device).first()
    if speaker is None:
        _problem(topic, f"unknown device {report.device!r}", payload)
        return None
    now = timezone.now()
    came_back = not speaker.online
    speaker.online, speaker.last_seen = True, now
    fields = ["online", "last_seen"]
    event: Event | None = Event("online", speaker) if came_back else None
    if report.volume is not None:
        speaker.volume = report.volume
        fields.append("volume")
    command_id = _uuid(report.command)
    if report.type == "ack" and command_id:
        DeviceCommand.objects.filter(
            pk=command_id, speaker=speaker, state=CommandState.SENT
        ).update(state=CommandState.DONE if report.ok else CommandState.REFUSED, answered_at=now)
    elif report.type == "playing":
        speaker.playing, speaker.playing_since = report.url, now
        fields += ["playing", "playing_since"]
        airing = (
            Airing.objects.filter(pk=report.airing, station=speaker.station_id).first()
            if report.airing
            else None
        )
        PlayLog.objects.create(speaker=speaker, airing=airing, url=report.url, started_at=now)
        if airing is not None:
            Reach.objects.filter(airing=airing, speaker=speaker, confirmed_at__isnull=True).update(
                confirmed_at=now
            )
    elif report.type in ("finished", "stopped"):
        # The oldest open play of that URL: a player stopped late (its report after the
        # next one's "playing") closes its own play, not the one now sounding.
        plays = PlayLog.objects.filter(speaker=speaker, ended_at__isnull=True)
        open_play = plays.filter(url=report.url).order_by("started_at").first()
        if open_play is not None:
            open_play.ended_at, open_play.seconds = now, report.seconds
            open_play.save(update_fields=["ended_at", "seconds"])
        if not plays.exists():
            speaker.playing, speaker.playing_since = "", None
            fields += ["playing", "playing_since"]
        event = Event("ended", speaker, open_play.airing_id if open_play else report.airing)
    elif report.type == "error":
        speaker.last_error = report.detail
        fields.append("last_error")
    speaker.save(update_fields=fields)
    return event


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _status(code: str, payload: bytes) -> Event | None:
    state = payload.decode("ascii", "replace").strip()
    if state not in ("online", "offline"):
        _problem(protocol.status_topic(code), "status is online or offline", payload)
        return None
    speaker = Speaker.objects.select_for_update().filter(code=code).first()
    if speaker is None:
        _problem(protocol.status_topic(code), f"unknown device {code!r}", payload)
        return None
    online = state == "online"
    came_back = online and not speaker.online
    speaker.online, speaker.last_seen = online, timezone.now()
    fields = ["online", "last_seen"]
    if not online:
        speaker.playing, speaker.playing_since = "", None
        fields += ["playing", "playing_since"]
        PlayLog.objects.filter(speaker=speaker, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
    speaker.save(update_fields=fields)
    return Event("online", speaker) if came_back else None
