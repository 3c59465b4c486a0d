"""Finding 10: with LOKET_PRODUCTION=true Loket refuses to start with HTTPS off, a short secret
key, the in-process cache or the logging text sender, one clear line per problem. Before: it
started with all four."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from loket.accounts.production import production_problems

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = "x7!" + "k2Lq9vR4sT8wZ1bN6mC3pF5hJ0dG" * 2


class GatewaySender:
    """Stands for a deployment's real WhatsApp/SMS gateway in the settings tests."""

    def send(self, *, channel: str, to: str, body: str) -> None:
        raise NotImplementedError("a test stand-in; no message leaves the machine")


def _start(tmp_path, **variables):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LOKET_")},
        "LOKET_PRODUCTION": "true",
        "LOKET_ALLOWED_HOSTS": "loket.contoh.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_naming_each_problem_on_its_own_line(tmp_path):
    result = _start(
        tmp_path,
        LOKET_HTTPS="false",
        LOKET_SECRET_KEY="pendek-sekali",
        LOKET_CACHE_URL="locmemcache://loket",
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("- LOKET_")]
    assert [line.split(" ", 2)[1] for line in lines] == [
        "LOKET_HTTPS",
        "LOKET_SECRET_KEY",
        "LOKET_CACHE_URL",
        "LOKET_TEXT_SENDER",
    ]
    assert "(13 characters)" in lines[1]


def test_production_starts_when_every_problem_is_fixed(tmp_path):
    result = _start(
        tmp_path,
        LOKET_HTTPS="true",
        LOKET_SECRET_KEY=GOOD_KEY,
        LOKET_CACHE_URL="redis://127.0.0.1:6379/1",
        LOKET_TEXT_SENDER="loket.accounts.tests.test_production.GatewaySender",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_development_defaults_are_refused_for_production():
    from django.conf import settings as loaded

    from loket.site.caching import cache_config

    problems = production_problems(
        https=False,
        debug=True,
        secret_key="dev-insecure-" + "loket-development-key-change-me-in-production-0123456789",
        cache_backend=cache_config(loaded.DEVELOPMENT_CACHE_URL)["BACKEND"],
        text_sender="loket.notify.senders.LoggingSender",
    )
    assert len(problems) == 5
    assert all(problem.startswith("LOKET_") for problem in problems)
    assert "without atomic counters (FileBasedCache" in problems[3]


@pytest.mark.parametrize("cache_url", ["", "filecache:///var/tmp/loket"])
def test_production_without_redis_refuses_to_start(tmp_path, cache_url):
    """Unset (the development default: a file cache) or a file cache: parallel requests would
    slip past the rate limits (no atomic increment)."""
    result = _start(
        tmp_path,
        LOKET_HTTPS="true",
        LOKET_SECRET_KEY=GOOD_KEY,
        LOKET_CACHE_URL=cache_url,
        LOKET_TEXT_SENDER="loket.accounts.tests.test_production.GatewaySender",
    )
    assert result.returncode != 0
    assert "- LOKET_CACHE_URL uses a cache without atomic counters" in result.stderr


def test_a_missing_key_and_a_dummy_cache_are_refused_too():
    problems = production_problems(
        https=True,
        debug=False,
        secret_key="",
        cache_backend="django.core.cache.backends.dummy.DummyCache",
        text_sender="loket.accounts.tests.test_production.GatewaySender",
    )
    assert [p.split(" ", 1)[0] for p in problems] == ["LOKET_SECRET_KEY", "LOKET_CACHE_URL"]


FIT = {
    "LOKET_HTTPS": "true",
    "LOKET_SECRET_KEY": GOOD_KEY,
    "LOKET_CACHE_URL": "redis://:sandi-redis@127.0.0.1:6379/1",
    "LOKET_TEXT_SENDER": "loket.accounts.tests.test_production.GatewaySender",
    "LOKET_CLAMD": "unix:///run/clamav/clamd.ctl",
}


def _settings_of(tmp_path, names: list[str], **variables) -> list[str]:
    """The values of the settings `names` as a process started with `variables` sees them."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LOKET_")},
        "LOKET_ALLOWED_HOSTS": "loket.contoh.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **variables,
    }
    code = "from django.conf import settings; print(*(getattr(settings, n) for n in {!r}))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code.format(names)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


COOKIES = ["SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "LOKET_KIOSK_COOKIE_NAME"]


def test_in_production_the_cookies_carry_the_host_and_secure_prefixes(tmp_path):
    """OWASP ASVS 4.0.3 V3.4.4; the kiosk's cookie is path-scoped, so `__Secure-`."""
    assert _settings_of(tmp_path, COOKIES, LOKET_PRODUCTION="true", **FIT) == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "__Secure-loket_kiosk",
    ]


def test_development_over_http_keeps_the_plain_cookie_names(tmp_path):
    assert _settings_of(tmp_path, COOKIES, LOKET_HTTPS="false") == [
        "sessionid",
        "csrftoken",
        "loket_kiosk",
    ]
