"""Data subjects' requests (UU 27/2022): the records of exactly one person, the access export
with the trail of who viewed them, the 3x24-hour clock."""

import json
from datetime import timedelta

import pytest

from loket.complaints import services as complaints
from loket.privacy import services
from loket.privacy.models import DataSubjectRequest, PrivacyEvent

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db

RECEIVED = COLLECTED + timedelta(days=3)


@pytest.fixture
def budi_and_his_namesake(make_visit, make_complaint, alice):
    """Two people called Budi Santoso; the namesake's number starts with Budi's."""
    own = [
        make_complaint(phone="081234567890", closed=COLLECTED),
        make_complaint(phone="081234567890", status="in_progress"),
    ]
    make_complaint(phone="0812345678901", email="budi.lain@example.org", nik="6171020202020002")
    make_visit(phone="081234567890")
    make_visit(phone="0812345678901", email="budi.lain@example.org", id_number="")
    complaints.view_personal_data(own[0], user=alice, purpose="Menelepon pengadu", now=RECEIVED)
    return own


def record(office, actor, **extra):
    values = {
        "kind": "access",
        "name": "Budi Santoso",
        "phone": "0812-3456-7890",
        "verification": "KTP asli diperiksa di loket",
        "received_at": RECEIVED,
        "now": RECEIVED,
    }
    return services.record_request(office, actor=actor, **{**values, **extra})


def test_the_export_holds_every_record_of_the_person_and_nothing_of_a_namesake(
    office_a, alice, budi_and_his_namesake
):
    request = record(office_a, alice)
    export = services.access_export(request, actor=alice, now=RECEIVED)
    complaints_found = export["complaints"]["records"]
    assert sorted(c["reference"] for c in complaints_found) == sorted(
        c.reference for c in budi_and_his_namesake
    )
    assert {c["phone"] for c in complaints_found} == {"081234567890"}
    assert [v["phone"] for v in export["visits"]["records"]] == ["081234567890"]
    assert "budi.lain@example.org" not in json.dumps(export)
    assert "0812345678901" not in json.dumps(export)


def test_the_export_states_purpose_recipients_retention_and_who_viewed_the_data(
    office_a, alice, budi_and_his_namesake
):
    request = record(office_a, alice)
    export = services.access_export(request, actor=alice, now=RECEIVED)
    assert export["visits"]["retention_days"] == 365
    assert export["complaints"]["retention_days"] == 5 * 365
    assert export["complaints"]["purpose"]
    assert export["complaints"]["recipients"]
    trail = export["complaints"]["access_trail"]
    assert [(row["user"], row["purpose"]) for row in trail] == [("Alice", "Menelepon pengadu")]
    assert trail[0]["reference"] == budi_and_his_namesake[0].reference
    assert PrivacyEvent.objects.filter(action="request_exported", request=request).count() == 1


def test_the_pdf_export_is_a_pdf_with_the_persons_data(office_a, alice, budi_and_his_namesake):
    from loket.privacy.pdf import export_pdf

    request = record(office_a, alice)
    content = export_pdf(services.access_export(request, actor=alice, now=RECEIVED))
    assert content.startswith(b"%PDF")
    assert len(content) > 1500


def test_a_request_is_due_72_clock_hours_after_receipt(office_a, alice):
    request = record(office_a, alice)
    assert request.due_at == RECEIVED + timedelta(hours=72)
    assert request.phone == "+6281234567890"  # stored in E.164, as every number
    assert not request.is_due_soon(RECEIVED + timedelta(hours=53, minutes=59))
    assert request.is_due_soon(RECEIVED + timedelta(hours=54))
    assert not request.is_overdue(RECEIVED + timedelta(hours=72))
    assert request.is_overdue(RECEIVED + timedelta(hours=72, minutes=1))
    services.mark_answered(request, actor=alice, now=RECEIVED + timedelta(hours=80))
    assert not request.is_overdue(RECEIVED + timedelta(hours=90))
    assert PrivacyEvent.objects.get(action="request_answered").data == {"late": True}


def test_a_request_needs_an_identifier_and_how_identity_was_verified(office_a, alice):
    with pytest.raises(services.PrivacyError) as refused:
        record(office_a, alice, phone="")
    assert refused.value.code == "no_identifier"
    with pytest.raises(services.PrivacyError) as refused:
        record(office_a, alice, verification=" ")
    assert refused.value.code == "verification_required"
    assert not DataSubjectRequest.objects.exists()


def test_a_deletion_request_erases_the_finished_records_of_the_person_only(
    office_a, alice, budi_and_his_namesake
):
    from loket.complaints.models import Complaint
    from loket.visits.models import Visit

    request = record(office_a, alice, kind="deletion")
    counts = services.erase_for_request(request, actor=alice, now=RECEIVED)
    assert counts["visits"] == 1
    assert counts["complaints"] == 1
    assert counts["kept_open_complaints"] == 1
    assert counts["kept_open_visits"] == 0
    closed, still_open = budi_and_his_namesake
    closed.refresh_from_db()
    still_open.refresh_from_db()
    assert (closed.complainant_name, closed.complainant_phone) == ("", "")
    assert still_open.complainant_phone == "081234567890"
    namesake = Complaint.objects.get(complainant_phone="0812345678901")
    assert namesake.complainant_name == "Budi Santoso"
    assert list(Visit.objects.exclude(name="").values_list("phone", flat=True)) == ["0812345678901"]
    event = PrivacyEvent.objects.get(action="request_erased", request=request)
    assert event.data["complaints"] == 1
    assert "081234567890" not in json.dumps(event.data)


def test_only_an_open_deletion_request_erases(office_a, alice, budi_and_his_namesake):
    access = record(office_a, alice)
    with pytest.raises(services.PrivacyError) as refused:
        services.erase_for_request(access, actor=alice, now=RECEIVED)
    assert refused.value.code == "not_deletion"
    deletion = record(office_a, alice, kind="deletion")
    services.mark_answered(deletion, actor=alice, now=RECEIVED)
    with pytest.raises(services.PrivacyError) as answered:
        services.erase_for_request(deletion, actor=alice, now=RECEIVED)
    assert answered.value.code == "already_answered"
    assert budi_and_his_namesake[0].__class__.objects.filter(complainant_name="").count() == 0
