"""A small per-address limit on the public look-up.

The look-up answers "code + last 4 digits": 10 000 guesses per code, so an
address gets LOOKUPS_PER_WINDOW tries per window. Counted in Django's cache;
with several web processes set CACHE_URL to a shared Redis so they count together.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from tinhso.core.audit import client_ip


def too_many_lookups(request: HttpRequest) -> bool:
    key = f"lookup:{client_ip(request)}"
    window = settings.LOOKUP_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.LOOKUPS_PER_WINDOW
