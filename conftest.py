"""Test-wide settings: fast hashing, plain static storage, isolated e-mail."""

import datetime as dt
import os

import pytest
import time_machine
from django.core.cache import cache

from loket.site.caching import cache_config

# CI points the test cache at a real Redis (LOKET_TEST_CACHE_URL=redis://127.0.0.1:6379/15) so the
# rate limits are exercised against the shared cache production uses; otherwise locmem.
TEST_CACHE_URL = os.environ.get("LOKET_TEST_CACHE_URL", "locmemcache://loket-tests")

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# LOKET_TEST_TODAY=2027-03-15 runs the suite as if that were the day (the time of day kept, the
# clock ticking): a test that passes only on the day it was written fails there. Tests that freeze
# the clock themselves (the `time_machine` fixture) still travel from it.
SHIFTED_TODAY = os.environ.get("LOKET_TEST_TODAY")


@pytest.fixture(autouse=True, scope="session")
def _shifted_today():
    if not SHIFTED_TODAY:
        yield
        return
    now = dt.datetime.now(dt.UTC)
    day = dt.date.fromisoformat(SHIFTED_TODAY)
    with time_machine.travel(dt.datetime.combine(day, now.timetz()), tick=True):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": cache_config(TEST_CACHE_URL)}
    cache.clear()
    yield
    cache.clear()
