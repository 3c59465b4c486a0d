"""Withdrawing consent on its own (UU 27/2022 Pasal 9), not as part of a deletion: a data
subject request of its own kind; the office admin fulfils it, which records the withdrawal in
each record's consents and erases the optional data it covered (the visitor's e-mail, the
complainant's NIK) through the visits and complaints services, nothing else and nobody
else's; the requester is told."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from loket.complaints.models import Complaint
from loket.complaints.models import Event as ComplaintEvent
from loket.consent import has_consent
from loket.notify.models import OutboxMessage
from loket.privacy import services
from loket.privacy.models import PrivacyEvent
from loket.visits.models import Visit, VisitEvent

from .test_request_decisions import DECIDED, budi_and_his_namesake, record  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_withdrawal_erases_the_optional_data_and_records_it_in_the_consents(
    office_a,
    alice,
    budi_and_his_namesake,  # noqa: F811
):
    own, namesake = budi_and_his_namesake
    request = record(office_a, alice, "withdrawal")
    counts = services.withdraw_consent(request, actor=alice, now=DECIDED)
    assert counts == {"visits": 1, "complaints": 2}
    visit = Visit.objects.get(pk=own["visits"][0].pk)
    assert visit.email == ""
    assert visit.name == "Budi Santoso"
    assert not has_consent(visit.consents, "email")
    assert visit.consents[0]["withdrawn_at"] == DECIDED.isoformat()
    assert visit.consents[0]["withdrawn_by"] == f"Permintaan subjek data #{request.pk}"
    for complaint in own["complaints"]:
        complaint.refresh_from_db()
        assert complaint.complainant_nik == ""
        assert complaint.complainant_email == "budi@example.org"
        assert not has_consent(complaint.consents, "nik")
        assert complaint.consents[0]["withdrawn_at"] == DECIDED.isoformat()
    other_visit = Visit.objects.get(pk=namesake["visits"][0].pk)
    assert other_visit.email == "budi.lain@example.org"
    assert has_consent(other_visit.consents, "email")
    other = Complaint.objects.get(pk=namesake["complaints"][0].pk)
    assert other.complainant_nik == "6171020202020002"


def test_each_record_and_the_request_get_an_event_without_a_value(
    office_a,
    alice,
    budi_and_his_namesake,  # noqa: F811
):
    own, _namesake = budi_and_his_namesake
    request = record(office_a, alice, "withdrawal", email="budi@example.org", language="en")
    services.withdraw_consent(request, actor=alice, now=DECIDED)
    visit_event = VisitEvent.objects.get(
        visit=own["visits"][0], action=VisitEvent.Action.CONSENT_WITHDRAWN
    )
    complaint_event = ComplaintEvent.objects.get(
        complaint=own["complaints"][0], action=ComplaintEvent.Action.CONSENT_WITHDRAWN
    )
    assert complaint_event.visibility == "staff"
    withdrawn = PrivacyEvent.objects.get(request=request, action="consent_withdrawn")
    assert withdrawn.data == {"visits": 1, "complaints": 2}
    for event in (visit_event, complaint_event, withdrawn):
        text = event.note + json.dumps(event.data)
        assert "budi@" not in text
        assert "6171010101010001" not in text
    request.refresh_from_db()
    assert request.status == "answered"
    message = OutboxMessage.objects.get(topic="privacy.consent_withdrawn")
    assert message.recipient == "budi@example.org"
    assert "withdrawal" in message.body.lower()


def test_a_second_withdrawal_changes_nothing_and_other_kinds_are_refused(
    office_a,
    alice,
    budi_and_his_namesake,  # noqa: F811
):
    first = record(office_a, alice, "withdrawal")
    services.withdraw_consent(first, actor=alice, now=DECIDED)
    with pytest.raises(services.PrivacyError) as answered:
        services.withdraw_consent(first, actor=alice, now=DECIDED)
    assert answered.value.code == "already_answered"
    second = record(office_a, alice, "withdrawal", received_at=DECIDED, now=DECIDED)
    later = DECIDED + timedelta(hours=1)
    assert services.withdraw_consent(second, actor=alice, now=later) == {
        "visits": 0,
        "complaints": 0,
    }
    deletion = record(office_a, alice, "deletion")
    with pytest.raises(services.PrivacyError) as wrong:
        services.withdraw_consent(deletion, actor=alice, now=later)
    assert wrong.value.code == "not_withdrawal"


def test_the_office_admin_fulfils_it_from_the_request_page(
    client,
    office_a,
    alice,
    bob,
    head,
    carol,
    budi_and_his_namesake,  # noqa: F811
):
    own, _namesake = budi_and_his_namesake
    request = record(office_a, alice, "withdrawal")
    url = reverse("privacy:withdraw", args=[office_a.slug, request.pk])
    client.force_login(carol)
    assert client.post(url).status_code == 404
    for colleague in (head, bob):
        client.force_login(colleague)
        assert client.post(url).status_code == 403
    assert Visit.objects.get(pk=own["visits"][0].pk).email == "budi@example.org"
    client.force_login(alice)
    detail = reverse("privacy:request", args=[office_a.slug, request.pk])
    assert url in client.get(detail).content.decode()
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert Visit.objects.get(pk=own["visits"][0].pk).email == ""
    assert url not in client.get(detail).content.decode()


def test_the_request_form_offers_the_withdrawal(client, office_a, alice):
    client.force_login(alice)
    page = client.get(reverse("privacy:new_request", args=[office_a.slug])).content.decode()
    assert 'value="withdrawal"' in page


def test_the_public_notice_names_the_withdrawal_in_both_languages(client, office_a):
    url = reverse("privacy:notice", args=[office_a.slug])
    page = client.get(url).content.decode()
    assert "penarikan persetujuan atas data opsional" in page
    assert "dengan meminta penghapusan atau pembatasan" not in page
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "withdrawal of your consent to optional data" in english
