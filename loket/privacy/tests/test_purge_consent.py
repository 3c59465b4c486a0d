"""The purge respects consent to optional data (issue 13): optional data held without a
recorded consent goes once its service is over; consented data stays until the record's
retention ends, and the consent record (no values) outlives the erasure."""

from datetime import timedelta

import pytest

from loket.complaints.models import Complaint
from loket.privacy import jobs
from loket.privacy.models import PrivacyEvent
from loket.visits.models import Visit

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db

NEXT_DAY = COLLECTED + timedelta(days=1)


@pytest.fixture
def purge_at(time_machine, django_capture_on_commit_callbacks):
    def run(moment):
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            return jobs.purge_personal_data(dry_run=False)

    return run


def test_a_finished_visits_e_mail_without_consent_goes_at_the_next_purge(make_visit, purge_at):
    unconsented = make_visit(consents=[])
    consented = make_visit()
    counts = purge_at(NEXT_DAY)
    assert counts["visit_optional_without_consent"] == 1
    unconsented.refresh_from_db()
    consented.refresh_from_db()
    assert unconsented.email == ""
    assert unconsented.name == "Budi Santoso"
    assert consented.email == "budi@example.org"
    event = PrivacyEvent.objects.get(office=unconsented.office, action="purged")
    assert event.data == {"visit_optional_without_consent": 1}


def test_an_open_visits_e_mail_without_consent_is_kept(make_visit, purge_at):
    booked = make_visit(status="booked", consents=[])
    purge_at(NEXT_DAY)
    booked.refresh_from_db()
    assert booked.email == "budi@example.org"


def test_a_closed_complaints_nik_without_consent_goes_and_a_consented_one_stays(
    make_complaint, purge_at
):
    unconsented = make_complaint(consents=[], closed=COLLECTED)
    consented = make_complaint(closed=COLLECTED)
    still_open = make_complaint(consents=[], status="in_progress")
    counts = purge_at(NEXT_DAY)
    assert counts["complaint_optional_without_consent"] == 1
    assert Complaint.objects.get(pk=unconsented.pk).complainant_nik == ""
    assert Complaint.objects.get(pk=unconsented.pk).complainant_name == "Budi Santoso"
    assert Complaint.objects.get(pk=consented.pk).complainant_nik == "6171010101010001"
    assert Complaint.objects.get(pk=still_open.pk).complainant_nik == "6171010101010001"


def test_the_consent_record_outlives_the_erasure_and_holds_no_value(make_visit, purge_at):
    visit = make_visit()
    consent = visit.consents
    purge_at(COLLECTED + timedelta(days=366))
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.email == ""
    assert visit.consents == consent
    assert "budi" not in str(visit.consents)


def test_a_second_purge_changes_nothing(make_visit, make_complaint, purge_at):
    make_visit(consents=[])
    make_complaint(consents=[], closed=COLLECTED)
    purge_at(NEXT_DAY)
    again = purge_at(NEXT_DAY + timedelta(hours=1))
    assert not any(again.values())
    assert PrivacyEvent.objects.filter(action="purged").count() == 1


def test_a_dry_run_counts_without_erasing(make_visit, time_machine):
    visit = make_visit(consents=[])
    time_machine.move_to(NEXT_DAY, tick=False)
    counts = jobs.purge_personal_data(dry_run=True)
    assert counts["visit_optional_without_consent"] == 1
    visit.refresh_from_db()
    assert visit.email == "budi@example.org"
