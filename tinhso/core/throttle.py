"""Counting attempts per key in a time window (look-ups, report submissions…).

Counted in Django's cache; with several web processes set CACHE_URL to a shared
Redis so they count together.
"""

from __future__ import annotations

from django.core.cache import cache


def _key(key: str) -> str:
    return f"throttle:{key}"


def count_one(key: str, window_seconds: int) -> int:
    """Count one event for `key` and return how many fall in the current window."""
    key = _key(key)
    cache.add(key, 0, timeout=window_seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def counted(key: str) -> int:
    return int(cache.get(_key(key), 0))


def over_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; True once more than `limit` fall in the window."""
    return count_one(key, window_seconds) > limit
