"""A citizen who fills in the complaint form and walks away leaves their name, contact and NIK
in the session row. Expired rows were never deleted (Django leaves that to `clearsessions`,
which no periodic job ran), so these identities stayed in the database for good."""

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def test_the_periodic_jobs_delete_an_expired_session_with_a_draft_and_keep_a_live_one():
    periodic = re.search(r"^PERIODIC := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert periodic is not None
    assert "clearsessions" in periodic.group(1).split()
    assert "`clearsessions`" in (ROOT / "README.md").read_text()

    abandoned = SessionStore()
    abandoned["complaint_draft"] = {"who": {"name": "Siti Aminah", "nik": "6171014101900001"}}
    abandoned.create()
    live = SessionStore()
    live["complaint_draft"] = {"who": {"name": "Budi"}}
    live.create()
    Session.objects.filter(session_key=abandoned.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    from django.core.management import call_command

    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_the_production_periodic_script_runs_the_makefiles_list():
    script = (ROOT / "deploy" / "periodic.sh").read_text()
    assert "PERIODIC := " in script  # one list of jobs for make run, cron and systemd
    assert subprocess.run(["sh", "-n", str(ROOT / "deploy" / "periodic.sh")]).returncode == 0
