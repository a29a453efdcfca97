"""API keys for machines (Open311 apps, IOC data sources): long random strings,
shown once, stored as a SHA-256. A slow password hash would add nothing for keys
this long but latency to every request."""

from __future__ import annotations

import hashlib
import secrets


def hash_key(key: str) -> str:
    return hashlib.sha256(key[:200].encode()).hexdigest()


def new_key() -> tuple[str, str, str]:
    """(the key to hand over once, its first 8 characters for recognition, its hash)."""
    key = secrets.token_urlsafe(32)
    return key, key[:8], hash_key(key)
