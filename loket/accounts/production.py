"""The production self-check: what a deployment with `LOKET_PRODUCTION=true` must not run with.

Called from the settings module, so every entry point (gunicorn, the task worker, a cron job's
management command) refuses to start, with one line per problem, instead of serving with
HTTPS off, a guessable secret key, rate-limit counters each worker keeps to itself, or text
messages (with their tracking codes) written to the log. Pure: no Django import, so the
settings module may call it before apps load. OWASP ASVS 4.0.3 V14.1 (build and deploy).
"""

from __future__ import annotations

# Cache backends that keep their data inside one process (or nowhere): rate limits and the
# lockout's counters would then be per worker, so N workers allow N times the limit.
IN_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
# Shared between processes but counting by read-then-write (no atomic increment): parallel
# requests slip past a limit. The development default (`make run`), never production's.
NON_ATOMIC_CACHES = {
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.db.DatabaseCache",
}
LOGGING_TEXT_SENDER = "loket.notify.senders.LoggingSender"
MIN_SECRET_LENGTH = 50
MIN_SECRET_UNIQUE = 5
INSECURE_SECRET_PREFIXES = ("django-insecure-", "dev-insecure-")


def production_problems(
    *, https: bool, debug: bool, secret_key: str, cache_backend: str, text_sender: str
) -> list[str]:
    """Every reason the settings are unfit for production, one sentence each (empty: fit)."""
    problems = []
    if not https:
        problems.append(
            "LOKET_HTTPS is off: set LOKET_HTTPS=true (secure cookies, HSTS, HTTPS redirect)."
        )
    if debug:
        problems.append("LOKET_DEBUG is on: set LOKET_DEBUG=false (DEBUG pages leak settings).")
    if not secret_key:
        problems.append("LOKET_SECRET_KEY is not set: set 50 or more random characters.")
    elif (
        len(secret_key) < MIN_SECRET_LENGTH
        or len(set(secret_key)) < MIN_SECRET_UNIQUE
        or secret_key.startswith(INSECURE_SECRET_PREFIXES)
    ):
        problems.append(
            f"LOKET_SECRET_KEY is too short or guessable ({len(secret_key)} characters): "
            f"set {MIN_SECRET_LENGTH} or more random characters."
        )
    if cache_backend in IN_PROCESS_CACHES:
        problems.append(
            f"LOKET_CACHE_URL uses an in-process cache ({cache_backend.rsplit('.', 1)[-1]}): "
            "rate limits and sign-in lockouts need a shared cache, e.g. redis://127.0.0.1:6379/1."
        )
    elif cache_backend in NON_ATOMIC_CACHES:
        problems.append(
            f"LOKET_CACHE_URL uses a cache without atomic counters "
            f"({cache_backend.rsplit('.', 1)[-1]}; unset, it is the development file cache): "
            "parallel requests slip past the rate limits; use Redis, e.g. "
            "redis://127.0.0.1:6379/1."
        )
    if text_sender == LOGGING_TEXT_SENDER:
        problems.append(
            "LOKET_TEXT_SENDER is the logging sender, which writes WhatsApp/SMS messages into "
            "the log: set the dotted path of a real gateway sender."
        )
    return problems
