"""Loket's deployment checks (`manage.py check --deploy`, loket/site/checks.py), issue 12:
production needs a malware scanner unless it is waived explicitly (OWASP ASVS 4.0.3 V12.4.2),
and a Redis reached without a password is warned about (V1.2.2); a `rediss://` URL with a
password is accepted. Run as the deployment guide does, in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIT = {
    "LOKET_PRODUCTION": "true",
    "LOKET_SECRET_KEY": "x7!" + "k2Lq9vR4sT8wZ1bN6mC3pF5hJ0dG" * 2,
    "LOKET_ALLOWED_HOSTS": "loket.contoh.go.id",
    "LOKET_HTTPS": "true",
    "LOKET_DEBUG": "false",
    "LOKET_CACHE_URL": "redis://:sandi-redis-rahasia@127.0.0.1:6379/1",
    "LOKET_TEXT_SENDER": "loket.accounts.tests.test_production.GatewaySender",
    "LOKET_CLAMD": "unix:///run/clamav/clamd.ctl",
    # A key of its own (loket.crypto): production refuses keys derived from the secret key.
    "LOKET_ENCRYPTION_KEYS": "Zm9yLXRoZS1kZXBsb3ktY2hlY2stb25seS0zMmJ5dGU=",
}


def _deploy_check(tmp_path, **variables):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LOKET_")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **FIT,
        **variables,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_production_without_a_malware_scanner_fails_the_deploy_check(tmp_path):
    code, output = _deploy_check(tmp_path, LOKET_CLAMD="")
    assert code != 0
    assert "loket.E001" in output
    assert "LOKET_MALWARE_SCAN_WAIVER" in output  # the hint names the way out


def test_an_explicit_waiver_passes_and_is_repeated_at_every_check(tmp_path):
    code, output = _deploy_check(
        tmp_path, LOKET_CLAMD="", LOKET_MALWARE_SCAN_WAIVER="dipindai gerbang provinsi"
    )
    assert code == 0, output
    assert "loket.I001" in output
    assert "dipindai gerbang provinsi" in output


def test_a_redis_without_a_password_is_warned_without_showing_any_secret(tmp_path):
    code, output = _deploy_check(tmp_path, LOKET_CACHE_URL="redis://127.0.0.1:6379/1")
    assert code != 0
    assert "loket.W002" in output
    assert "127.0.0.1" in output


def test_redis_over_tls_with_a_password_passes(tmp_path):
    code, output = _deploy_check(
        tmp_path,
        LOKET_CACHE_URL="rediss://:sandi-redis-rahasia@redis.internal:6380/1?ssl_cert_reqs=required",
    )
    assert code == 0, output
    assert "no issues" in output
    assert "sandi-redis-rahasia" not in output


def test_development_is_not_held_to_the_production_checks(tmp_path):
    _code, output = _deploy_check(
        tmp_path, LOKET_PRODUCTION="false", LOKET_CLAMD="", LOKET_CACHE_URL="redis://h:6379/1"
    )
    assert "loket.E001" not in output
    assert "loket.W002" not in output


def test_a_placeholder_left_from_the_example_fails_without_showing_its_value(tmp_path):
    """OWASP ASVS 4.0.3 V2.10.2: the example environment's "change-me" passwords passed."""
    code, output = _deploy_check(
        tmp_path,
        DATABASE_URL="postgres://loket:change-me@127.0.0.1:5432/loket",
        LOKET_METRICS_TOKEN="Change-Me-to-a-long-random-token",
    )
    assert code != 0
    assert "loket.E003" in output
    assert "DATABASE_URL, LOKET_METRICS_TOKEN" in output
    assert "postgres://loket" not in output
