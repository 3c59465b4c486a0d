"""Orphaned uploads (issue 13): files in Loket's upload folders that no row names, left by a
rolled-back submit or an abandoned draft, are deleted by the purge once older than the grace
period; a file a row names, a young file and a file outside Loket's folders are kept."""

import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from loket.privacy import jobs
from loket.privacy.models import PrivacyEvent
from loket.privacy.services.purge import ORPHAN_GRACE

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db

NOW = COLLECTED + timedelta(days=30)


def stored(path, *, modified):
    name = default_storage.save(path, ContentFile(b"%PDF-1.4\n"))
    os.utime(default_storage.path(name), (modified.timestamp(), modified.timestamp()))
    return name


def old():
    return NOW - ORPHAN_GRACE - timedelta(minutes=1)


@pytest.fixture
def purge(time_machine):
    def run(*, dry_run=False):
        time_machine.move_to(NOW, tick=False)
        return jobs.purge_personal_data(dry_run=dry_run)

    return run


def test_an_old_file_no_row_names_is_deleted_in_every_app_folder_and_counted(purge):
    orphans = [
        stored("visits/1/rolled-back.pdf", modified=old()),
        stored("complaints/1/rolled-back.jpg", modified=old()),
        stored("intake/7/abc/lampiran.pdf", modified=old()),
        stored("intake/lapor-upload/abandoned", modified=old()),
    ]
    counts = purge()
    assert counts["orphaned_files"] == 4
    assert not any(default_storage.exists(name) for name in orphans)
    event = PrivacyEvent.objects.get(office=None, action=PrivacyEvent.Action.PURGED)
    assert event.data["orphaned_files"] == 4


def test_files_named_by_a_visit_or_a_complaint_are_kept(make_visit, make_complaint, purge):
    visit = make_visit()
    complaint = make_complaint()
    named = [visit.attachments.get().file.name, complaint.attachments.get().file.name]
    for name in named:
        os.utime(default_storage.path(name), (old().timestamp(), old().timestamp()))
    counts = purge()
    assert counts.get("orphaned_files", 0) == 0
    assert all(default_storage.exists(name) for name in named)


def test_a_file_younger_than_the_grace_period_is_kept(purge):
    young = stored("visits/1/being-submitted.pdf", modified=NOW - ORPHAN_GRACE + timedelta(hours=1))
    assert purge().get("orphaned_files", 0) == 0
    assert default_storage.exists(young)


def test_files_outside_lokets_upload_folders_and_draft_evidence_are_not_swept(purge):
    others = [
        stored("exports/report.pdf", modified=old()),
        stored("visitsarchive/1/x.pdf", modified=old()),
        stored("complaints/draft/abc/evidence.pdf", modified=NOW - timedelta(hours=1)),
    ]
    assert purge().get("orphaned_files", 0) == 0
    assert all(default_storage.exists(name) for name in others)


def test_a_dry_run_counts_the_orphans_and_deletes_nothing(purge):
    orphan = stored("visits/1/rolled-back.pdf", modified=old())
    assert purge(dry_run=True)["orphaned_files"] == 1
    assert default_storage.exists(orphan)
    assert not PrivacyEvent.objects.exists()


def test_a_second_purge_finds_no_orphan_and_writes_no_event(purge):
    stored("complaints/1/rolled-back.jpg", modified=old())
    purge()
    assert purge().get("orphaned_files", 0) == 0
    assert PrivacyEvent.objects.filter(action=PrivacyEvent.Action.PURGED).count() == 1


def test_by_hand_the_command_only_counts_orphans(time_machine):
    orphan = stored("visits/1/rolled-back.pdf", modified=old())
    time_machine.move_to(NOW, tick=False)
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "orphaned_files 1" in out.getvalue()
    assert default_storage.exists(orphan)
