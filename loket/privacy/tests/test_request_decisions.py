"""Correction, restriction and objection requests (UU 27/2022 Pasal 6, 9, 11): decided by the
office admin within the 72-hour clock; a granted correction changes the person's records and
nobody else's, a granted restriction stops every message to them and marks their records on
the staff pages; every step is an event; the requester is told the outcome in their language."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from loket.complaints.models import Complaint
from loket.complaints.models import Event as ComplaintEvent
from loket.complaints.notifications import notify_complainant
from loket.notify.models import OutboxMessage
from loket.privacy import services
from loket.privacy.models import DataSubjectRequest, PrivacyEvent
from loket.visits.models import Visit, VisitEvent
from loket.visits.services.mail import mail_visitor

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db

RECEIVED = COLLECTED + timedelta(days=3)
DECIDED = RECEIVED + timedelta(hours=5)


@pytest.fixture
def budi_and_his_namesake(make_visit, make_complaint):
    """Two people called Budi Santoso; the namesake's number starts with Budi's."""
    own = {
        "complaints": [
            make_complaint(phone="081234567890", closed=COLLECTED),
            make_complaint(phone="081234567890", status="in_progress"),
        ],
        "visits": [make_visit(phone="+6281234567890")],
    }
    namesake = {
        "complaints": [
            make_complaint(
                phone="0812345678901", email="budi.lain@example.org", nik="6171020202020002"
            )
        ],
        "visits": [make_visit(phone="0812345678901", email="budi.lain@example.org", id_number="")],
    }
    return own, namesake


def record(office, actor, kind, **extra):
    values = {
        "kind": kind,
        "name": "Budi Santoso",
        "phone": "0812-3456-7890",
        "verification": "KTP asli diperiksa di loket",
        "received_at": RECEIVED,
        "now": RECEIVED,
    }
    return services.record_request(office, actor=actor, **{**values, **extra})


def outcome_messages():
    return OutboxMessage.objects.filter(topic="privacy.request_outcome")


def test_a_granted_correction_changes_every_record_of_the_person_and_none_of_the_namesake(
    office_a, alice, budi_and_his_namesake
):
    own, namesake = budi_and_his_namesake
    request = record(office_a, alice, "correction")
    counts = services.decide(
        request,
        decision="granted",
        reason="",
        phone="0813-1111-2222",
        email="budi.baru@example.org",
        actor=alice,
        now=DECIDED,
    )
    assert counts == {"visits": 1, "complaints": 2}
    for complaint in own["complaints"]:
        complaint.refresh_from_db()
        assert complaint.complainant_phone == "+6281311112222"
        assert complaint.complainant_email == "budi.baru@example.org"
    own["visits"][0].refresh_from_db()
    assert own["visits"][0].phone == "+6281311112222"
    other = Complaint.objects.get(pk=namesake["complaints"][0].pk)
    assert other.complainant_phone == "0812345678901"
    assert Visit.objects.get(pk=namesake["visits"][0].pk).email == "budi.lain@example.org"


def test_the_correction_events_name_the_request_and_the_fields_never_a_value(
    office_a, alice, budi_and_his_namesake
):
    own, _namesake = budi_and_his_namesake
    request = record(office_a, alice, "correction")
    services.decide(
        request, decision="granted", reason="", phone="0813-1111-2222", actor=alice, now=DECIDED
    )
    complaint_event = ComplaintEvent.objects.get(
        complaint=own["complaints"][0], action=ComplaintEvent.Action.CORRECTED
    )
    visit_event = VisitEvent.objects.get(visit=own["visits"][0], action=VisitEvent.Action.CORRECTED)
    for event in (complaint_event, visit_event):
        assert f"#{request.pk}" in event.note
        assert event.data["fields"] == ["phone"]
        assert event.actor == alice
        text = event.note + json.dumps(event.data)
        assert "0812" not in text
        assert "6281234567890" not in text
        assert "1111" not in text
    assert complaint_event.visibility == "staff"


def test_every_step_of_a_decision_is_an_event(office_a, alice, budi_and_his_namesake):
    request = record(office_a, alice, "correction")
    services.decide(
        request, decision="granted", reason="", name="Budi S.", actor=alice, now=DECIDED
    )
    actions = list(
        PrivacyEvent.objects.filter(request=request).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "request_recorded",
        "request_decided",
        "request_corrected",
        "request_answered",
        "request_notified",
    ]


def test_a_correction_without_new_data_or_with_a_bad_number_is_refused(
    office_a, alice, budi_and_his_namesake
):
    request = record(office_a, alice, "correction")
    with pytest.raises(services.PrivacyError) as nothing:
        services.decide(request, decision="granted", reason="", actor=alice, now=DECIDED)
    assert nothing.value.code == "correction_required"
    with pytest.raises(services.PrivacyError) as bad:
        services.decide(
            request, decision="granted", reason="", phone="12345", actor=alice, now=DECIDED
        )
    assert bad.value.code == "phone_invalid"
    request.refresh_from_db()
    assert request.is_open


def test_a_refusal_changes_nothing_and_needs_a_reason(office_a, alice, budi_and_his_namesake):
    own, _namesake = budi_and_his_namesake
    request = record(office_a, alice, "correction")
    with pytest.raises(services.PrivacyError) as error:
        services.decide(request, decision="refused", reason=" ", actor=alice, now=DECIDED)
    assert error.value.code == "reason_required"
    services.decide(
        request,
        decision="refused",
        reason="Nomor lama masih tercatat atas nama Anda di Dukcapil.",
        phone="0813-1111-2222",
        actor=alice,
        now=DECIDED,
    )
    own["complaints"][0].refresh_from_db()
    assert own["complaints"][0].complainant_phone == "081234567890"
    request.refresh_from_db()
    assert (request.status, request.decision) == ("answered", "refused")
    assert not ComplaintEvent.objects.filter(action=ComplaintEvent.Action.CORRECTED).exists()


def test_a_granted_restriction_stops_every_message_to_the_person(
    office_a, alice, budi_and_his_namesake, django_capture_on_commit_callbacks
):
    own, namesake = budi_and_his_namesake
    request = record(office_a, alice, "restriction")
    counts = services.decide(request, decision="granted", reason="", actor=alice, now=DECIDED)
    assert counts == {"visits": 1, "complaints": 2}
    complaint = Complaint.objects.get(pk=own["complaints"][1].pk)
    assert complaint.processing_restricted_at == DECIDED
    before = OutboxMessage.objects.count()
    notify_complainant(complaint, "answered", now=DECIDED)
    assert not mail_visitor(
        Visit.objects.get(pk=own["visits"][0].pk), "visits/email/booking", topic="t"
    )
    assert OutboxMessage.objects.count() == before
    other = Complaint.objects.get(pk=namesake["complaints"][0].pk)
    assert other.processing_restricted_at is None
    notify_complainant(other, "answered", now=DECIDED)
    assert OutboxMessage.objects.count() == before + 1


def test_a_restricted_booking_gets_no_reminder(office_a, alice, make_visit):
    from loket.visits.services import reminder_due

    visit = make_visit(status="booked")
    Visit.objects.filter(pk=visit.pk).update(
        preferred_date=(DECIDED + timedelta(days=1)).date(), booked_at=COLLECTED
    )
    morning = DECIDED.replace(hour=3)
    assert reminder_due(Visit.objects.get(pk=visit.pk), morning)
    request = record(office_a, alice, "restriction")
    services.decide(request, decision="granted", reason="", actor=alice, now=DECIDED)
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.processing_restricted_at == DECIDED
    assert not reminder_due(visit, morning)


def test_restricting_twice_restricts_nothing_new(office_a, alice, budi_and_his_namesake):
    first = record(office_a, alice, "restriction")
    services.decide(first, decision="granted", reason="", actor=alice, now=DECIDED)
    second = record(office_a, alice, "restriction", now=DECIDED, received_at=DECIDED)
    assert services.decide(
        second, decision="granted", reason="", actor=alice, now=DECIDED + timedelta(hours=1)
    ) == {"visits": 0, "complaints": 0}
    assert ComplaintEvent.objects.filter(action=ComplaintEvent.Action.RESTRICTED).count() == 2


def test_an_objection_is_recorded_with_its_decision_and_reason(
    office_a, alice, budi_and_his_namesake
):
    request = record(office_a, alice, "objection")
    with pytest.raises(services.PrivacyError):
        services.decide(request, decision="granted", reason="", actor=alice, now=DECIDED)
    services.decide(
        request,
        decision="refused",
        reason="Data dipakai untuk menjawab pengaduan Anda (tugas pelayanan publik).",
        actor=alice,
        now=DECIDED,
    )
    decided = PrivacyEvent.objects.get(request=request, action="request_decided")
    assert decided.data == {"kind": "objection", "decision": "refused"}
    assert decided.note.startswith("Data dipakai")
    assert not Complaint.objects.filter(processing_restricted_at__isnull=False).exists()


def test_the_requester_is_told_the_outcome_in_the_requests_language(
    office_a, alice, budi_and_his_namesake
):
    request = record(office_a, alice, "restriction", email="budi@example.org", language="en")
    services.decide(request, decision="granted", reason="", actor=alice, now=DECIDED)
    message = outcome_messages().get()
    assert message.recipient == "budi@example.org"
    assert "restricted" in message.body.lower()
    assert message.related == f"privacy_request:{request.pk}"
    notified = PrivacyEvent.objects.get(request=request, action="request_notified")
    assert notified.data == {"channel": "email", "language": "en"}


def test_without_an_e_mail_the_outcome_goes_by_whatsapp_in_indonesian(
    office_a, alice, budi_and_his_namesake
):
    request = record(office_a, alice, "objection")
    services.decide(
        request,
        decision="granted",
        reason="Kami hentikan pesan kepada Anda.",
        actor=alice,
        now=DECIDED,
    )
    message = outcome_messages().get()
    assert (message.channel, message.recipient) == ("whatsapp", "+6281234567890")
    assert "Keberatan Anda kami terima" in message.body


def test_a_decision_answers_the_request_and_a_late_one_is_marked_late(
    office_a, alice, budi_and_his_namesake
):
    request = record(office_a, alice, "restriction")
    late = request.due_at + timedelta(minutes=1)
    services.decide(request, decision="granted", reason="", actor=alice, now=late)
    request.refresh_from_db()
    assert request.answered_at == late
    answered = PrivacyEvent.objects.get(request=request, action="request_answered")
    assert answered.data == {"late": True}
    with pytest.raises(services.PrivacyError) as again:
        services.decide(request, decision="granted", reason="", actor=alice, now=late)
    assert again.value.code == "already_answered"


def test_access_and_deletion_requests_are_not_decided_this_way(office_a, alice):
    request = record(office_a, alice, "access")
    with pytest.raises(services.PrivacyError) as error:
        services.decide(request, decision="granted", reason="", actor=alice, now=DECIDED)
    assert error.value.code == "not_decidable"


def test_the_staff_pages_mark_restricted_records(
    client, office_a, alice, head, bob, budi_and_his_namesake
):
    own, _namesake = budi_and_his_namesake
    request = record(office_a, alice, "restriction")
    services.decide(request, decision="granted", reason="", actor=alice, now=DECIDED)
    client.force_login(head)
    complaint = Complaint.objects.get(pk=own["complaints"][1].pk)
    page = client.get(complaint.get_staff_url())
    assert 'id="restricted"' in page.content.decode()
    client.force_login(bob)
    page = client.get(reverse("visits:visit", args=[office_a.slug, own["visits"][0].pk]))
    assert 'id="restricted"' in page.content.decode()
    client.force_login(alice)
    page = client.get(reverse("privacy:request", args=[office_a.slug, request.pk]))
    assert page.content.decode().count("Pemrosesan dibatasi") == 3


def test_the_decision_page_decides_for_the_office_admin_only(
    client, office_a, alice, bob, carol, budi_and_his_namesake
):
    request = record(office_a, alice, "correction")
    url = reverse("privacy:decide", args=[office_a.slug, request.pk])
    client.force_login(carol)
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(alice)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="phone"' in page.content.decode()
    refused = client.post(url, {"decision": "refused", "reason": ""})
    assert refused.status_code == 400
    done = client.post(url, {"decision": "granted", "email": "budi.baru@example.org"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.ANSWERED
    assert Complaint.objects.filter(complainant_email="budi.baru@example.org").count() == 2
    assert client.get(url).status_code == 404


def test_the_restriction_page_asks_no_new_contact_data(client, office_a, alice):
    request = record(office_a, alice, "restriction")
    client.force_login(alice)
    page = client.get(reverse("privacy:decide", args=[office_a.slug, request.pk]))
    assert 'name="phone"' not in page.content.decode()


def test_a_complaint_stored_in_e164_is_found_by_the_number_as_people_write_it(
    office_a, alice, make_complaint
):
    stored = make_complaint(phone="+6281234567890", email="", nik="")
    make_complaint(phone="+62812345678901", email="", nik="")
    request = record(office_a, alice, "restriction")
    assert [c.pk for c in services.records_for(request).complaints] == [stored.pk]
