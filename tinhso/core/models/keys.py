from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from tinhso.core.apikeys import hash_key


class KeyHolder(models.Model):
    """A machine that calls our APIs with its own key: an Open311 app, an IOC data
    source, an edge camera. Only a SHA-256 of the key is kept (core/apikeys.py); the
    key is issued, rotated and revoked by the actions there, audited under
    ``KEY_AUDIT_ACTION``. Subclasses have an ``is_active`` switch."""

    KEY_AUDIT_ACTION: ClassVar[str] = "key_issued"

    key_prefix = models.CharField(max_length=8, blank=True, editable=False)
    key_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    @classmethod
    def holder_of(cls, key: str | None) -> Any:
        """The active holder of this key, or None (an empty or unknown key)."""
        if not key or len(key) > 200:
            return None
        found = cls._default_manager.filter(key_hash=hash_key(key)).first()
        return found if found is not None and getattr(found, "is_active", False) else None
