from __future__ import annotations

from django.db import transaction

from tinhso.core.apikeys import new_key
from tinhso.core.audit import write_audit
from tinhso.traffic.models import Camera


@transaction.atomic
def do_issue_key(camera: Camera, *, acting_user: object = None) -> str:
    """A new key for an edge camera or its worker (the old one stops working), shown once."""
    key, camera.key_prefix, camera.key_hash = new_key()
    camera.save()
    write_audit("traffic.key_issued", actor=acting_user, obj=camera)
    return key
