"""Consent to the optional e-mail (UU 27/2022 Pasal 20-22, issue 13): a visitor who gives it
has their consent recorded with the visit (what, for what, when, the notice version); one who
does not has none; the record holds no value of the data."""

import pytest

from loket.privacy.services import notice_version

from .conftest import TUESDAY_0900

pytestmark = pytest.mark.django_db


def test_a_booking_with_an_e_mail_records_the_visitors_consent(make_booking, office_a):
    visit = make_booking(email="siti@example.org")
    assert len(visit.consents) == 1
    consent = visit.consents[0]
    assert consent["what"] == "email"
    assert consent["purpose"] == "booking_copy_reminder_summary"
    assert consent["notice_version"] == notice_version(office_a)
    assert consent["notice_version"].startswith("2026.1/")
    assert "siti@example.org" not in str(consent)
    visit.refresh_from_db()
    assert visit.consents == [consent]


def test_the_consent_is_dated_by_the_services_clock(make_walk_in):
    visit = make_walk_in(email="siti@example.org")
    assert visit.consents[0]["at"] == TUESDAY_0900.isoformat()


def test_without_an_e_mail_no_consent_is_recorded(make_booking, make_walk_in):
    assert make_booking().consents == []
    assert make_walk_in().consents == []
