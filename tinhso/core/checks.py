"""Deployment checks (``manage.py check --deploy``): configurations that look fine but
cannot keep the platform's promises (errors: CI fails on them), or that throw away
more than half of the speed measured in bench/ (warnings, with the figure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def rate_limits_hold_across_processes(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.RATE_LIMIT_STORE == "cache" and backend in PER_PROCESS_CACHES:
        return [
            Error(
                "Rate limits are kept in a per-process cache: with several web processes "
                "each counts alone and lets the limit through several times.",
                hint="Set CACHE_URL to a shared Redis, or RATE_LIMIT_STORE=database.",
                id="tinhso.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def no_payment_simulator_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if getattr(settings, "PAYMENT_SIMULATOR", False) and not settings.DEBUG:
        return [
            Error(
                "The payment simulator is on with DEBUG=0: anyone can mark a fee as paid.",
                hint="Unset PAYMENT_SIMULATOR and configure a real payment gateway.",
                id="tinhso.E002",
            )
        ]
    return []


@register(Tags.database, deploy=True)
def database_connections_are_kept(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    return connection_warnings(settings.DATABASES["default"])


def connection_warnings(database: Mapping[str, Any]) -> list[Warning]:
    if database["ENGINE"].endswith("postgresql") and not database.get("CONN_MAX_AGE"):
        return [
            Warning(
                "DB_CONN_MAX_AGE=0 opens a new PostgreSQL connection for every request: the "
                "public look-up measured 103–126 requests/s instead of 608–791 (about 6 times "
                "slower, docs/performance.md).",
                hint="Leave DB_CONN_MAX_AGE at its default (60 s; connections are "
                "health-checked before reuse), or put PgBouncer in front.",
                id="tinhso.W001",
            )
        ]
    return []


@register(deploy=True)
def speech_can_be_made(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The assistant's read-aloud and the loudspeakers need the configured TTS backend."""
    import shutil

    if settings.TTS_BACKEND.endswith(".EspeakBackend") and shutil.which("espeak-ng") is None:
        return [
            Warning(
                "TTS_BACKEND is espeak-ng but espeak-ng is not installed: read-aloud and "
                "loudspeaker announcements will fail.",
                hint="apt-get install espeak-ng, or set TTS_BACKEND to the HTTP backend.",
                id="tinhso.W002",
            )
        ]
    if settings.TTS_BACKEND.endswith(".HttpTtsBackend") and not settings.TTS_HTTP_URL:
        return [
            Warning(
                "TTS_BACKEND is the HTTP backend but TTS_HTTP_URL is empty.",
                hint="Set TTS_HTTP_URL (and TTS_HTTP_TOKEN) to the speech service.",
                id="tinhso.W002",
            )
        ]
    return []
