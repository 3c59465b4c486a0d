"""Project-wide checks: translations complete, production settings pass --deploy."""

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]


def test_every_english_catalogue_entry_is_translated():
    catalogues = sorted(ROOT.glob("loket/**/locale/en/LC_MESSAGES/django.po"))
    assert len(catalogues) >= 4
    missing = []
    for path in catalogues:
        with path.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            strings = message.string if message.pluralizable else [message.string]
            if message.id and (not all(strings) or message.fuzzy):
                missing.append(f"{path.relative_to(ROOT)}: {message.id!r}")
    assert not missing, "\n".join(missing)


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "LOKET_PRODUCTION": "true",
        "LOKET_SECRET_KEY": "x7!" + "k2Lq9vR4sT8wZ1bN6mC3pF5hJ0dG" * 2,
        "LOKET_ALLOWED_HOSTS": "loket.contoh.go.id",
        "LOKET_HTTPS": "true",
        "LOKET_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "LOKET_PRODUCTION": "true", "LOKET_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "LOKET_SECRET_KEY" in result.stderr


def test_an_expired_session_in_a_refreshing_fragment_sends_htmx_to_the_sign_in_page(
    client, office_a
):
    url = f"/staf/{office_a.slug}/tamu/daftar/"
    plain = client.get(url)
    assert plain.status_code == 302 and plain["Location"].startswith("/staf/masuk/")

    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 204
    assert fragment["HX-Redirect"] == plain["Location"]
    assert fragment.content == b""
