"""Open311 API keys: random, shown once, stored as a SHA-256."""

from __future__ import annotations

import secrets

from django.db import transaction

from tinhso.core.audit import write_audit
from tinhso.reports.models import ApiClient
from tinhso.reports.open311 import hash_key


@transaction.atomic
def do_issue_key(client: ApiClient, *, acting_user: object = None) -> str:
    """Give the client a new key (the old one stops working) and return it once."""
    key = secrets.token_urlsafe(32)
    client.key_prefix = key[:8]
    client.key_hash = hash_key(key)
    client.save()
    write_audit("open311.key_issued", actor=acting_user, obj=client)
    return key
