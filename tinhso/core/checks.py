"""Deployment checks (``manage.py check --deploy``): configurations that look fine but
cannot keep the platform's promises. Errors, not warnings: CI fails on them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

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
