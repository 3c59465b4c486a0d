"""Issue 11 §5: reclassification is the Pejabat's act with a reason (the team may ask for
it), and a public event the head and the complainant see."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from loket.complaints import services
from loket.complaints.models import Event
from loket.complaints.services import InvalidInput, NotAllowed
from loket.notify.models import OutboxMessage

from .conftest import MONDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture
def classified(make_complaint, officer):
    with time_machine.travel(MONDAY_0900, tick=False):
        complaint = make_complaint()
        services.classify(complaint, actor=officer, class_code="normatif")
    return complaint


def act(client, complaint, action, data):
    url = reverse("complaints:staff_act", args=[complaint.office.slug, complaint.reference, action])
    return client.post(url, data)


def test_the_team_cannot_reclassify_and_a_reason_is_required(classified, officer, handler):
    due = classified.due_at
    with pytest.raises(NotAllowed) as refused:
        services.reclassify(
            classified, actor=handler, class_code="berkadar-pengawasan", reason="Berat."
        )
    assert refused.value.code == "officer_only"
    with pytest.raises(InvalidInput) as empty:
        services.reclassify(classified, actor=officer, class_code="berkadar-pengawasan", reason=" ")
    assert (empty.value.code, empty.value.field) == ("reason_required", "reason")
    classified.refresh_from_db()
    assert (classified.class_code, classified.due_at) == ("normatif", due)
    assert not classified.events.filter(action=Event.Action.RECLASSIFIED).exists()


def test_the_pages_give_the_team_a_request_and_the_pejabat_the_change(
    client, classified, officer, handler, head
):
    client.force_login(handler)
    page = client.get(classified.get_staff_url()).content.decode()
    assert "Usulkan perubahan klasifikasi" in page
    assert 'id="reclassify-heading"' not in page
    data = {"class_code": "berkadar-pengawasan", "reason": ""}
    assert act(client, classified, "reklasifikasi", data).status_code == 403
    empty = act(client, classified, "usul-reklasifikasi", data)
    assert empty.status_code == 400
    assert "Alasan perubahan: wajib diisi." in empty.content.decode()
    data["reason"] = "Ada dugaan pungutan liar, perlu pemeriksaan."
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2), tick=False):
        assert act(client, classified, "usul-reklasifikasi", data).status_code == 302
    classified.refresh_from_db()
    assert classified.class_code == "normatif"
    request = classified.events.get(action=Event.Action.NOTE)
    assert not request.is_public
    assert request.data["requested_class"] == "berkadar-pengawasan"
    [mail] = OutboxMessage.objects.filter(topic="complaint.staff_reclassification_requested")
    assert mail.recipient == officer.email
    client.force_login(officer)
    page = client.get(classified.get_staff_url()).content.decode()
    assert "Usul ubah klasifikasi menjadi Pengaduan berkadar pengawasan" in page
    assert 'id="reclassify-heading"' in page
    assert "Usulkan perubahan klasifikasi" not in page


def test_a_change_of_class_is_public_and_told_to_the_head_and_the_complainant(
    client, classified, officer, head
):
    reason = "Ada dugaan pungutan liar, perlu pemeriksaan."
    with time_machine.travel(MONDAY_0900 + timedelta(hours=2), tick=False):
        services.reclassify(
            classified, actor=officer, class_code="berkadar-pengawasan", reason=reason
        )
    # 60 working days from Monday 2 March 2026 (18-24 March, 3 April, 1, 14-15, 27-28 May
    # and 1 June closed): 10 June, 16.00 WIB.
    assert classified.due_at == datetime(2026, 6, 10, 16, 0, tzinfo=classified.office.tz)
    event = classified.events.get(action=Event.Action.RECLASSIFIED)
    assert event.is_public
    assert event.note == reason
    to_complainant = OutboxMessage.objects.get(topic="complaint.reclassified")
    assert to_complainant.recipient == "budi@contoh.id"
    assert reason in to_complainant.body
    assert "Batas waktu baru: 10 Juni 2026 16.00 WIB" in to_complainant.body
    to_head = OutboxMessage.objects.get(topic="complaint.staff_reclassified")
    assert to_head.recipient == head.email
    assert "dari Pengaduan bersifat normatif menjadi Pengaduan berkadar pengawasan" in (
        to_head.body
    )
    track = client.get(
        reverse("complaints:track", args=[classified.tracking_code])
    ).content.decode()
    assert "Klasifikasi diubah" in track
    assert reason in track
    assert "Batas waktu baru: 10 Jun 2026 16.00 WIB" in track
