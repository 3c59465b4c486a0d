"""The purge of personal data past its retention (UU 27/2022): frozen clocks on both sides of
the boundary, idempotence, files really gone, statistics unchanged."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count

from loket.complaints.models import Complaint, Rating
from loket.notify.models import OutboxMessage
from loket.privacy import jobs, services
from loket.privacy.models import PrivacyEvent
from loket.visits.models import Visit

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db

YEAR = timedelta(days=365)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def purge_at(time_machine, django_capture_on_commit_callbacks):
    """Run the purge at `moment`, its after-commit file deletions included."""

    def run(moment, **options):
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            return jobs.purge_personal_data(dry_run=False, **options)

    return run


def file_names(record):
    return [item.file.name for item in record.attachments.all()]


def test_a_visit_keeps_its_data_until_the_promised_365_days_end(make_visit, time_machine, purge_at):
    visit = make_visit()
    purge_at(COLLECTED + YEAR - MINUTE)
    visit.refresh_from_db()
    assert visit.name == "Budi Santoso"
    assert visit.attachments.count() == 1


def test_a_visit_past_retention_has_no_identity_and_no_files_but_still_counts(
    make_visit, time_machine, purge_at
):
    visit = make_visit()
    paths = file_names(visit)
    assert default_storage.exists(paths[0])
    counts = purge_at(COLLECTED + YEAR + MINUTE)
    visit.refresh_from_db()
    assert counts["visits"] == 1
    assert counts["visit_files"] == 1
    assert (visit.name, visit.phone, visit.email, visit.id_number) == ("", "", "", "")
    assert (visit.institution, visit.position, visit.purpose) == ("", "", "")
    assert visit.attachments.count() == 0
    assert not default_storage.exists(paths[0])
    # What the statistics read is kept.
    assert visit.status == "done"
    assert visit.service_id is not None
    assert visit.closed_at == COLLECTED
    assert Visit.objects.filter(status="done").count() == 1


def test_an_open_visit_is_never_purged(make_visit, time_machine, purge_at):
    visit = make_visit(status="booked")
    purge_at(COLLECTED + 3 * YEAR)
    visit.refresh_from_db()
    assert visit.name == "Budi Santoso"


def test_the_office_admins_shorter_retention_is_the_one_applied(
    make_visit, office_a, alice, time_machine, purge_at
):
    visit = make_visit()
    services.set_retention(
        office_a, record_type="visits", days=30, jra_reference="Pergub 12/2020", actor=alice
    )
    purge_at(COLLECTED + timedelta(days=30) - MINUTE)
    visit.refresh_from_db()
    assert visit.name == "Budi Santoso"
    purge_at(COLLECTED + timedelta(days=30) + MINUTE)
    visit.refresh_from_db()
    assert visit.name == ""


def test_a_complaint_counts_its_five_years_from_closure(make_complaint, time_machine, purge_at):
    closed = COLLECTED + timedelta(days=40)
    complaint = make_complaint(closed=closed)
    purge_at(COLLECTED + 5 * YEAR + MINUTE)  # five years after receipt only
    complaint.refresh_from_db()
    assert complaint.complainant_name == "Budi Santoso"
    purge_at(closed + 5 * YEAR + MINUTE)
    complaint.refresh_from_db()
    assert complaint.complainant_name == ""


def test_a_purged_complaint_keeps_status_class_channel_and_dates_but_nothing_personal(
    make_complaint, time_machine, purge_at
):
    closed = COLLECTED + timedelta(days=2)
    complaint = make_complaint(closed=closed)
    Rating.objects.create(complaint=complaint, score=4, comment="Budi puas", created_at=closed)
    paths = file_names(complaint)
    purge_at(closed + 5 * YEAR + MINUTE)
    complaint.refresh_from_db()
    assert complaint.complainant_name == complaint.complainant_phone == ""
    assert complaint.complainant_email == complaint.complainant_nik == ""
    assert complaint.description == ""
    assert "phone_number" not in complaint.channel_details
    assert complaint.channel_details["call_time"] == COLLECTED.isoformat()
    assert (complaint.status, complaint.class_code, complaint.channel) == (
        "closed",
        "ringan",
        "phone",
    )
    assert complaint.received_at == COLLECTED
    assert complaint.closed_at == closed
    rating = complaint.ratings.get()
    assert (rating.score, rating.comment) == (4, "")
    assert not default_storage.exists(paths[0])


def test_an_open_complaint_is_never_purged(make_complaint, time_machine, purge_at):
    complaint = make_complaint(status="in_progress")
    purge_at(COLLECTED + 10 * YEAR)
    complaint.refresh_from_db()
    assert complaint.complainant_name == "Budi Santoso"


def test_a_second_run_changes_nothing_and_writes_no_second_event(
    make_visit, make_complaint, office_a, time_machine, purge_at
):
    make_visit()
    make_complaint(closed=COLLECTED)
    later = COLLECTED + 6 * YEAR
    first = purge_at(later)
    assert first["visits"] == 1
    assert first["complaints"] == 1
    snapshot = list(Complaint.objects.values()), list(Visit.objects.values())
    second = purge_at(later + MINUTE)
    assert not any(second.values())
    assert (list(Complaint.objects.values()), list(Visit.objects.values())) == snapshot
    events = PrivacyEvent.objects.filter(office=office_a, action="purged")
    assert events.count() == 1
    # Counts per type, never the data.
    assert events.get().data == {
        "visits": 1,
        "visit_files": 1,
        "complaints": 1,
        "complaint_files": 1,
    }


def test_statistics_by_status_and_class_are_unchanged_by_a_purge(
    make_complaint, make_visit, time_machine, purge_at
):
    for status in ("closed", "closed", "not_authority", "duplicate"):
        make_complaint(closed=COLLECTED, status=status)
    make_complaint(status="in_progress")
    for status in ("done", "no_show", "cancelled"):
        make_visit(status=status)

    def statistics():
        return (
            list(Complaint.objects.values("status", "class_code").annotate(n=Count("id"))),
            list(Visit.objects.values("status", "service").annotate(n=Count("id"))),
        )

    before = statistics()
    counts = purge_at(COLLECTED + 6 * YEAR)
    assert counts["complaints"] == 4
    assert counts["visits"] == 3
    assert statistics() == before


def test_batches_go_through_every_expired_row(make_visit, time_machine, purge_at):
    for n in range(5):
        make_visit(phone=f"08123456780{n}")
    counts = purge_at(COLLECTED + 2 * YEAR, batch=2)
    assert counts["visits"] == 5
    assert not Visit.objects.exclude(name="").exists()


def test_by_hand_the_command_only_counts_unless_told_to_commit(
    make_visit, time_machine, django_capture_on_commit_callbacks
):
    visit = make_visit()
    time_machine.move_to(COLLECTED + 2 * YEAR, tick=False)
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "would erase: visits 1" in out.getvalue()
    visit.refresh_from_db()
    assert visit.name == "Budi Santoso"
    assert not PrivacyEvent.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_personal_data", "--commit", stdout=out)
    visit.refresh_from_db()
    assert visit.name == ""


def test_delivered_outbox_messages_lose_recipient_and_text_after_90_days(time_machine, purge_at):
    time_machine.move_to(COLLECTED, tick=False)
    sent = OutboxMessage.objects.create(
        channel="email",
        recipient="budi@example.org",
        subject="Kode pemesanan",
        body="Halo Budi",
        status="sent",
        topic="visit_booked",
        created_at=COLLECTED,
    )
    pending = OutboxMessage.objects.create(
        channel="email", recipient="ani@example.org", body="Halo Ani", created_at=COLLECTED
    )
    purge_at(COLLECTED + timedelta(days=89))
    sent.refresh_from_db()
    assert sent.recipient == "budi@example.org"
    counts = purge_at(COLLECTED + timedelta(days=91))
    sent.refresh_from_db()
    pending.refresh_from_db()
    assert counts["outbox_messages"] == 1
    assert (sent.recipient, sent.subject, sent.body) == ("", "", "")
    assert (sent.status, sent.topic, sent.channel) == ("sent", "visit_booked", "email")
    assert pending.recipient == "ani@example.org"
