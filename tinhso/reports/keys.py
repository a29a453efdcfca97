"""Open311 API keys: random, shown once, stored as a SHA-256 (tinhso/core/apikeys.py)."""

from __future__ import annotations

from django.db import transaction

from tinhso.core.apikeys import new_key
from tinhso.core.audit import write_audit
from tinhso.reports.models import ApiClient


@transaction.atomic
def do_issue_key(client: ApiClient, *, acting_user: object = None) -> str:
    """Give the client a new key (the old one stops working) and return it once."""
    key, client.key_prefix, client.key_hash = new_key()
    client.save()
    write_audit("open311.key_issued", actor=acting_user, obj=client)
    return key
