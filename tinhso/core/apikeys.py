"""API keys for machines (Open311 apps, IOC data sources): long random strings,
shown once, stored as a SHA-256. A slow password hash would add nothing for keys
this long but latency to every request."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader


def hash_key(key: str) -> str:
    return hashlib.sha256(key[:200].encode()).hexdigest()


def new_key() -> tuple[str, str, str]:
    """(the key to hand over once, its first 8 characters for recognition, its hash)."""
    key = secrets.token_urlsafe(32)
    return key, key[:8], hash_key(key)


# --- One issue/rotate/revoke for every key holder (core.models.KeyHolder) ----------
def do_issue_key(holder: Any, *, acting_user: Any = None) -> str:
    """A new key for the holder (the old one stops working), returned once."""
    from django.db import transaction

    from tinhso.core.audit import write_audit

    with transaction.atomic():
        key, holder.key_prefix, holder.key_hash = new_key()
        holder.save()
        write_audit(holder.KEY_AUDIT_ACTION, actor=acting_user, obj=holder)
    return key


def do_revoke_key(holder: Any, *, acting_user: Any = None) -> None:
    """The holder's key stops working; a new one can be issued later."""
    from django.db import transaction

    from tinhso.core.audit import write_audit

    with transaction.atomic():
        holder.key_prefix, holder.key_hash = "", ""
        holder.save(update_fields=["key_prefix", "key_hash"])
        write_audit(
            holder.KEY_AUDIT_ACTION.replace("issued", "revoked"), actor=acting_user, obj=holder
        )


class HolderKey(APIKeyHeader):
    """The API auth of a key holder's operations: the key in ``header``, the holder
    (an instance of ``model``) as ``request.auth``."""

    def __init__(self, model: Any, header: str) -> None:
        self.model = model
        self.param_name = header
        super().__init__()

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return self.model.holder_of(key)
