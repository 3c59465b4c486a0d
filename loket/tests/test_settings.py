"""Settings are parsed in settings.py only, strictly, and every variable is documented."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_variable_settings_py_reads_is_documented_in_env_example():
    source = (ROOT / "loket" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert {"LOKET_OUTBOX_MAX_ATTEMPTS", "LOKET_TEXT_SENDER", "DATABASE_URL"} <= read
    assert read - documented == set()


def test_no_module_reads_a_loket_setting_with_a_silent_default():
    """`getattr(settings, "LOKET_...", default)` hides a setting from settings.py and
    .env.example; read `settings.LOKET_...` (defined, with its default, in settings.py)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "loket").rglob("*.py"))
        if "tests" not in path.parts
        and re.search(r"getattr\(\s*settings\s*,\s*[\"']LOKET_", path.read_text())
    ]
    assert offenders == []


def test_the_outbox_and_text_sender_settings_have_todays_defaults():
    assert settings.LOKET_OUTBOX_MAX_ATTEMPTS == 8
    assert settings.LOKET_TEXT_SENDER == "loket.notify.senders.LoggingSender"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LOKET_OUTBOX_MAX_ATTEMPTS", "many", "LOKET_OUTBOX_MAX_ATTEMPTS"),
        ("LOKET_OUTBOX_MAX_ATTEMPTS", "0", "LOKET_OUTBOX_MAX_ATTEMPTS must be at least 1"),
        ("LOKET_TEXT_SENDER", "not a path", "LOKET_TEXT_SENDER must be a dotted path"),
        ("LOKET_STAFF_NOTICE_READ_KEEP_DAYS", "0", "READ_KEEP_DAYS must be at least 1"),
        ("LOKET_STAFF_NOTICE_KEEP_DAYS", "30", "KEEP_DAYS must be at least LOKET_STAFF"),
    ],
)
def test_a_malformed_value_stops_the_start(variable, value, message):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, variable: value},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("cache_url", "task_url"),
    [
        ("redis://127.0.0.1:6379/1", "redis://127.0.0.1:6379/2"),
        ("redis://:secret@cache.internal:6380/0", "redis://:secret@cache.internal:6380/1"),
        ("rediss://cache.internal:6379", "rediss://cache.internal:6379/1"),
        ("redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/0"),
        ("locmemcache://loket", "redis://127.0.0.1:6379/2"),
        ("", "redis://127.0.0.1:6379/2"),
    ],
)
def test_the_task_queue_defaults_to_the_caches_redis_with_its_own_database(cache_url, task_url):
    from loket.settings import _task_redis_url

    assert _task_redis_url(cache_url) == task_url


def test_a_redis_cache_url_is_served_by_django_redis_with_its_options_for_the_pool():
    """Issue 18: Django's own Redis backend builds a redis-py client for every call;
    django-redis keeps one. The URL's query options still reach redis-py."""
    from loket.site.caching import cache_config

    assert cache_config("redis://:rahasia@127.0.0.1:6379/1") == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://:rahasia@127.0.0.1:6379/1",
    }
    assert cache_config("rediss://:rahasia@cache.contoh.go.id:6380/1?ssl_cert_reqs=required") == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "rediss://:rahasia@cache.contoh.go.id:6380/1",
        "OPTIONS": {"CONNECTION_POOL_KWARGS": {"ssl_cert_reqs": "required"}},
    }
    assert cache_config("locmemcache://loket")["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_the_cache_keeps_counting_and_many_keys_on_the_configured_backend():
    """What the rate limits and the kept office ask of the cache, on the backend the tests
    run (CI: the local Redis through django-redis, LOKET_TEST_CACHE_URL)."""
    from django.core.cache import cache

    assert cache.add("hitung", 1, 60) is True
    assert cache.add("hitung", 1, 60) is False
    assert cache.incr("hitung") == 2
    cache.set("kantor", ("cap", {"nama": "Biro"}), 60)
    assert cache.get_many(["hitung", "kantor", "tidak-ada"]) == {
        "hitung": 2,
        "kantor": ("cap", {"nama": "Biro"}),
    }
