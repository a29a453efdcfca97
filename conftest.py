"""Settings that only tests change: fast hashing, tasks run at once, SMS kept in memory."""

import tempfile
from pathlib import Path
from typing import Any


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SMS_BACKEND = "tinhso.core.sms.LocmemSmsBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The test client and the browser talk plain HTTP to localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Uploaded and generated files go to a throw-away folder, not the checkout's var/.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="tinhso-media-")
    settings.SIGNING_DIR = Path(tempfile.mkdtemp(prefix="tinhso-pki-"))
    settings.SIGNING_TRUST_ROOTS = [str(settings.SIGNING_DIR / "ca.pem")]
    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    }
    from oauth2_provider.settings import oauth2_settings

    oauth2_settings.reload()
    # Fees are paid through the simulator in tests (production refuses it: core/checks.py).
    settings.PAYMENT_SIMULATOR = True
    settings.PAYMENT_PROVIDERS = {"simulator": "tinhso.services.payments.SimulatorProvider"}
    settings.PAYMENT_DEFAULT_PROVIDER = "simulator"
    # The test servers (pull sources, media hosts, signal controllers) listen on loopback.
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    # No map tiles from the internet in tests: the maps show the commune boundaries.
    settings.MAP_TILE_URL = ""


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
