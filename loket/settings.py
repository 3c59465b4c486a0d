"""Loket settings: one module, every deployment value from an environment variable.

Values are parsed strictly: a malformed variable raises ImproperlyConfigured at start-up
instead of silently falling back. Every variable is documented in `.env.example` and README.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from loket.site.caching import cache_config
from loket.site.storage import StorageConfigError, default_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("LOKET_DEBUG", default=False)
# Set in real deployments: demands a secret key and refuses demo logins.
LOKET_PRODUCTION = env.bool("LOKET_PRODUCTION", default=False)

_secret = env.str("LOKET_SECRET_KEY", default="")
if not _secret and not LOKET_PRODUCTION:
    # A stable development key; never used where LOKET_PRODUCTION is set (the production
    # self-check at the end of this module refuses a missing or short key).
    _secret = "dev-insecure-" + "loket-development-key-change-me-in-production-0123456789"
SECRET_KEY = _secret
# The key of the complaints' tracking-code hashes (loket/complaints/tracking.py). Empty: a key
# derived from SECRET_KEY. Set it (to the old SECRET_KEY) before rotating SECRET_KEY, or every
# complainant's tracking code stops working.
LOKET_TRACKING_CODE_KEY = env.str("LOKET_TRACKING_CODE_KEY", default="")
# Fernet keys encrypting personal data and secrets at rest (loket/crypto.py: the NIK, TOTP
# seeds, the offices' provider secrets) and keying their blind indexes. The first encrypts,
# all decrypt; rotate with `manage.py rotate_encryption_keys` (docs/security/key-management.md).
# Unset: a key derived from SECRET_KEY (development only: `check --deploy` refuses it).
LOKET_ENCRYPTION_KEYS = env.list("LOKET_ENCRYPTION_KEYS", default=[])

ALLOWED_HOSTS = env.list("LOKET_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("LOKET_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("LOKET_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# A blocked rate limit answers 429 with an explanation (not django-ratelimit's bare 403).
RATELIMIT_VIEW = "loket.ratelimit.too_many_requests"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    # Staff sign-in: lockout (django-axes), two-factor codes (django-otp), CSP (django-csp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Serves the API documentation's assets from our static files instead of a CDN.
    "ninja",
    "loket.offices",
    "loket.workdays",
    "loket.notify",
    "loket.standards",
    "loket.visits",
    "loket.complaints",
    "loket.intake",
    "loket.surveys",
    "loket.privacy",
    "loket.reports",
    "loket.api",
    "loket.site",
    "loket.accounts",
]

MIDDLEWARE = [
    # First: request latency for /metrics (loket.site.metrics), the whole stack included.
    "loket.site.metrics.LatencyMiddleware",
    # Each request in the default zone until its office's page switches to the office's.
    "loket.middleware.OfficeZoneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loket.middleware.ExplicitLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before anything reads a body (CSRF's process_view reads the form): 413 on Content-Length.
    "loket.middleware.RequestBodyLimitMiddleware",
    # Then the API's content type, JSON depth and NUL characters (415 / 400).
    "loket.api.guard.ApiRequestGuardMiddleware",
    "loket.api.keys.ApiKeyMiddleware",
    "loket.middleware.HtmxLoginRedirectMiddleware",
    "loket.accounts.middleware.SessionTimeoutMiddleware",
    "loket.accounts.middleware.TwoFactorRequiredMiddleware",
    "loket.accounts.middleware.AccessRefusedMiddleware",
    "loket.middleware.PrivateResponseMiddleware",
    "loket.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused by the lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "loket" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loket.offices.context_processors.staff_offices",
            ],
            # Template filters of the shared kernel, for every app's templates.
            "libraries": {"phones": "loket.phone_tags", "field_errors": "loket.field_errors"},
            # `waktu`: times with "." in Indonesian and ":" in English (loket.moments).
            "builtins": ["loket.moments"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default so `make run` needs nothing else; PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions + busy timeout: several gunicorn workers and the task
    # worker write at once without "database is locked" (Django 5.1+ OPTIONS).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": env.str("LOKET_SQLITE_TEST_NAME", default="")}
    if not DATABASES["default"]["TEST"]["NAME"]:
        del DATABASES["default"]["TEST"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("LOKET_DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters sent apart from the SQL, and a statement run five times on a connection is
    # prepared once (psycopg 3): less work per query in Python and in PostgreSQL (issue 18,
    # bench/README.md). Off for a transaction-pooling pgbouncer older than 1.21.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "LOKET_DB_SERVER_SIDE_BINDING", default=True
    )
if env.str("DATABASE_REPLICA_URL", default=""):
    # A streaming replica for the reports' reads (loket/replica.py); tests use the primary.
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["loket.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Production: a shared Redis with a password, over TLS when it is on another host:
# redis://:PASSWORD@127.0.0.1:6379/1 or rediss://:PASSWORD@host:6380/1 (query options such as
# ?ssl_cert_reqs=required go to redis-py). `check --deploy` warns without a password (loket.W002).
# A Redis URL is served by django-redis (`loket.site.caching`). The default is a file cache in
# the project, shared by every process of a development machine (`make run`'s web workers,
# task worker and periodic jobs, a `manage.py` command in another terminal), so a change one
# of them makes is seen by all; production refuses it (no atomic counters).
DEVELOPMENT_CACHE_URL = f"filecache://{BASE_DIR / 'cache'}?max_entries=100000"
CACHES = {"default": cache_config(env.str("LOKET_CACHE_URL", default="") or DEVELOPMENT_CACHE_URL)}

# --- Background tasks (django-tasks API) -------------------------------------------------
# The database backend by default (`manage.py db_worker`); for busy deployments RQ on Redis
# (`LOKET_TASK_BACKEND=django_tasks_rq.RQBackend`, the `redis-tasks` extra, workers run
# `manage.py rqworker --job-class django_tasks_rq.Job`). Either way the rows a task works
# on hold their own claim and lease, and the periodic jobs redo what a task did not reach.
TASKS = {
    "default": {
        "BACKEND": env.str("LOKET_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}


def _task_redis_url(cache_url: str) -> str:
    """The cache's Redis server with the next database number (`redis://h:6379/1` gives
    `redis://h:6379/2`), so that flushing the cache never drops a queued task; a non-Redis
    cache gives `redis://127.0.0.1:6379/2`."""
    parts = urlsplit(cache_url)
    if parts.scheme not in ("redis", "rediss") or "," in parts.netloc:
        return "redis://127.0.0.1:6379/2"
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(db + 1) % 16}"))


LOKET_TASK_REDIS_URL = env.str("LOKET_TASK_REDIS_URL", default="") or _task_redis_url(
    env.str("LOKET_CACHE_URL", default="")
)
# django-rq's queue (read only by the RQ backend). `loket.rq_queue.RetryingQueue` gives each
# job retries, so that a job whose worker died (left in RQ's StartedJobRegistry) is queued
# again by the next registry cleanup instead of failing as abandoned.
RQ_QUEUES = {
    "default": {
        "URL": LOKET_TASK_REDIS_URL,
        "DEFAULT_TIMEOUT": env.int("LOKET_TASK_TIMEOUT", default=300),
    }
}
RQ = {"QUEUE_CLASS": "loket.rq_queue.RetryingQueue"}
LOKET_TASK_RETRIES = env.int("LOKET_TASK_RETRIES", default=3)
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
    INSTALLED_APPS.append("django_rq")  # its `rqworker` command and checks

# --- Auth ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # OWASP ASVS 4.0.3 V2.1.1
    },
    # 64 characters allowed, more than 128 refused: OWASP ASVS 4.0.3 V2.1.2.
    {"NAME": "loket.accounts.password_rules.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "offices:staff_home"
LOGOUT_REDIRECT_URL = "home"
# The lockout backend first: it refuses a locked-out account or client before the password
# is even checked; then Django's own checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- I18n / time -----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "loket" / "locale"]
TIME_ZONE = "Asia/Pontianak"  # default display zone; each office carries its own
USE_I18N = True
USE_TZ = True  # stored in UTC, always

# --- Static and media files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("LOKET_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "loket" / "static"]
MEDIA_ROOT = env.path("LOKET_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files are never served from a public path: views check permission first.
try:
    _default_storage = default_storage(os.environ)
except StorageConfigError as _error:
    raise ImproperlyConfigured(str(_error)) from _error
STORAGES = {
    # The local disk, or an S3-compatible store (LOKET_FILE_STORAGE + LOKET_S3_*).
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Request bodies: each endpoint has its cap (loket/middleware.py, BODY_LIMITS), refused on
# Content-Length before a byte is read; this is the cap of every other endpoint.
LOKET_MAX_BODY_BYTES = env.int("LOKET_MAX_BODY_BYTES", default=DATA_UPLOAD_MAX_MEMORY_SIZE)
# Draft evidence one client address may upload in a session's lifetime (complaint form).
LOKET_DRAFT_QUOTA_BYTES = env.int("LOKET_DRAFT_QUOTA_BYTES", default=25 * 1024 * 1024)
# ClamAV's clamd for uploaded documents (loket/uploads.py): `tcp://127.0.0.1:3310` or
# `unix:///run/clamav/clamd.ctl`; empty: no malware scan, which `check --deploy` refuses in
# production (loket.E001, loket/site/checks.py) unless LOKET_MALWARE_SCAN_WAIVER says why
# (e.g. "uploads are off; intake attachments are scanned by the mail gateway").
LOKET_CLAMD = env.str("LOKET_CLAMD", default="")
LOKET_MALWARE_SCAN_WAIVER = env.str("LOKET_MALWARE_SCAN_WAIVER", default="")
if LOKET_CLAMD and not re.fullmatch(r"unix://\S+|tcp://[^\s:]+:\d{1,5}", LOKET_CLAMD):
    raise ImproperlyConfigured(
        f"LOKET_CLAMD: {LOKET_CLAMD!r} is neither tcp://host:port nor unix:///path"
    )

# --- E-mail ----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("LOKET_EMAIL_URL", default="smtp://127.0.0.1:1025")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("LOKET_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("LOKET_FROM_EMAIL", default="Loket <noreply@loket.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Development only: the directory where `make run`'s mail catcher (manage.py mail_catcher,
# listening on EMAIL_HOST:EMAIL_PORT) stores every message sent; set, the page /dev/surat/
# lists them. Never in production: forced empty there, so the page is never routed.
LOKET_DEV_MAILBOX = "" if LOKET_PRODUCTION else env.str("LOKET_DEV_MAILBOX", default="")

# --- Outbound messages (loket.notify) --------------------------------------------------
# Delivery attempts of one outbox message before it is marked failed (retries back off
# 1, 2, 4 ... minutes, capped at 6 hours).
LOKET_OUTBOX_MAX_ATTEMPTS = env.int("LOKET_OUTBOX_MAX_ATTEMPTS", default=8)
if LOKET_OUTBOX_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("LOKET_OUTBOX_MAX_ATTEMPTS must be at least 1.")
# How long staff notifications are kept (days from their creation): read ones for
# LOKET_STAFF_NOTICE_READ_KEEP_DAYS, every one (read or not) for LOKET_STAFF_NOTICE_KEEP_DAYS;
# `prune_staff_notifications` deletes the older ones.
LOKET_STAFF_NOTICE_READ_KEEP_DAYS = env.int("LOKET_STAFF_NOTICE_READ_KEEP_DAYS", default=90)
LOKET_STAFF_NOTICE_KEEP_DAYS = env.int("LOKET_STAFF_NOTICE_KEEP_DAYS", default=365)
if LOKET_STAFF_NOTICE_READ_KEEP_DAYS < 1:
    raise ImproperlyConfigured("LOKET_STAFF_NOTICE_READ_KEEP_DAYS must be at least 1.")
if LOKET_STAFF_NOTICE_KEEP_DAYS < LOKET_STAFF_NOTICE_READ_KEEP_DAYS:
    raise ImproperlyConfigured(
        "LOKET_STAFF_NOTICE_KEEP_DAYS must be at least LOKET_STAFF_NOTICE_READ_KEEP_DAYS."
    )
# Report exports (issue 16): one whose work (the period's days times the offices it covers)
# is above LOKET_EXPORT_INLINE_DAYS is prepared by a background task instead of in the
# request, and its file is kept LOKET_EXPORT_KEEP_HOURS hours (`purge_report_exports`).
LOKET_EXPORT_INLINE_DAYS = env.int("LOKET_EXPORT_INLINE_DAYS", default=92)
LOKET_EXPORT_KEEP_HOURS = env.int("LOKET_EXPORT_KEEP_HOURS", default=24)
if LOKET_EXPORT_INLINE_DAYS < 0:
    raise ImproperlyConfigured("LOKET_EXPORT_INLINE_DAYS must be 0 or more.")
if LOKET_EXPORT_KEEP_HOURS < 1:
    raise ImproperlyConfigured("LOKET_EXPORT_KEEP_HOURS must be at least 1.")
# The class that sends WhatsApp and SMS messages (a dotted path to a class with
# `send(*, channel, to, body)`). The default only writes them to the log: set a gateway's
# sender in production, or text messages are recorded but never reach anyone.
LOKET_TEXT_SENDER = env.str("LOKET_TEXT_SENDER", default="loket.notify.senders.LoggingSender")
if not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+", LOKET_TEXT_SENDER):
    raise ImproperlyConfigured("LOKET_TEXT_SENDER must be a dotted path to a class.")

# --- Security --------------------------------------------------------------------------
_https = env.bool("LOKET_HTTPS", default=False)
SECURE_SSL_REDIRECT = _https
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
LANGUAGE_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env.int("LOKET_HSTS_SECONDS", default=31_536_000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("LOKET_BEHIND_PROXY", default=False) else None
)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Cookie name prefixes in production (OWASP ASVS 4.0.3 V3.4.4): a browser keeps a `__Host-`
# cookie only when it is Secure, has Path=/ and no Domain, so no other host of the domain and no
# plain-HTTP page can set or overwrite the session or the CSRF token. The kiosk's credential
# is scoped to its office's kiosk path, which `__Host-` forbids: it takes `__Secure-` (Secure
# only). Development over http keeps the plain names (a browser refuses prefixed cookies
# without HTTPS).
_host_prefix = "__Host-" if LOKET_PRODUCTION and _https else ""
_secure_prefix = "__Secure-" if LOKET_PRODUCTION and _https else ""
SESSION_COOKIE_NAME = f"{_host_prefix}sessionid"
CSRF_COOKIE_NAME = f"{_host_prefix}csrftoken"
LOKET_KIOSK_COOKIE_NAME = f"{_secure_prefix}loket_kiosk"

# --- Intake (WhatsApp, e-mail, SP4N-LAPOR!) ------------------------------------------------
# Former keys of the offices' provider secrets, now read-only: everything is encrypted under
# LOKET_ENCRYPTION_KEYS (loket/crypto.py). Keep them until `manage.py rotate_encryption_keys`
# has run once, then remove them.
LOKET_INTAKE_KEYS = env.list("LOKET_INTAKE_KEYS", default=[])
# The deployment's Meta app: its secret signs every webhook delivery; the verify token
# answers the subscription handshake.
LOKET_WHATSAPP_APP_SECRET = env.str("LOKET_WHATSAPP_APP_SECRET", default="")
LOKET_WHATSAPP_VERIFY_TOKEN = env.str("LOKET_WHATSAPP_VERIFY_TOKEN", default="")
LOKET_WHATSAPP_API_URL = env.str(
    "LOKET_WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0"
)
LOKET_WHATSAPP_TIMEOUT = env.float("LOKET_WHATSAPP_TIMEOUT", default=15.0)
LOKET_IMAP_TIMEOUT = env.float("LOKET_IMAP_TIMEOUT", default=30.0)
LOKET_INTAKE_MAX_ATTACHMENT_BYTES = env.int(
    "LOKET_INTAKE_MAX_ATTACHMENT_BYTES", default=5 * 1024 * 1024
)
LOKET_INTAKE_MAX_ATTEMPTS = env.int("LOKET_INTAKE_MAX_ATTEMPTS", default=6)
# Messages of at least this many words become complaints by themselves; shorter ones
# ("halo", "selamat pagi") wait in the Pejabat's inbox.
LOKET_INTAKE_AUTO_COMPLAINT = env.bool("LOKET_INTAKE_AUTO_COMPLAINT", default=True)
LOKET_INTAKE_MIN_WORDS = env.int("LOKET_INTAKE_MIN_WORDS", default=5)
# Queue a background task for each stored message (the periodic job catches up anyway).
LOKET_INTAKE_QUEUE_TASKS = env.bool("LOKET_INTAKE_QUEUE_TASKS", default=True)
# Where the live SP4N-LAPOR! API plugs in (a class implementing LaporGateway); the default
# is the export file round trip.
LOKET_LAPOR_GATEWAY = env.str(
    "LOKET_LAPOR_GATEWAY", default="loket.intake.lapor.gateway.FileGateway"
)
# The watchdog: messages waiting longer than this, mailboxes not polled for this long.
LOKET_INTAKE_STUCK_MINUTES = env.int("LOKET_INTAKE_STUCK_MINUTES", default=15)

# LOKET_LOG_FORMAT=json: one JSON object per line (python-json-logger) for a log collector.
LOKET_LOG_FORMAT = env.str("LOKET_LOG_FORMAT", default="text")
if LOKET_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOKET_LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Both in UTC, each record one line (loket.site.logging).
        "text": {"()": "loket.site.logging.UtcText"},
        "json": {
            "()": "loket.site.logging.UtcJson",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {
        "refusal_without_traceback": {"()": "loket.site.logging.RefusalWithoutTraceback"},
        "secrets_masked": {"()": "loket.site.logging.SecretsMasked"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOKET_LOG_FORMAT,
            "filters": ["secrets_masked"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOKET_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"level": "WARNING"},
        # A 403 is one warning line, not a traceback (loket.site.logging).
        "django.request": {"level": "WARNING", "filters": ["refusal_without_traceback"]},
        "httpx": {"level": "WARNING"},
    },
}

# /metrics (loket.site.metrics) answers only a scraper sending this bearer token; 404 unset.
LOKET_METRICS_TOKEN = env.str("LOKET_METRICS_TOKEN", default="")

# --- Staff accounts: lockout, two-factor, sessions (loket/accounts) --------------------
# Sign-in lockout (django-axes), per account OR per client address: after
# LOKET_SIGNIN_FAILURE_LIMIT failures both are refused, even with the right password, for a
# cool-off that doubles with every lockout of the day (loket.accounts.lockout.cool_off).
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env.int("LOKET_SIGNIN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = "loket.accounts.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "loket.accounts.lockout.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "loket.accounts.client.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOKET_LOCKOUT_MINUTES = env.int("LOKET_LOCKOUT_MINUTES", default=5)
# Two-factor codes (TOTP + recovery codes) are required in production for every role that
# can see personal data and for system administrators; LOKET_REQUIRE_2FA forces it elsewhere.
LOKET_REQUIRE_2FA = env.bool("LOKET_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env.str("LOKET_OTP_ISSUER", default="Loket")
# Idle timeout on top of the absolute one (SESSION_COOKIE_AGE, 8 hours).
LOKET_IDLE_TIMEOUT_MINUTES = env.int("LOKET_IDLE_TIMEOUT_MINUTES", default=30)
# How long a password confirmation opens the pages of sensitive changes (loket/reauth.py):
# one's password and second factor, colleagues' roles and accounts, API keys, kiosks, settings.
# Long enough to fill in the office profile: a form posted after it has to be sent again.
LOKET_REAUTH_MINUTES = env.int("LOKET_REAUTH_MINUTES", default=15)
# Refused accesses (403, or 404 on another office's or division's records) of one account
# within LOKET_REFUSAL_ALERT_MINUTES that alert the office admins, once per window.
LOKET_REFUSAL_ALERT_LIMIT = env.int("LOKET_REFUSAL_ALERT_LIMIT", default=10)
LOKET_REFUSAL_ALERT_MINUTES = env.int("LOKET_REFUSAL_ALERT_MINUTES", default=10)

# --- Client address behind a reverse proxy (loket.accounts.client.client_ip) ------------
# LOKET_TRUSTED_PROXIES: how many proxies stand in front of Loket (`1` for one nginx), or
# their networks (`10.0.0.0/8,fd00::/8`). X-Forwarded-For is believed only from them; unset:
# the socket address, whatever the headers say.
_trusted = env.list("LOKET_TRUSTED_PROXIES", default=[])
LOKET_TRUSTED_PROXY_COUNT = 0
LOKET_TRUSTED_PROXIES: list[str] = []
if len(_trusted) == 1 and _trusted[0].isdigit():
    LOKET_TRUSTED_PROXY_COUNT = int(_trusted[0])
else:
    import ipaddress

    for _network in _trusted:
        try:
            ipaddress.ip_network(_network, strict=False)
        except ValueError as _error:
            raise ImproperlyConfigured(
                f"LOKET_TRUSTED_PROXIES: {_network!r} is neither a number of proxies nor a "
                "network such as 10.0.0.0/8."
            ) from _error
    LOKET_TRUSTED_PROXIES = _trusted
RATELIMIT_IP_META_KEY = "loket.accounts.client.client_ip"
# One bucket per IPv6 /64 (a home connection), one per IPv4 address.
RATELIMIT_IPV6_MASK = 64

# --- Response headers -----------------------------------------------------------------
# Content-Security-Policy (django-csp 4): our own files only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
LOKET_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- WhatsApp / SMS sender (loket.notify.senders) -------------------------------------
LOKET_TEXT_SENDER = env.str("LOKET_TEXT_SENDER", default="loket.notify.senders.LoggingSender")

# --- Production refuses to start misconfigured (finding 10 of the security review) -----
if LOKET_PRODUCTION:
    from loket.accounts.production import production_problems

    _problems = production_problems(
        https=_https,
        debug=DEBUG,
        secret_key=SECRET_KEY,
        cache_backend=CACHES["default"]["BACKEND"],
        text_sender=LOKET_TEXT_SENDER,
    )
    if _problems:
        raise ImproperlyConfigured(
            "Loket refuses to start in production (LOKET_PRODUCTION=true):\n"
            + "\n".join(f"- {problem}" for problem in _problems)
        )
