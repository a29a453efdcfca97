from __future__ import annotations

from django.db import transaction

from tinhso.core.apikeys import new_key
from tinhso.core.audit import write_audit
from tinhso.ioc.models import DataSource


@transaction.atomic
def do_issue_key(source: DataSource, *, acting_user: object = None) -> str:
    """A new key for a data source (the old one stops working), returned once."""
    key, source.key_prefix, source.key_hash = new_key()
    source.save()
    write_audit("ioc.key_issued", actor=acting_user, obj=source)
    return key
