"""A provider that answers `GET /bytes/<n>` with n bytes, for bench/exchange_bench.py:
the gateway is measured against calling this directly."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

_CACHE: dict[int, bytes] = {}


def app(environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    size = int(path.rsplit("/", 1)[-1]) if path.startswith("/bytes/") else 0
    body = _CACHE.setdefault(size, b"x" * min(size, 10_000_000))
    start(
        "200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(len(body)))]
    )
    return [body]
