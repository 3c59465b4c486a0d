"""Staff notifications are pruned: read ones older than LOKET_STAFF_NOTICE_READ_KEEP_DAYS
(90 days), every one older than LOKET_STAFF_NOTICE_KEEP_DAYS (365), by an idempotent
periodic job that deletes in batches. The clock is frozen: the suite passes on any day."""

import re
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from loket.notify import jobs, services
from loket.notify.kinds import StaffNoticeKind
from loket.notify.models import StaffDigest, StaffNoticePreference, StaffNotification

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _notice(user, office, *, age_days, read=False, title="ADU-2026-000001"):
    created = NOW - timedelta(days=age_days)
    return StaffNotification.objects.create(
        recipient=user,
        office=office,
        kind=StaffNoticeKind.ASSIGNED,
        title=title,
        created_at=created,
        read_at=created + timedelta(hours=1) if read else None,
    )


def _titles():
    return sorted(StaffNotification.objects.values_list("title", flat=True))


@pytest.fixture
def inbox(office_a, alice, carol):
    for title, age, read in [
        ("read-91", 91, True),  # read, past 90 days: goes
        ("read-90", 90, True),  # exactly 90 days: stays (older than, not as old as)
        ("read-10", 10, True),
        ("unread-91", 91, False),  # unread: kept up to a year
        ("unread-364", 364, False),
        ("unread-366", 366, False),  # past a year, read or not: goes
        ("read-400", 400, True),
    ]:
        _notice(alice, office_a, age_days=age, read=read, title=title)
    _notice(carol, office_a, age_days=200, read=True, title="carol-read-200")


def test_the_job_deletes_read_notices_after_90_days_and_all_after_a_year(frozen, inbox):
    out = StringIO()
    call_command("prune_staff_notifications", stdout=out)
    assert out.getvalue().strip() == "deleted 4 staff notifications"
    assert _titles() == ["read-10", "read-90", "unread-364", "unread-91"]


def test_a_second_run_deletes_nothing(frozen, inbox):
    assert jobs.prune_staff_notifications() == 4
    assert jobs.prune_staff_notifications() == 0
    assert len(_titles()) == 4


def test_a_dry_run_counts_and_deletes_nothing(frozen, inbox):
    out = StringIO()
    call_command("prune_staff_notifications", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "would delete 4 staff notifications"
    assert len(_titles()) == 8


def test_the_bounds_are_settings(frozen, inbox):
    with override_settings(LOKET_STAFF_NOTICE_READ_KEEP_DAYS=5, LOKET_STAFF_NOTICE_KEEP_DAYS=100):
        assert jobs.prune_staff_notifications() == 7
    assert _titles() == ["unread-91"]


def test_the_defaults_are_90_and_365_days(settings):
    assert settings.LOKET_STAFF_NOTICE_READ_KEEP_DAYS == 90
    assert settings.LOKET_STAFF_NOTICE_KEEP_DAYS == 365


def test_the_job_deletes_in_batches_of_the_given_size(
    frozen, office_a, alice, django_assert_max_num_queries
):
    for number in range(5):
        _notice(alice, office_a, age_days=100 + number, read=True, title=f"old-{number}")
    _notice(alice, office_a, age_days=1, read=True, title="new")
    assert services.prune_staff_notifications(limit=2) == 2
    assert len(_titles()) == 4
    # One select of the ids and one delete per batch (plus the transaction's savepoints).
    with django_assert_max_num_queries(3 * 4) as run:
        assert jobs.prune_staff_notifications(batch=2) == 3
    assert len([q for q in run.captured_queries if q["sql"].startswith("DELETE")]) == 2
    assert _titles() == ["new"]
    with pytest.raises(ValueError, match="limit"):
        services.prune_staff_notifications(limit=0)


def test_preferences_and_digest_claims_are_kept(frozen, inbox, alice, office_a):
    services.save_preferences(user=alice, in_app_kinds=["assigned"], digest_kinds=["overdue"])
    services.claim_digest(
        user=alice, office=office_a, day=NOW.date() - timedelta(days=400), items=1
    )
    jobs.prune_staff_notifications()
    assert StaffNoticePreference.objects.filter(user=alice).exists()
    assert StaffDigest.objects.filter(user=alice).exists()


def test_the_job_runs_with_the_other_periodic_jobs_and_is_in_the_cron_example():
    periodic = re.search(r"^PERIODIC := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert periodic is not None
    assert "prune_staff_notifications" in periodic.group(1).split()
    assert "manage.py prune_staff_notifications`" in (ROOT / "README.md").read_text()
