"""How the platform and the IP loudspeakers talk over MQTT: topics and messages.

Django-free, so the speaker simulator (simulator.py) and a real device's integrator
read one definition. docs/loudspeakers.md shows the same with examples.

    tinhso/speakers/<code>/cmd      platform → speaker, QoS 1
        {"id": "<uuid>", "action": "play", "url": "http://…/xa-1", "priority": "normal",
         "volume": 70, "airing": 12}
        {"id": "<uuid>", "action": "stop"} · {"id": …, "action": "volume", "volume": 60}
        {"id": "<uuid>", "action": "reboot"}
    tinhso/speakers/<code>/report   speaker → platform, QoS 1
        {"device": "<code>", "type": "ack", "command": "<uuid>", "ok": true}
        {"device": "<code>", "type": "playing", "url": "…", "airing": 12, "command": "<uuid>"}
        {"device": "<code>", "type": "finished", "url": "…", "airing": 12, "seconds": 184.2}
        {"device": "<code>", "type": "heartbeat", "volume": 70, "playing": "…"}
        {"device": "<code>", "type": "error", "detail": "stream not reachable"}
    tinhso/speakers/<code>/status   speaker → platform, retained: "online" when it
        connects, "offline" as its last will (the broker publishes it when the speaker
        drops off without saying goodbye)

A speaker may only publish under its own code and read its own commands: the broker's
ACL (credentials.py writes it) enforces that, and the platform also drops a report
whose "device" is not the code in its topic.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

PREFIX = "tinhso/speakers"
REPORTS = f"{PREFIX}/+/report"
STATUSES = f"{PREFIX}/+/status"
ACTIONS = ("play", "stop", "volume", "reboot")
REPORT_TYPES = ("ack", "playing", "finished", "stopped", "heartbeat", "error")
PRIORITIES = ("normal", "priority", "emergency")
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_PAYLOAD = 4096


def command_topic(code: str) -> str:
    return f"{PREFIX}/{code}/cmd"


def report_topic(code: str) -> str:
    return f"{PREFIX}/{code}/report"


def status_topic(code: str) -> str:
    return f"{PREFIX}/{code}/status"


class BadReport(ValueError):
    """A message the platform cannot take; the text says why (kept for the installer)."""


@dataclass
class Report:
    device: str
    type: str
    command: str = ""
    ok: bool = True
    url: str = ""
    airing: int | None = None
    seconds: float = 0.0
    volume: int | None = None
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def code_of(topic: str) -> tuple[str, str]:
    """(device code, kind) from a topic under PREFIX, or BadReport."""
    parts = topic.split("/")
    if len(parts) != 4 or "/".join(parts[:2]) != PREFIX or not CODE.match(parts[2]):
        raise BadReport(f"not a speaker topic: {topic[:120]!r}")
    return parts[2], parts[3]


def _number(value: Any, kind: type, low: float, high: float) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadReport("a number was expected")
    if not low <= value <= high:
        raise BadReport(f"{value} is out of range")
    return kind(value)


def parse_report(topic: str, payload: bytes) -> Report:
    """A device's report, checked: its topic's code is the device it names."""
    code, kind = code_of(topic)
    if kind != "report":
        raise BadReport(f"not a report topic: {topic[:120]!r}")
    if len(payload) > MAX_PAYLOAD:
        raise BadReport("report too long")
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise BadReport("not JSON") from None
    if not isinstance(data, dict):
        raise BadReport("a report is a JSON object")
    if data.get("device") != code:
        raise BadReport(
            f"report for device {str(data.get('device'))[:40]!r} on the topic of {code!r}"
        )
    if data.get("type") not in REPORT_TYPES:
        raise BadReport(f"unknown report type {str(data.get('type'))[:40]!r}")
    airing = _number(data.get("airing"), int, 1, 2**62)
    return Report(
        device=code,
        type=data["type"],
        command=str(data.get("command") or "")[:40],
        ok=data.get("ok", True) is not False,
        url=str(data.get("url") or "")[:300],
        airing=airing,
        seconds=_number(data.get("seconds"), float, 0, 86_400) or 0.0,
        volume=_number(data.get("volume"), int, 0, 100),
        detail=str(data.get("detail") or "")[:300],
    )


def command(action: str, **fields: Any) -> dict[str, Any]:
    """A new command with its id (the speaker acknowledges by it; a repeat has the same
    id, so a speaker that got it twice does it once)."""
    if action not in ACTIONS:
        raise ValueError(action)
    return {"id": str(uuid.uuid4()), "action": action, **fields}


def parse_command(payload: bytes) -> dict[str, Any]:
    """For the speaker's side: a command as the platform sends it, or BadReport."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise BadReport("not JSON") from None
    if not isinstance(data, dict) or data.get("action") not in ACTIONS or not data.get("id"):
        raise BadReport("not a command")
    if data["action"] == "play" and not str(data.get("url", "")).startswith(
        ("http://", "https://")
    ):
        raise BadReport("play needs an http(s) URL")
    return data
