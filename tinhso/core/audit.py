"""Writing and verifying the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.core.addresses import client_address
from tinhso.core.models import AuditEntry

GENESIS_HASH = "0" * 64
# Any constant works; it only has to be the same in every process.
_PG_AUDIT_LOCK_KEY = 0x7A1D17


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_address(request)


def _entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "ip": entry.ip,
        "data": entry.data,
    }


def write_audit(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one row. Call inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    with transaction.atomic():
        # One writer at a time, so that two rows never claim the same predecessor.
        # SQLite already serialises writers (IMMEDIATE transactions).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=actor,
            actor_label=str(actor)[:255] if actor is not None else "",
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:255],
            ip=client_ip(request),
            data=json.loads(json.dumps(data or {}, default=str)),
            prev_hash=last or GENESIS_HASH,
        )
        entry.entry_hash = _entry_hash(entry.prev_hash, _hashed_fields(entry))
        entry.save()
    return entry


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


def verify_chain(batch_size: int = 2000) -> Iterator[ChainBreak]:
    """Yield every place where the chain does not hold, oldest first."""
    expected_prev = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.prev_hash != expected_prev:
            yield ChainBreak(entry.id, "previous hash does not match: a row was removed or added")
        if _entry_hash(entry.prev_hash, _hashed_fields(entry)) != entry.entry_hash:
            yield ChainBreak(entry.id, "content does not match its hash: the row was edited")
        expected_prev = entry.entry_hash
