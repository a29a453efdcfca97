"""Tỉnh số settings: one module, driven by environment variables.

Defaults give a working development instance on SQLite under ``var/``
("check out, run, it works"); production sets DATABASE_URL, SECRET_KEY,
ALLOWED_HOSTS and friends (see docs/install.md).
"""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tinhso.env import (
    envbool,
    envint,
    envlist,
    envsecret,
    envstr,
    generated_secret,
    random_rsa_pem,
    random_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("TINHSO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY") or generated_secret(VAR_DIR / "secret_key", random_secret_key)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "oauth2_provider",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "tinhso.core",
    "tinhso.accounts",
    "tinhso.exchange",
    "tinhso.services",
    "tinhso.assistant",
    "tinhso.reports",
    "tinhso.ioc",
    "tinhso.traffic",
    "tinhso.documents",
    "tinhso.meetings",
    "tinhso.broadcast",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tinhso.core.middleware.VietnameseFirstLocaleMiddleware",
    # Lone surrogates, control characters, deep or NaN-laden JSON: refused at the door.
    "tinhso.core.input_guard.InputGuardMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tinhso.accounts.middleware.OfficialGateMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

# Prometheus metrics at /metrics for a scraper sending "Authorization: Bearer <token>"
# (core/metrics.py); without a token there are none, and no per-request cost.
METRICS_TOKEN = envstr("METRICS_TOKEN", "").strip()
if METRICS_TOKEN:
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]

ROOT_URLCONF = "tinhso.urls"
WSGI_APPLICATION = "tinhso.wsgi.application"
ASGI_APPLICATION = "tinhso.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tinhso.core.context_processors.platform",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tinhso.sqlite3'}")
# Connections are kept between requests (opening a PostgreSQL connection costs more
# CPU than a simple page) and checked before each request reuses one, so a
# connection the server dropped (a restart, a failover, a network blip) is replaced
# instead of failing the request.
_db = dj_database_url.parse(
    DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions make concurrent writers queue instead of failing
    # half-way; WAL lets readers go on while one process writes.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too, not shared-cache memory: that mode ignores the busy
    # timeout, so concurrent-writer tests would not see what production sees.
    _db["TEST"] = {"NAME": str(VAR_DIR / "test-tinhso.sqlite3")}
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, MFA, lock-out --------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tinhso.accounts.backends.PhoneOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("full_name", "email", "phone", "citizen_id")},
    },
    {
        "NAME": "tinhso.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tinhso.accounts.validators.LocalCommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
# Lock a login name from one address: a whole one-stop office behind one NAT
# must not be locked out by one person's typos, and a stranger must not be able
# to lock a citizen out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "tinhso.accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "tinhso.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Reverse proxies in front (nginx: 1): the client is read from X-Forwarded-For that
# far from the right, for lock-out, rate limits and the audit log (core/addresses.py).
PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "tinhso.core.addresses.client_address"
AXES_VERBOSE = False

# Per-account back-off across addresses (tinhso/accounts/backoff.py): wrong passwords
# for one account within the window, whatever the address, first slow it down, then
# make the sign-in finish with a code sent by SMS to the account's phone.
LOGIN_FAILURE_WINDOW_SECONDS = envint("LOGIN_FAILURE_WINDOW_SECONDS", 3600)
LOGIN_SLOWDOWN_AFTER = envint("LOGIN_SLOWDOWN_AFTER", 10)
LOGIN_SLOWDOWN_SECONDS = envint("LOGIN_SLOWDOWN_SECONDS", 30)
LOGIN_SMS_AFTER = envint("LOGIN_SMS_AFTER", 20)

OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Tỉnh số")
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- SSO: OpenID Connect provider ---------------------------------------------
OIDC_RSA_PRIVATE_KEY = envsecret("OIDC_RSA_PRIVATE_KEY") or generated_secret(
    VAR_DIR / "oidc_rsa.pem", random_rsa_pem
)
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": OIDC_RSA_PRIVATE_KEY,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "PKCE_REQUIRED": True,
    # The OAuth 2.0 Security BCP (RFC 9700) in full: no implicit or password
    # grants, S256 only, tokens hashed at rest, refresh-token replay detection.
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "OAUTH2_VALIDATOR_CLASS": "tinhso.accounts.oidc.TinhSoValidator",
    # Identity scopes are open to every registered app; API scopes only to the apps
    # an administrator allowed them (tinhso.accounts.oidc.ClientScopes).
    "SCOPES": {
        "openid": _("Biết bạn là ai (mã tài khoản)"),
        "profile": _("Họ tên, loại tài khoản và ngôn ngữ của bạn"),
        "email": _("Thư điện tử của bạn"),
        "phone": _("Số điện thoại của bạn"),
        "roles": _("Vai trò và đơn vị công tác của bạn"),
        "dossiers:read": _("Xem các hồ sơ thủ tục hành chính mà bạn được xem"),
        "dossiers:write": _("Nộp hồ sơ thủ tục hành chính thay bạn"),
        "desk": _("Xử lý hồ sơ với quyền cán bộ của bạn (tiếp nhận, chuyển, trả kết quả)"),
        # A system's own scope (client credentials): calling services on the axis.
        "exchange": _("Gọi dịch vụ của các hệ thống khác qua trục liên thông"),
    },
    "SCOPES_BACKEND_CLASS": "tinhso.accounts.oidc.ClientScopes",
    "DEFAULT_SCOPES": ["openid"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": envint("OIDC_ACCESS_TOKEN_SECONDS", 3600),
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if not DEBUG else ["https", "http"],
}
# django-oauth-toolkit's models, named so our own tables can refer to them.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # noqa: S105
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
SSO_IDENTITY_SCOPES = ["openid", "profile", "email", "phone", "roles"]
SSO_API_SCOPES = ["dossiers:read", "dossiers:write", "desk", "exchange"]
if envstr("OIDC_ISSUER"):
    OAUTH2_PROVIDER["OIDC_ISS_ENDPOINT"] = envstr("OIDC_ISSUER")
if envbool("OIDC_ALLOW_HTTP_REDIRECTS", DEBUG):
    OAUTH2_PROVIDER["ALLOWED_REDIRECT_URI_SCHEMES"] = ["https", "http"]

# --- Background tasks -------------------------------------------------------
# A worker whose heartbeat (core/heartbeat.py, every 30 s) is older than this is
# reported dead by /healthz/workers.
WORKER_STALE_SECONDS = envint("WORKER_STALE_SECONDS", 120)
TASKS_BACKEND = envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}

# --- Notifications: e-mail and SMS --------------------------------------------
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Tỉnh số <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SMS_BACKEND = envstr("SMS_BACKEND", "tinhso.core.sms.ConsoleSmsBackend")
SMS_HTTP_URL = envstr("SMS_HTTP_URL")
SMS_HTTP_TOKEN = envsecret("SMS_HTTP_TOKEN") or ""
SMS_HTTP_TIMEOUT = envint("SMS_HTTP_TIMEOUT", 10)
SMS_SENDER = envstr("SMS_SENDER", "TINHSO")

# --- Text to speech (tinhso/core/tts): espeak-ng offline, or a vendor over HTTP -----
TTS_BACKEND = envstr("TTS_BACKEND", "tinhso.core.tts.backends.EspeakBackend")
TTS_VOICE = envstr("TTS_VOICE", "vi")  # espeak-ng's Vietnamese; a vendor's voice name
TTS_RATE = envint("TTS_RATE", 140)  # words a minute (espeak-ng); slower than its 175
TTS_TIMEOUT = envint("TTS_TIMEOUT", 30)
TTS_HTTP_URL = envstr("TTS_HTTP_URL")
TTS_HTTP_TOKEN = envsecret("TTS_HTTP_TOKEN") or ""
TTS_MAX_CHARS = envint("TTS_MAX_CHARS", 5000)
TTS_MAX_AUDIO_BYTES = envint("TTS_MAX_AUDIO_BYTES", 20 * 1_048_576)
TTS_CACHE_DAYS = envint("TTS_CACHE_DAYS", 30)

# --- The procedure assistant (tinhso/assistant) ------------------------------
# Questions are logged with personal data masked, and kept this many days.
ASSISTANT_LOG_DAYS = envint("ASSISTANT_LOG_DAYS", 180)
ASSISTANT_LOG_PER_HOUR = envint("ASSISTANT_LOG_PER_HOUR", 200)  # per address
# The optional language model (OpenAI-compatible chat completions, e.g. a province's
# own GPU server): it only rephrases the records the assistant found. Off when empty.
ASSISTANT_LLM_URL = envstr("ASSISTANT_LLM_URL")
ASSISTANT_LLM_TOKEN = envsecret("ASSISTANT_LLM_TOKEN") or ""
ASSISTANT_LLM_MODEL = envstr("ASSISTANT_LLM_MODEL")
ASSISTANT_LLM_TIMEOUT = envint("ASSISTANT_LLM_TIMEOUT", 15)

# --- Files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"

# Leaflet's files from the django-leaflet wheel (not in INSTALLED_APPS: the app
# imports GeoDjango/GDAL, which we do not need), and plotly.min.js from the plotly
# wheel (tinhso/core/staticfinders.py). No CDN, no Node.
_LEAFLET = importlib.util.find_spec("leaflet")
STATICFILES_DIRS = (
    [Path(location) / "static" for location in (_LEAFLET.submodule_search_locations or [])]
    if _LEAFLET
    else []
)
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "tinhso.core.staticfinders.PackageFileFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {
        # Files written by a transaction that rolls back are removed (core/files.py).
        "BACKEND": envstr("FILE_STORAGE", "tinhso.core.files.TransactionalFileSystemStorage"),
    },
    "staticfiles": {
        "BACKEND": envstr(
            "STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", DEBUG)
# One document of a dossier (scans of papers); the request limit below is for all of them.
DOSSIER_MAX_FILE_BYTES = envint("DOSSIER_MAX_FILE_BYTES", 10 * 1_048_576)
DATA_UPLOAD_MAX_NUMBER_FILES = envint("DATA_UPLOAD_MAX_NUMBER_FILES", 30)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- Language, time -----------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["tinhso.formats"]
LANGUAGE_COOKIE_NAME = "tinhso_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Security -----------------------------------------------------------------
SECURE_COOKIES = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS")

# Content-Security-Policy (django-csp): scripts only from our own files — no inline
# script or handler anywhere (templates keep JavaScript in static files). Map tiles
# come from MAP_TILE_URL's host; evidence and photos are served by us.
_TILE_HOST = urlsplit(envstr("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"]
        + ([f"{_TILE_HOST.scheme}://{_TILE_HOST.netloc}"] if _TILE_HOST.netloc else []),
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
    }
}

# --- Signing result documents (PAdES) ------------------------------------------------
# One PKCS#12 file per signing unit: <SIGNING_DIR>/units/<QCVN identifier>.p12, and the
# CA certificates that verifiers trust in SIGNING_TRUST_ROOTS (PEM files). The demo
# command `manage.py make_demo_ca` creates both; a province uses its real CA's files.
SIGNING_DIR = Path(envstr("SIGNING_DIR", str(VAR_DIR / "pki")))
SIGNING_P12_PASSPHRASE = envsecret("SIGNING_P12_PASSPHRASE") or ""
SIGNING_TRUST_ROOTS = envlist("SIGNING_TRUST_ROOTS", str(SIGNING_DIR / "ca.pem"))

# --- Fees: payment providers (name → class) -----------------------------------------
# The simulator stands in for a gateway in development and demos. Its "bank page"
# lets anyone mark a fee paid, so it exists only with DEBUG or when explicitly
# enabled, and `check --deploy` fails while it is on with DEBUG=0.
PAYMENT_SIMULATOR = envbool("PAYMENT_SIMULATOR", DEBUG)
PAYMENT_PROVIDERS = (
    {"simulator": "tinhso.services.payments.SimulatorProvider"} if PAYMENT_SIMULATOR else {}
)
# Empty: no online payment; fees are paid at the one-stop counter.
PAYMENT_DEFAULT_PROVIDER = envstr(
    "PAYMENT_DEFAULT_PROVIDER", "simulator" if PAYMENT_SIMULATOR else ""
)

# --- Field reports ---------------------------------------------------------------
# A point off every commune polygon goes to the nearest commune within this distance.
REPORT_SNAP_METRES = envint("REPORT_SNAP_METRES", 2000)
REPORT_PHOTO_MAX_BYTES = envint("REPORT_PHOTO_MAX_BYTES", 15 * 1_048_576)
REPORT_PHOTO_MAX_SIDE = envint("REPORT_PHOTO_MAX_SIDE", 2048)
# Pixels a picture that someone sends may have (tinhso/core/images.py): its header is
# read first, so a small file that declares a huge picture is refused undecoded.
IMAGE_MAX_PIXELS = envint("IMAGE_MAX_PIXELS", 50_000_000)
# Files one person (or address) may send per hour to each upload page.
UPLOADS_PER_HOUR = envint("UPLOADS_PER_HOUR", 60)
REPORT_MAX_PHOTOS = 5
REPORT_REOPEN_DAYS = 7
# "Is it one of these?": open reports of the same category this close and this recent.
REPORT_NEARBY_METRES = envint("REPORT_NEARBY_METRES", 150)
REPORT_NEARBY_DAYS = envint("REPORT_NEARBY_DAYS", 30)
# Flood limits, per account (or Open311 reporter) and per address, per hour.
REPORTS_PER_ACCOUNT_HOUR = envint("REPORTS_PER_ACCOUNT_HOUR", 10)
REPORTS_PER_IP_HOUR = envint("REPORTS_PER_IP_HOUR", 30)
# Reports whose text contains one of these words wait in the moderation queue.
REPORT_HOLD_WORDS = envlist("REPORT_HOLD_WORDS", "")
OPEN311_MAX_PAGE_SIZE = 1000
OPEN311_CONTACT = envstr("OPEN311_CONTACT", "")
OPEN311_KEY_SERVICE = envstr("OPEN311_KEY_SERVICE", "")
OPEN311_MEDIA_TIMEOUT = 10
QUESTION_ANSWER_DAYS = envint("QUESTION_ANSWER_DAYS", 7)

# --- IOC ------------------------------------------------------------------------
# Observations stamped this far ahead of our clock are accepted (clock drift).
IOC_CLOCK_SKEW_MINUTES = envint("IOC_CLOCK_SKEW_MINUTES", 5)
IOC_REFRESH_SECONDS = envint("IOC_REFRESH_SECONDS", 30)  # the dashboard refreshes itself
# The MQTT connector (`manage.py mqtt_ingest`): broker, topics, and a fixed client id
# so the broker keeps our session (and the messages) while the worker restarts.
MQTT_URL = envstr("MQTT_URL")  # mqtt://user:password@host:1883 or mqtts://…
MQTT_TOPICS = envlist("MQTT_TOPICS", "tinhso/stations/+/observations")
MQTT_CLIENT_ID = envstr("MQTT_CLIENT_ID", "tinhso-ioc")
# Hosts NGSI-LD subscriptions may notify. Empty: none — a subscription would otherwise
# let a key holder make the server call any address on the internal network.
NGSI_NOTIFY_HOSTS = envlist("NGSI_NOTIFY_HOSTS", "")

# --- Traffic cameras: evidence sizes -------------------------------------------
TRAFFIC_EVIDENCE_MAX_BYTES = envint("TRAFFIC_EVIDENCE_MAX_BYTES", 8 * 1_048_576)
TRAFFIC_CLIP_MAX_BYTES = envint("TRAFFIC_CLIP_MAX_BYTES", 40 * 1_048_576)
# How long a public evidence link from the look-up stays valid.
TRAFFIC_EVIDENCE_LINK_SECONDS = envint("TRAFFIC_EVIDENCE_LINK_SECONDS", 3600)
# Vision workers inside the platform (manage.py run_cameras): where events wait until
# stored, and the shortest stop reported as illegal parking whatever a zone allows.
TRAFFIC_SPOOL_DIR = Path(envstr("TRAFFIC_SPOOL_DIR", str(VAR_DIR / "vision-spool")))
TRAFFIC_MIN_PARKING_SECONDS = envint("TRAFFIC_MIN_PARKING_SECONDS", 60)

# --- Commune radio (tinhso/broadcast, docs/loudspeakers.md) ----------------------
# The platform's own MQTT account for the loudspeakers (`manage.py run_broadcasts`).
BROADCAST_MQTT_URL = envstr("BROADCAST_MQTT_URL")  # mqtt://tinhso-radio:…@host:1883
# Where run_broadcasts sends the streams (Icecast's source side), with its password,
# and the address speakers pull them from (often the same host, seen from the field).
# A bulletin a speaker missed it fetches from SITE_URL (a link that ends with it).
ICECAST_URL = envstr("ICECAST_URL", "http://127.0.0.1:8001")
ICECAST_SOURCE_PASSWORD = envstr("ICECAST_SOURCE_PASSWORD")
BROADCAST_STREAM_URL = envstr("BROADCAST_STREAM_URL") or ICECAST_URL
# An emergency is read this many times in one airing.
BROADCAST_EMERGENCY_REPEAT = envint("BROADCAST_EMERGENCY_REPEAT", 2)

# --- Outbound requests (tinhso/core/outbound.py, the SSRF guard) --------------------
# Internal networks the server may call (a signal controller's LAN, a sensor gateway):
# everything private, loopback or link-local is refused unless listed here (CIDR).
OUTBOUND_ALLOWED_NETWORKS = envlist("OUTBOUND_ALLOWED_NETWORKS", "")

# --- The data-exchange axis (tinhso/exchange, docs/exchange.md) ----------------
# The instance part of every identifier on the axis (X-Road's xRoadInstance).
EXCHANGE_INSTANCE = envstr("EXCHANGE_INSTANCE", "TINHSO")
# The QCVN 102 identifier of the unit whose certificate signs the message log's seals
# (its PKCS#12 in SIGNING_DIR/units/, as for signed papers).
EXCHANGE_SIGNING_UNIT = envstr("EXCHANGE_SIGNING_UNIT", "")
EXCHANGE_MAX_REQUEST_BYTES = envint("EXCHANGE_MAX_REQUEST_BYTES", 2_000_000)
EXCHANGE_MAX_RESPONSE_BYTES = envint("EXCHANGE_MAX_RESPONSE_BYTES", 10_000_000)
# Host names the axis itself answers to besides ALLOWED_HOSTS: no provider may point
# back at the gateway.
EXCHANGE_OWN_HOSTS = envlist("EXCHANGE_OWN_HOSTS", "")
# A queued one-way message is tried again with back-off for this long, then set aside
# for an administrator (exchange/outbox.py): a receiver down for a day loses nothing.
EXCHANGE_GIVE_UP_HOURS = envint("EXCHANGE_GIVE_UP_HOURS", 72)
# Tỉnh số's own systems on the axis (INSTANCE/CLASS/MEMBER/SUBSYSTEM, as registered),
# and the services of other members they call (…/SERVICE). Empty: that exchange is off.
EXCHANGE_DESK_SUBSYSTEM = envstr("EXCHANGE_DESK_SUBSYSTEM", "")
EXCHANGE_IOC_SUBSYSTEM = envstr("EXCHANGE_IOC_SUBSYSTEM", "")
# The population database's look-up of a citizen by identity number (GET /citizens/{id}).
POPULATION_SERVICE = envstr("POPULATION_SERVICE", "")
# The national portal's dossier sync, reached through the axis instead of
# PORTAL_SYNC_URL when set (a one-way message per dossier change).
PORTAL_SYNC_SERVICE = envstr("PORTAL_SYNC_SERVICE", "")
PORTAL_SYNC_PATH = envstr("PORTAL_SYNC_PATH", "/dossiers")
# The platform's document system on the axis (documents/electronic.py): the subsystem
# it sends edXML status reports as, and the service code other agencies' document
# systems are registered under (their "edoc" service receives our reports).
DOCUMENTS_EXCHANGE_SUBSYSTEM = envstr("DOCUMENTS_EXCHANGE_SUBSYSTEM", "")
DOCUMENTS_EDXML_SERVICE_CODE = envstr("DOCUMENTS_EDXML_SERVICE_CODE", "edoc")
# `make demo` only: where scripts/demo.sh serves the other members' demo systems.
EXCHANGE_DEMO_PROVIDER_URL = envstr("EXCHANGE_DEMO_PROVIDER_URL", "http://127.0.0.1:8001")
# The gateway passes bodies on as bytes: the input guard checks their path and query
# only (core/input_guard.py).
INPUT_GUARD_OPAQUE_BODY_PATHS = ["/exchange/r1/", "/exchange/queue/r1/"]

# --- Maps (Leaflet). Tiles come from this URL; empty shows the boundaries only -----
MAP_TILE_URL = envstr("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = envstr("MAP_TILE_ATTRIBUTION", "© OpenStreetMap")

# --- National public-service portal sync (empty: keep the outbox for batch export) ---
PORTAL_SYNC_URL = envstr("PORTAL_SYNC_URL")
PORTAL_SYNC_TOKEN = envsecret("PORTAL_SYNC_TOKEN") or ""

# --- Cache; a shared Redis when there is more than one process -------------------
CACHE_URL = envstr("CACHE_URL")
# Where rate-limit counters live (tinhso/core/throttle.py): "database" works across
# processes with nothing more to run; "cache" uses CACHE_URL's Redis.
RATE_LIMIT_STORE = envstr("RATE_LIMIT_STORE", "cache" if CACHE_URL else "database")
if RATE_LIMIT_STORE not in ("database", "cache"):
    raise ImproperlyConfigured("RATE_LIMIT_STORE must be 'database' or 'cache'")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Platform -----------------------------------------------------------------
PLATFORM_NAME = envstr("PLATFORM_NAME", "Tỉnh số")
# Codes a verification SMS stays valid for, and how often one may be re-sent.
PHONE_CODE_TTL = timedelta(minutes=envint("PHONE_CODE_TTL_MINUTES", 10))
PHONE_CODE_RESEND_SECONDS = envint("PHONE_CODE_RESEND_SECONDS", 60)
PHONE_CODE_MAX_ATTEMPTS = 5
PHONE_CODES_PER_DAY = envint("PHONE_CODES_PER_DAY", 5)
LOOKUPS_PER_WINDOW = envint("LOOKUPS_PER_WINDOW", 20)
LOOKUP_WINDOW_SECONDS = envint("LOOKUP_WINDOW_SECONDS", 600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (on with DEBUG) printed every line a second time
        # next to ours: its records go to the root handler only.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "axes": {"level": "WARNING"},  # four INFO lines per sign-in
        "django.db.backends": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # PDF font subsetting chatter
    },
}
