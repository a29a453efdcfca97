"""Counting attempts per key in a time window (look-ups, sign-ins, reports, uploads).

The counters must hold across processes (gunicorn -w 4 is four processes; a
per-process count lets four times the limit through), so they live in a store that
every process shares:

- ``database`` (the default): a ``RateCounter`` row per key, incremented with one
  UPDATE (atomic on SQLite and PostgreSQL). Inside a caller's transaction the row
  stays locked until commit, so concurrent attempts queue and exactly ``limit`` pass;
  a rolled-back attempt (a mistyped form) is not counted.
- ``cache``: Django's cache — Redis (``CACHE_URL``) for a busy province: INCR and
  EXPIRE … NX in one pipelined round trip (``_count_in_redis``). ``check --deploy``
  refuses a per-process cache here.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.audit import client_ip
from tinhso.core.models import RateCounter

MAX_KEY = 200


def _key(key: str) -> str:
    return f"throttle:{key}"[:MAX_KEY]


def _use_cache() -> bool:
    return bool(settings.RATE_LIMIT_STORE == "cache")


def count_one(key: str, window_seconds: int) -> int:
    """Count one event for `key` and return how many fall in the current window."""
    key = _key(key)
    if _use_cache():
        if isinstance(caches["default"], RedisCache):
            return _count_in_redis(caches["default"], key, window_seconds)
        cache.add(key, 0, timeout=window_seconds)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window_seconds)
            return 1
    return _count_in_database(key, window_seconds)


def _count_in_redis(backend: RedisCache, key: str, window_seconds: int) -> int:
    """INCR, then EXPIRE … NX (Redis ≥ 7: only a new key gets the window), pipelined:
    one round trip per attempt. Django's own ``add`` + ``incr`` take three (``incr``
    checks EXISTS first), which the public look-up paid on every request. The values
    stay plain integers, as Django's Redis serializer stores them, so ``cache.get``
    reads them. ``_cache.get_client`` is Django's (undocumented) way to the client."""
    full = backend.make_and_validate_key(key)
    client = backend._cache.get_client(full, write=True)  # type: ignore[attr-defined]
    pipe = client.pipeline(transaction=False)
    pipe.incr(full)
    pipe.expire(full, window_seconds, nx=True)
    count, _new_window = pipe.execute()
    return int(count)


def _count_in_database(key: str, window_seconds: int) -> int:
    now = timezone.now()
    # UPDATE … RETURNING (SQLite ≥ 3.35 and PostgreSQL): the count this very increment
    # made, not one read afterwards that other processes may have raised meanwhile.
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET count = count + 1 "  # noqa: S608 (our own table name)
            "WHERE key = %s AND expires_at > %s RETURNING count",
            [key, now],
        )
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    expires = now + timedelta(seconds=window_seconds)
    # A new window: reset an expired row or make one; a racing first attempt that
    # made it meanwhile is counted on (the unique key decides who inserted).
    if RateCounter.objects.filter(key=key, expires_at__lte=now).update(count=1, expires_at=expires):
        return 1
    try:
        with transaction.atomic():
            RateCounter.objects.create(key=key, count=1, expires_at=expires)
    except IntegrityError:
        return _count_in_database(key, window_seconds)
    if random.random() < 0.01:  # noqa: S311 (housekeeping, not security)
        RateCounter.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
    return 1


def counted(key: str) -> int:
    key = _key(key)
    if _use_cache():
        return int(cache.get(key, 0))
    row = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now()).first()
    return row.count if row else 0


def over_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; True once more than `limit` fall in the window."""
    return count_one(key, window_seconds) > limit


def reset(key: str) -> None:
    key = _key(key)
    if _use_cache():
        cache.delete(key)
    else:
        RateCounter.objects.filter(key=key).delete()


def upload_limited(
    name: str, *, json: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view that takes files: each person (or address, signed out) may send
    ``UPLOADS_PER_HOUR`` POSTs to it per hour; the next get a clear 429."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                user = getattr(request, "user", None)
                who = f"u{user.pk}" if user and user.is_authenticated else f"ip{client_ip(request)}"
                if over_limit(f"upload:{name}:{who}", settings.UPLOADS_PER_HOUR, 3600):
                    message = _("Bạn đã gửi tệp quá nhiều lần trong một giờ. Vui lòng thử lại sau.")
                    if json:
                        return JsonResponse({"error": message}, status=429)
                    return render(
                        request, "core/error.html", {"status": 429, "message": message}, status=429
                    )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
