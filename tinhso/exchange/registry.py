"""The registry as the gateway reads it on every call, kept in the process.

Four queries a call (the client, the service, its rights, then the log) cost more than
forwarding the call itself (bench/exchange_bench.py), and the registry changes a few
times a day. So each process keeps the active services, their active rights and the
subsystems by OAuth client, and reads them again:

- at once in the process that made a change (any save or delete of a member,
  subsystem, service, access right or OAuth client: signals);
- within ``REGISTRY_SECONDS`` in every other process (a revoked right stops working
  on every gateway process within that time; docs/exchange.md says so).

Validated tokens are kept the same way (``token_client``): a token's hash → its
client, for at most ``REGISTRY_SECONDS`` and never past the token's own expiry.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from tinhso.exchange.identifiers import ServiceId
from tinhso.exchange.models import AccessRight, Service, Subsystem

REGISTRY_SECONDS = 5.0
MAX_TOKENS = 10_000
WATCHED = {
    "exchange.Member",
    "exchange.Subsystem",
    "exchange.Service",
    "exchange.AccessRight",
    "oauth2_provider.Application",
}


@dataclass
class Snapshot:
    services: dict[str, Service] = field(default_factory=dict)  # by str(ServiceId)
    rights: dict[tuple[int, int], list[AccessRight]] = field(default_factory=dict)
    by_client: dict[int, Subsystem] = field(default_factory=dict)  # OAuth client pk →
    taken_at: float = 0.0


_lock = threading.Lock()
_snapshot = Snapshot()
_tokens: dict[str, tuple[int, float, float]] = {}  # hash → (client pk, until, expires)


def _load() -> Snapshot:
    found = Snapshot(taken_at=time.monotonic())
    services = Service.objects.select_related("subsystem__member").filter(
        is_active=True, subsystem__is_active=True, subsystem__member__is_active=True
    )
    for service in services:
        found.services[str(service.identifier)] = service
    for right in AccessRight.objects.filter(revoked_at__isnull=True):
        key = (right.service_id, right.client_id)  # type: ignore[attr-defined]
        found.rights.setdefault(key, []).append(right)
    subsystems = Subsystem.objects.select_related("member").filter(
        is_active=True, member__is_active=True, client__isnull=False
    )
    for subsystem in subsystems:
        found.by_client[subsystem.client_id] = subsystem  # type: ignore[index]
    return found


def snapshot() -> Snapshot:
    global _snapshot
    with _lock:
        if time.monotonic() - _snapshot.taken_at > REGISTRY_SECONDS:
            _snapshot = _load()
        return _snapshot


def service(service_id: ServiceId) -> Service | None:
    return snapshot().services.get(str(service_id))


def rights(service_pk: int, client_pk: int) -> list[AccessRight]:
    return snapshot().rights.get((service_pk, client_pk), [])


def subsystem_of(client_pk: int) -> Subsystem | None:
    return snapshot().by_client.get(client_pk)


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_client(token: str) -> int | None:
    """The OAuth client of a token validated lately, or None (validate it again)."""
    kept = _tokens.get(_token_key(token))
    if kept is None:
        return None
    client_pk, until, expires = kept
    if time.monotonic() > until or timezone.now().timestamp() >= expires:
        _tokens.pop(_token_key(token), None)
        return None
    return client_pk


def keep_token(token: str, client_pk: int, expires: Any) -> None:
    if len(_tokens) >= MAX_TOKENS:
        _tokens.clear()
    _tokens[_token_key(token)] = (
        client_pk,
        time.monotonic() + REGISTRY_SECONDS,
        expires.timestamp(),
    )


def forget() -> None:
    global _snapshot
    with _lock:
        _snapshot = Snapshot()
    _tokens.clear()


def _changed(sender: Any, **kwargs: Any) -> None:
    if sender._meta.label in WATCHED:
        forget()


def _token_deleted(sender: Any, **kwargs: Any) -> None:
    if sender._meta.label == "oauth2_provider.AccessToken":  # revoked: not valid here either
        _tokens.clear()


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="exchange-registry-saved")
    post_delete.connect(_changed, dispatch_uid="exchange-registry-deleted")
    post_delete.connect(_token_deleted, dispatch_uid="exchange-token-deleted")
