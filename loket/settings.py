"""Loket settings: one module, every deployment value from an environment variable.

Values are parsed strictly: a malformed variable raises ImproperlyConfigured at start-up
instead of silently falling back. Every variable is documented in `.env.example` and README.
"""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("LOKET_DEBUG", default=False)
# Set in real deployments: demands a secret key and refuses demo logins.
LOKET_PRODUCTION = env.bool("LOKET_PRODUCTION", default=False)

_secret = env.str("LOKET_SECRET_KEY", default="")
if not _secret:
    if LOKET_PRODUCTION:
        raise ImproperlyConfigured("LOKET_SECRET_KEY must be set in production.")
    # A stable development key; never used where LOKET_PRODUCTION is set.
    _secret = "dev-insecure-" + "loket-development-key-change-me-in-production-0123456789"
SECRET_KEY = _secret

ALLOWED_HOSTS = env.list("LOKET_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("LOKET_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("LOKET_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Satisfaction survey offered after a consultation: a URL with {token} and {office} in it
# (empty: no survey link is shown). The survey itself is a later issue.
LOKET_VISIT_SURVEY_URL = env.str("LOKET_VISIT_SURVEY_URL", default="")
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
    "loket.offices",
    "loket.workdays",
    "loket.notify",
    "loket.standards",
    "loket.visits",
    "loket.complaints",
    "loket.intake",
    "loket.api",
    "loket.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "loket.middleware.ExplicitLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "loket.middleware.HtmxLoginRedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("LOKET_CACHE_URL", default="locmemcache://loket")}

# --- Background tasks (django-tasks API, database backend) -----------------------------
TASKS = {
    "default": {
        "BACKEND": env.str("LOKET_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Auth ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "offices:staff_home"
LOGOUT_REDIRECT_URL = "home"

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
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "LOKET_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"
        ),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- E-mail ----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("LOKET_EMAIL_URL", default="smtp://127.0.0.1:1025")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("LOKET_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("LOKET_FROM_EMAIL", default="Loket <noreply@loket.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Outbound messages (loket.notify) --------------------------------------------------
# Delivery attempts of one outbox message before it is marked failed (retries back off
# 1, 2, 4 ... minutes, capped at 6 hours).
LOKET_OUTBOX_MAX_ATTEMPTS = env.int("LOKET_OUTBOX_MAX_ATTEMPTS", default=8)
if LOKET_OUTBOX_MAX_ATTEMPTS < 1:
    raise ImproperlyConfigured("LOKET_OUTBOX_MAX_ATTEMPTS must be at least 1.")
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

# --- Intake (WhatsApp, e-mail, SP4N-LAPOR!) ------------------------------------------------
# Fernet keys encrypting the offices' provider secrets; the first encrypts, all decrypt.
# Unset: a key derived from SECRET_KEY (changing that key then means typing the offices'
# provider secrets again).
LOKET_INTAKE_KEYS = env.list("LOKET_INTAKE_KEYS", default=[])
# The deployment's Meta app: its secret signs every webhook delivery; the verify token
# answers the subscription handshake.
LOKET_WHATSAPP_APP_SECRET = env.str("LOKET_WHATSAPP_APP_SECRET", default="")
LOKET_WHATSAPP_VERIFY_TOKEN = env.str("LOKET_WHATSAPP_VERIFY_TOKEN", default="")
LOKET_WHATSAPP_API_URL = env.str(
    "LOKET_WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0"
)
LOKET_WHATSAPP_TIMEOUT = env.float("LOKET_WHATSAPP_TIMEOUT", default=15.0)
# WhatsApp/SMS sender of the outbox (loket.notify); the Cloud API one is intake's.
LOKET_TEXT_SENDER = env.str("LOKET_TEXT_SENDER", default="loket.notify.senders.LoggingSender")
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOKET_LOG_LEVEL", default="INFO")},
    "loggers": {"django": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}
