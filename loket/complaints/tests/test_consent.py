"""Consent to the optional NIK (UU 27/2022 Pasal 20-22, issue 13): a complainant who gives it
has their consent recorded with the complaint; without it there is none; an anonymous
complaint keeps no NIK and so no consent."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_complaint_with_a_nik_records_the_complainants_consent(make_complaint, asks_nik):
    complaint = make_complaint(complainant_nik="6171010101010001")
    (consent,) = complaint.consents
    assert (consent["what"], consent["purpose"]) == ("nik", "link_to_identity_card")
    assert consent["at"] == complaint.received_at.isoformat()
    assert "6171010101010001" not in str(consent)


def test_without_a_nik_or_anonymously_no_consent_is_recorded(make_complaint, asks_nik):
    assert make_complaint().consents == []
    anonymous = make_complaint(complainant_nik="6171010101010001", anonymous=True)
    assert anonymous.complainant_nik == ""
    assert anonymous.consents == []
