"""An NGSI-LD subset (ETSI GS CIM 009): entities, batch upsert, subscriptions with
HTTP notifications, temporal retrieval. Terms are read in their compacted form
(the core @context and Smart Data Models' terms are bundled in
ioc/data/ngsi-ld-core-context.jsonld; nothing is fetched), or as the full URIs of
that context. AirQualityObserved entities become observations of the matching
indicators, so the dashboards, roll-ups and alerts see them like any station.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tinhso.core import maps, outbound
from tinhso.core.models import AdminUnit
from tinhso.core.params import EARLIEST, LATEST, parse_moment
from tinhso.ioc.ingest import ingest
from tinhso.ioc.models import NgsiEntity, NgsiSubscription, Observation, Station

CONTEXT_FILE = Path(__file__).with_name("data") / "ngsi-ld-core-context.jsonld"
CORE_CONTEXT_URL = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"
ERRORS = "https://uri.etsi.org/ngsi-ld/errors/"
# Smart Data Models' AirQualityObserved attributes → our indicator codes.
AIR_QUALITY = {
    "no2": "no2",
    "pm25": "pm25",
    "pm10": "pm10",
    "co": "co",
    "o3": "o3",
    "so2": "so2",
    "airQualityIndex": "aqi",
}
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
RESERVED = {"id", "type", "@context", "createdAt", "modifiedAt"}


class NgsiError(Exception):
    """A ProblemDetails answer: status, the standard's error type, a detail."""

    def __init__(self, status: int, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.kind, self.detail = status, kind, detail

    def body(self) -> dict[str, Any]:
        return {"type": ERRORS + self.kind, "title": self.kind, "detail": self.detail}


def bad(detail: str) -> NgsiError:
    return NgsiError(400, "BadRequestData", detail)


def not_yours(entity_id: str) -> NgsiError:
    # NGSI-LD has no "forbidden" error type; OperationNotSupported with 403 says it.
    return NgsiError(
        403,
        "OperationNotSupported",
        f"Entity {entity_id} belongs to another data source; ask an administrator for "
        "write access.",
    )


def context() -> dict[str, Any]:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _short_names() -> dict[str, str]:
    """Full URIs of the bundled context → its short terms."""
    return {v: k for k, v in context()["@context"].items() if isinstance(v, str) and "://" in v}


def compact(name: str) -> str:
    return _short_names().get(name, name)


def normalise(entity: Any) -> tuple[str, str, dict[str, Any]]:
    """(id, type, attributes) of an entity in normalised form, checked."""
    if not isinstance(entity, dict):
        raise bad("An entity must be a JSON object.")
    entity_id, kind = entity.get("id"), entity.get("type")
    if not isinstance(entity_id, str) or not URI.match(entity_id) or len(entity_id) > 255:
        raise bad(
            f"Entity id must be a URI (e.g. urn:ngsi-ld:Type:1), got {str(entity_id)[:80]!r}."
        )
    kind = compact(kind) if isinstance(kind, str) else kind
    if not isinstance(kind, str) or not NAME.match(kind):
        raise bad(f"Entity type must be a name, got {str(kind)[:80]!r}.")
    attributes: dict[str, Any] = {}
    for raw_name, attribute in entity.items():
        if raw_name in RESERVED:
            continue
        name = compact(raw_name)
        if not NAME.match(name):
            raise bad(f"Attribute name {raw_name[:80]!r} is not valid.")
        if not isinstance(attribute, dict) or attribute.get("type") not in (
            "Property",
            "GeoProperty",
            "Relationship",
        ):
            raise bad(f"Attribute {name!r} must have type Property, GeoProperty or Relationship.")
        if attribute["type"] == "Relationship" and "object" not in attribute:
            raise bad(f"Relationship {name!r} needs an object.")
        if attribute["type"] != "Relationship" and "value" not in attribute:
            raise bad(f"Attribute {name!r} needs a value.")
        attributes[name] = attribute
    return entity_id, kind, attributes


def _area_of(entity_id: str, attributes: dict[str, Any]) -> AdminUnit | None:
    station = (
        Station.objects.filter(code=entity_id.rsplit(":", 1)[-1]).select_related("area").first()
    )
    if station is not None:
        return station.area
    location = attributes.get("location", {}).get("value", {})
    if isinstance(location, dict) and location.get("type") == "Point":
        try:
            lon, lat = (float(c) for c in location["coordinates"][:2])
        except (KeyError, TypeError, ValueError):
            raise bad("location must be a GeoJSON Point [longitude, latitude].") from None
        return maps.locate(lat, lon)
    return None


def _observed_at(attribute: dict[str, Any], attributes: dict[str, Any]) -> Any:
    when = attribute.get("observedAt") or attributes.get("dateObserved", {}).get("value")
    return when or timezone.now().isoformat()


def _observations(entity: NgsiEntity, source: Any) -> None:
    if entity.type != "AirQualityObserved" or entity.area is None:
        return
    rows = [
        {
            "indicator": code,
            "area": entity.area.code,
            "time": _observed_at(entity.attributes[name], entity.attributes),
            "value": entity.attributes[name].get("value"),
        }
        for name, code in AIR_QUALITY.items()
        if name in entity.attributes
    ]
    result = ingest(rows, source_name=f"ngsi-ld:{entity.entity_id}"[:100], source=source)
    if result.errors:
        raise bad("; ".join(e.message for e in result.errors))


@transaction.atomic
def write(
    entity: Any, *, source: Any = None, create_only: bool = False, replace: bool = True
) -> tuple[NgsiEntity, bool]:
    """Create, or update the attributes of, one entity. (entity, created)."""
    entity_id, kind, attributes = normalise(entity)
    current = NgsiEntity.objects.select_for_update().filter(entity_id=entity_id).first()
    if current is not None and create_only:
        raise NgsiError(409, "AlreadyExists", f"Entity {entity_id} already exists.")
    if current is not None and not current.writable_by(source):
        raise not_yours(entity_id)
    if current is not None and current.type != kind:
        raise bad(f"Entity {entity_id} is of type {current.type}, not {kind}.")
    area = _area_of(entity_id, attributes)
    if kind == "AirQualityObserved" and area is None:
        raise bad("Cannot place this AirQualityObserved: no station with that id and no location.")
    created = current is None
    if created:
        current = NgsiEntity(
            entity_id=entity_id, type=kind, attributes=attributes, area=area, owner=source
        )
    else:
        assert current is not None
        current.attributes = attributes if replace else {**current.attributes, **attributes}
        current.area = area or current.area
    current.save()
    _observations(current, source)
    transaction.on_commit(lambda: notify_subscribers(current.pk, list(attributes)))
    return current, created


def as_json(
    entity: NgsiEntity, attrs: list[str] | None = None, key_values: bool = False
) -> dict[str, Any]:
    body: dict[str, Any] = {"id": entity.entity_id, "type": entity.type}
    for name, attribute in entity.attributes.items():
        if attrs and name not in attrs:
            continue
        if key_values:
            body[name] = attribute.get("value", attribute.get("object"))
        else:
            body[name] = attribute
    return body


# --- q: the query language subset  attr op value [; attr op value]… ------------
Q_TERM = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*$")


def parse_q(text: str) -> list[tuple[str, str, Any]]:
    terms = []
    for part in [p for p in text.split(";") if p.strip()]:
        match = Q_TERM.match(part)
        if not match:
            raise bad(f"Cannot read the query term {part[:80]!r} (use attr==value, attr>number…).")
        name, op, raw = match.groups()
        value: Any
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            value = raw[1:-1]
        else:
            try:
                value = float(raw)
            except ValueError:
                raise bad(f"Value {raw[:40]!r} must be a number or a quoted string.") from None
        terms.append((name, op, value))
    return terms


def matches(entity: NgsiEntity, terms: list[tuple[str, str, Any]]) -> bool:
    for name, op, wanted in terms:
        attribute = entity.attributes.get(name)
        if attribute is None:
            return False
        have = attribute.get("value", attribute.get("object"))
        try:
            ok = {
                "==": have == wanted,
                "!=": have != wanted,
                ">": have > wanted,
                ">=": have >= wanted,
                "<": have < wanted,
                "<=": have <= wanted,
            }[op]
        except TypeError:
            return False
        if not ok:
            return False
    return True


def query(kind: str, attrs: list[str], q: str, limit: int, offset: int) -> list[NgsiEntity]:
    if not (kind or attrs or q):
        raise bad("Give at least one of type, attrs or q.")
    terms = parse_q(q)
    found = NgsiEntity.objects.order_by("entity_id")
    if kind:
        found = found.filter(type=compact(kind))
    result = [
        e
        for e in found.iterator()
        if (not attrs or any(a in e.attributes for a in attrs)) and matches(e, terms)
    ]
    return result[offset : offset + limit]


# --- Subscriptions and notifications --------------------------------------------
def create_subscription(body: Any, source: Any) -> NgsiSubscription:
    if not isinstance(body, dict) or body.get("type") != "Subscription":
        raise bad("A subscription must be an object with type Subscription.")
    entities = body.get("entities") or []
    kind = entities[0].get("type") if entities and isinstance(entities[0], dict) else None
    if not isinstance(kind, str) or not NAME.match(compact(kind)):
        raise bad("entities[0].type is required.")
    endpoint = ((body.get("notification") or {}).get("endpoint") or {}).get("uri", "")
    if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
        raise bad("notification.endpoint.uri must be an http(s) URL.")
    host = (urlsplit(endpoint).hostname or "").lower()
    if host not in {h.lower() for h in settings.NGSI_NOTIFY_HOSTS}:
        raise bad(f"Notifications to {host!r} are not allowed here (NGSI_NOTIFY_HOSTS).")
    watched = body.get("watchedAttributes") or []
    if not isinstance(watched, list) or not all(isinstance(w, str) for w in watched):
        raise bad("watchedAttributes must be a list of names.")
    q = body.get("q") or ""
    parse_q(q)  # refuse an unreadable q now, not at notification time
    sub_id = body.get("id") or f"urn:ngsi-ld:Subscription:{uuid.uuid4()}"
    if not isinstance(sub_id, str) or not URI.match(sub_id):
        raise bad("Subscription id must be a URI.")
    if NgsiSubscription.objects.filter(subscription_id=sub_id).exists():
        raise NgsiError(409, "AlreadyExists", f"Subscription {sub_id} already exists.")
    return NgsiSubscription.objects.create(
        subscription_id=sub_id,
        entity_type=compact(kind),
        watched_attributes=[compact(w) for w in watched],
        q=q,
        endpoint=endpoint,
        source=source,
    )


def subscription_json(sub: NgsiSubscription) -> dict[str, Any]:
    return {
        "id": sub.subscription_id,
        "type": "Subscription",
        "entities": [{"type": sub.entity_type}],
        "watchedAttributes": sub.watched_attributes,
        "q": sub.q,
        "notification": {"endpoint": {"uri": sub.endpoint, "accept": "application/json"}},
        "isActive": sub.is_active,
    }


def notify_subscribers(entity_pk: int, changed: list[str]) -> int:
    """POST a Notification to each matching subscription; failures are recorded, not raised.

    Runs after the commit; for many subscribers move it to a task worker.
    """
    entity = NgsiEntity.objects.filter(pk=entity_pk).first()
    if entity is None:
        return 0
    sent = 0
    for sub in NgsiSubscription.objects.filter(is_active=True, entity_type=entity.type):
        if sub.watched_attributes and not set(sub.watched_attributes) & set(changed):
            continue
        if not matches(entity, parse_q(sub.q)):
            continue
        body: dict[str, Any] = {
            "id": f"urn:ngsi-ld:Notification:{uuid.uuid4()}",
            "type": "Notification",
            "subscriptionId": sub.subscription_id,
            "notifiedAt": timezone.now().isoformat(timespec="milliseconds"),
            "data": [as_json(entity)],
        }
        try:
            status, _body, _headers = outbound.fetch(
                "POST",
                sub.endpoint,
                json=body,
                timeout=10,
                max_bytes=65_536,
                allowed_hosts=settings.NGSI_NOTIFY_HOSTS,
            )
            ok = status < 400
        except outbound.OutboundRefused:
            ok = False
        field = "last_notification_at" if ok else "last_failure_at"
        NgsiSubscription.objects.filter(pk=sub.pk).update(**{field: timezone.now()})
        sent += ok
    return sent


# --- Temporal --------------------------------------------------------------------
def temporal(
    entity: NgsiEntity, attrs: list[str], start: dt.datetime | None, end: dt.datetime | None
) -> dict[str, Any]:
    """The entity's air-quality history, from the observations it produced."""
    body: dict[str, Any] = {"id": entity.entity_id, "type": entity.type}
    if entity.area is None:
        return body
    for name, code in AIR_QUALITY.items():
        if (attrs and name not in attrs) or name not in entity.attributes:
            continue
        rows = Observation.objects.filter(
            indicator__code=code, area=entity.area, source=f"ngsi-ld:{entity.entity_id}"[:100]
        )
        if start:
            rows = rows.filter(at__gte=start)
        if end:
            rows = rows.filter(at__lt=end)
        body[name] = [
            {"type": "Property", "value": value, "observedAt": timezone.localtime(at).isoformat()}
            for at, value in rows.order_by("at").values_list("at", "value")[:10000]
        ]
    return body


def parse_time(text: str, name: str) -> dt.datetime | None:
    if not text:
        return None
    parsed = parse_moment(text[:40], date_only=False)
    if parsed is None:
        raise bad(f"{name} must be a date-time between {EARLIEST.year} and {LATEST.year}.")
    return parsed
