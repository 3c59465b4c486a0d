"""Lifting a restriction of processing (UU 27/2022 Pasal 11): the office admin lifts a granted
restriction or objection with a reason; messages to the person leave again; the staff pages
drop the mark; each record's event and the privacy event record it without a value of the
person; the requester is told in the request's language through the outbox."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from loket.complaints.models import Complaint
from loket.complaints.models import Event as ComplaintEvent
from loket.complaints.notifications import notify_complainant
from loket.notify.models import OutboxMessage
from loket.privacy import services
from loket.privacy.models import PrivacyEvent
from loket.visits.models import Visit, VisitEvent
from loket.visits.services.mail import mail_visitor

from .test_request_decisions import DECIDED, budi_and_his_namesake, record  # noqa: F401

pytestmark = pytest.mark.django_db

LIFTED = DECIDED + timedelta(days=10)
REASON = "Sengketa data sudah selesai."


@pytest.fixture
def restricted(office_a, alice, budi_and_his_namesake):  # noqa: F811
    own, namesake = budi_and_his_namesake
    request = record(office_a, alice, "restriction", email="budi@example.org", language="en")
    services.decide(request, decision="granted", reason="", actor=alice, now=DECIDED)
    return request, own, namesake


def test_lifting_frees_every_restricted_record_and_messages_flow_again(office_a, alice, restricted):
    request, own, _namesake = restricted
    counts = services.lift_restriction(request, reason=REASON, actor=alice, now=LIFTED)
    assert counts == {"visits": 1, "complaints": 2}
    complaint = Complaint.objects.get(pk=own["complaints"][1].pk)
    assert complaint.processing_restricted_at is None
    before = OutboxMessage.objects.count()
    notify_complainant(complaint, "answered", now=LIFTED)
    assert OutboxMessage.objects.count() == before + 1
    assert mail_visitor(
        Visit.objects.get(pk=own["visits"][0].pk), "visits/email/booking", topic="t"
    )
    request.refresh_from_db()
    assert (request.restriction_lifted_at, request.lift_reason) == (LIFTED, REASON)


def test_the_events_record_the_lifting_without_a_value_of_the_person(office_a, alice, restricted):
    request, own, _namesake = restricted
    services.lift_restriction(request, reason=REASON, actor=alice, now=LIFTED)
    lifted = PrivacyEvent.objects.get(request=request, action="restriction_lifted")
    assert lifted.note == ""
    assert lifted.data == {"visits": 1, "complaints": 2}
    assert lifted.actor == alice
    complaint_event = ComplaintEvent.objects.get(
        complaint=own["complaints"][0], action=ComplaintEvent.Action.RESTRICTION_LIFTED
    )
    visit_event = VisitEvent.objects.get(
        visit=own["visits"][0], action=VisitEvent.Action.RESTRICTION_LIFTED
    )
    assert complaint_event.visibility == "staff"
    for event in (lifted, complaint_event, visit_event):
        text = event.note + json.dumps(event.data)
        assert "0812" not in text
        assert "6281234567890" not in text
        assert "budi" not in text.lower()


def test_the_requester_is_told_in_the_requests_language(office_a, alice, restricted):
    request, _own, _namesake = restricted
    services.lift_restriction(request, reason=REASON, actor=alice, now=LIFTED)
    message = OutboxMessage.objects.get(topic="privacy.restriction_lifted")
    assert message.recipient == "budi@example.org"
    assert message.related == f"privacy_request:{request.pk}"
    assert "lifted" in message.body.lower()
    assert REASON in message.body
    notified = PrivacyEvent.objects.filter(request=request, action="request_notified").last()
    assert notified.data == {"channel": "email", "language": "en", "about": "restriction_lifted"}


def test_only_a_granted_restriction_not_yet_lifted_can_be_lifted_and_it_needs_a_reason(
    office_a, alice, restricted
):
    request, _own, _namesake = restricted
    with pytest.raises(services.PrivacyError) as no_reason:
        services.lift_restriction(request, reason=" ", actor=alice, now=LIFTED)
    assert no_reason.value.code == "reason_required"
    services.lift_restriction(request, reason=REASON, actor=alice, now=LIFTED)
    with pytest.raises(services.PrivacyError) as again:
        services.lift_restriction(request, reason=REASON, actor=alice, now=LIFTED)
    assert again.value.code == "not_restricted"
    refused = record(office_a, alice, "restriction", now=DECIDED, received_at=DECIDED)
    services.decide(
        refused, decision="refused", reason="Tidak ada dasar.", actor=alice, now=DECIDED
    )
    with pytest.raises(services.PrivacyError) as not_granted:
        services.lift_restriction(refused, reason=REASON, actor=alice, now=LIFTED)
    assert not_granted.value.code == "not_restricted"


def test_the_office_admin_lifts_from_the_page_and_the_marks_go(
    client, office_a, alice, bob, carol, head, restricted
):
    request, own, _namesake = restricted
    url = reverse("privacy:lift", args=[office_a.slug, request.pk])
    client.force_login(carol)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404
    for colleague in (head, bob):
        client.force_login(colleague)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": REASON}).status_code == 403
    client.force_login(alice)
    detail = reverse("privacy:request", args=[office_a.slug, request.pk])
    assert url in client.get(detail).content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": REASON}).status_code == 302
    page = client.get(detail).content.decode()
    assert "Pemrosesan dibatasi" not in page
    assert REASON in page
    assert url not in page
    assert client.get(url).status_code == 404
    complaint = Complaint.objects.get(pk=own["complaints"][1].pk)
    client.force_login(head)
    assert 'id="restricted"' not in client.get(complaint.get_staff_url()).content.decode()
    client.force_login(bob)
    page = client.get(reverse("visits:visit", args=[office_a.slug, own["visits"][0].pk]))
    assert 'id="restricted"' not in page.content.decode()
