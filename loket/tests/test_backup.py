"""scripts/backup.py: a backup, wiped data, a restore, and every row and file is back.

Runs the real script in subprocesses against a database of its own (a SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL), never the test database.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

COUNT_ROWS = """
import json, django
django.setup()
from django.apps import apps
print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models()}))
"""


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


@pytest.fixture
def own_database(tmp_path):
    """Environment variables pointing at a database used by this test alone."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loket.settings",
        "LOKET_MEDIA_ROOT": str(tmp_path / "media"),
    }
    if connection.vendor == "postgresql":
        import psycopg

        db = settings.DATABASES["default"]
        name = f"loket_backup_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
        yield env
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'loket.sqlite3'}"
        yield env


@pytest.mark.slow
def test_a_backup_restores_every_row_and_file_after_the_data_is_wiped(own_database, tmp_path):
    env = own_database
    _run(["manage.py", "migrate", "--noinput", "-v0"], env)
    _run(["manage.py", "load_demo"], env)
    evidence = tmp_path / "media" / "complaints" / "bukti.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 bukti pengaduan")
    before = json.loads(_run(["-c", COUNT_ROWS], env).stdout)
    assert before["offices.Office"] >= 1
    assert before["auth.User"] >= 1

    archive = Path(
        _run(["scripts/backup.py", "--to", str(tmp_path / "backups")], env).stdout.strip()
    )
    assert archive.exists()
    assert archive.suffix == ".tar"

    # Wipe: every table flushed, the uploaded file gone.
    _run(["manage.py", "flush", "--noinput"], env)
    evidence.unlink()
    assert json.loads(_run(["-c", COUNT_ROWS], env).stdout)["offices.Office"] == 0

    _run(["scripts/backup.py", "--restore", str(archive)], env)
    assert json.loads(_run(["-c", COUNT_ROWS], env).stdout) == before
    assert evidence.read_bytes() == b"%PDF-1.4 bukti pengaduan"


def test_a_missing_archive_fails_with_one_line(tmp_path, own_database):
    result = subprocess.run(
        [sys.executable, "scripts/backup.py", "--restore", str(tmp_path / "none.tar")],
        cwd=ROOT,
        env=own_database,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("backup: ")
    assert result.stderr.count("\n") == 1
