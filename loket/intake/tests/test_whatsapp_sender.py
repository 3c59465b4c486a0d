"""The outbox's WhatsApp sender through the Cloud API: free text inside the 24-hour window,
the office's approved template outside it, throttling retried by the outbox."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loket.complaints.services import submit as submit_complaint
from loket.complaints.tracking import hash_code
from loket.intake import services
from loket.intake.models import InboundMessage, OutboundWhatsApp
from loket.intake.whatsapp.client import CloudApiError
from loket.intake.whatsapp.sender import CloudApiSender
from loket.intake.whatsapp.webhook import find_tracking_code
from loket.notify import services as notify
from loket.notify.models import OutboxMessage

from .conftest import PHONE_NUMBER_ID, delivery

pytestmark = pytest.mark.django_db

BODY = "Pengaduan Anda kepada Kantor A telah kami terima.\n\nKode pelacakan: ABCD-EFGH-JKMN"


@pytest.fixture
def wrote_recently(post_webhook, wa_account, stub):
    post_webhook(delivery("text"))
    stub.state.window_open.add("6281234500001")
    InboundMessage.objects.update(provider_at=timezone.now() - timedelta(hours=1))
    return InboundMessage.objects.get()


def test_inside_the_window_a_free_text_is_sent(wrote_recently, stub):
    CloudApiSender().send(channel="whatsapp", to="+6281234500001", body=BODY)
    sent = stub.state.sent[0]
    assert sent["type"] == "text"
    assert sent["to"] == "6281234500001"
    assert sent["phone_number_id"] == PHONE_NUMBER_ID
    assert sent["text"]["body"] == BODY
    outbound = OutboundWhatsApp.objects.get()
    assert (outbound.provider_id, outbound.template) == ("wamid.OUT1", "")
    # The code in BODY names no complaint of the office: nothing is linked, nothing kept.
    assert outbound.complaint is None
    assert "ABCD" not in str(OutboundWhatsApp.objects.values().get())


def test_outside_the_window_the_approved_template_is_sent(wrote_recently, stub):
    InboundMessage.objects.update(
        provider_at=timezone.now() - timedelta(hours=25),
        received_at=timezone.now() - timedelta(hours=25),
    )
    stub.state.window_open.clear()
    CloudApiSender().send(channel="whatsapp", to="081234500001", body=BODY)
    sent = stub.state.sent[0]
    assert sent["type"] == "template"
    assert sent["template"]["name"] == "pemberitahuan_pengaduan"
    assert sent["template"]["language"] == {"code": "id"}
    parameter = sent["template"]["components"][0]["parameters"][0]["text"]
    assert "\n" not in parameter
    assert "ABCD-EFGH-JKMN" in parameter
    assert OutboundWhatsApp.objects.get().template == "pemberitahuan_pengaduan"


def test_a_window_closed_at_the_provider_falls_back_to_the_template(wrote_recently, stub):
    stub.state.window_open.clear()  # we think it is open, the provider says 131047
    CloudApiSender().send(channel="whatsapp", to="+6281234500001", body=BODY)
    assert [s["type"] for s in stub.state.sent] == ["template"]


def test_without_a_template_outside_the_window_the_send_fails_for_the_outbox(
    wrote_recently, stub, wa_account
):
    wa_account.templates = {}
    wa_account.save()
    stub.state.window_open.clear()
    with pytest.raises(CloudApiError, match="template"):
        CloudApiSender().send(channel="whatsapp", to="+6281234500001", body=BODY)
    assert stub.state.sent == []


def test_throttling_is_retried_by_the_outbox(wrote_recently, stub, settings):
    settings.LOKET_TEXT_SENDER = "loket.intake.whatsapp.sender.CloudApiSender"
    stub.state.throttle_next = 1
    message = notify.queue_text(channel="whatsapp", to="+6281234500001", body=BODY)
    assert notify.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == "pending"
    assert "130429" in message.last_error
    later = timezone.now() + timedelta(minutes=2)
    assert notify.deliver(message.pk, now=later) is True
    assert OutboxMessage.objects.get().status == "sent"
    assert len(stub.state.sent) == 1


def test_a_whatsapp_complaint_is_acknowledged_on_whatsapp(wrote_recently, stub, settings):
    settings.LOKET_TEXT_SENDER = "loket.intake.whatsapp.sender.CloudApiSender"
    services.process_due()
    ack = OutboxMessage.objects.get(topic="complaint.acknowledgement")
    assert notify.deliver(ack.pk) is True
    assert stub.state.sent[0]["to"] == "6281234500001"
    # Only the code's keyed hash is on the complaint; the acknowledgement carries the code.
    complaint = InboundMessage.objects.get().complaint
    body = stub.state.sent[0]["text"]["body"]
    code = find_tracking_code(body)
    assert hash_code(code) == complaint.tracking_code_hash
    # The sent message names the complaint; the plain code is stored nowhere in intake.
    outbound = OutboundWhatsApp.objects.get()
    assert outbound.complaint == complaint
    assert code not in str(OutboundWhatsApp.objects.values().get())


def test_a_reply_quoting_our_message_joins_the_complaint_it_was_about(
    post_webhook, wa_account, stub
):
    complaint = submit_complaint(
        office=wa_account.office,
        channel="web",
        title="Antrean lama",
        description="Menunggu dua jam",
        complainant_email="warga@contoh.id",
    )
    CloudApiSender().send(
        channel="whatsapp",
        to="+6281234500001",
        body=f"Jawaban atas pengaduan Anda. Kode pelacakan: {complaint.tracking_code}",
    )
    assert OutboundWhatsApp.objects.get().complaint == complaint
    reply = delivery("text").replace(
        b'"type": "text"',
        b'"type": "text", "context": {"from": "6285600001111", "id": "wamid.OUT1"}',
    )
    assert b"wamid.OUT1" in reply
    post_webhook(reply)
    services.process_due()
    message = InboundMessage.objects.get()
    assert (message.outcome, message.complaint) == ("joined", complaint)


def test_a_number_not_on_whatsapp_fails_once_and_shows_on_the_complaint(
    client, wa_account, stub, settings, officer
):
    """Issue 17: 131026 ("Message undeliverable") is the same however often it is sent: the
    outbox stops at the first refusal and the officer sees it on the complaint's page."""
    settings.LOKET_TEXT_SENDER = "loket.intake.whatsapp.sender.CloudApiSender"
    stub.state.not_on_whatsapp.add("6281234500009")
    complaint = submit_complaint(
        office=wa_account.office,
        channel="phone",
        title="Antrean lama",
        description="Menunggu dua jam",
        complainant_name="Rudi",
        complainant_phone="+6281234500009",
        channel_details={"phone": "+6281234500009"},
    )
    ack = OutboxMessage.objects.get(topic="complaint.acknowledgement")
    assert ack.channel == "whatsapp"
    assert notify.deliver(ack.pk) is False
    ack.refresh_from_db()
    assert (ack.status, ack.attempts) == ("failed", 1)
    assert "131026" in ack.last_error
    assert stub.state.sent == []
    client.force_login(officer)
    url = f"/staf/{complaint.office.slug}/pengaduan/{complaint.reference}/"
    page = client.get(url).content.decode()
    assert "Pesan kepada pengadu tidak terkirim" in page
    assert "131026" in page


def test_throttling_is_not_mistaken_for_a_permanent_refusal():
    from loket.intake.whatsapp.client import CloudApiError

    assert CloudApiError("x", code=131026).permanent
    assert not CloudApiError("x", code=130429, retryable=True).permanent
    assert not CloudApiError("x", code=131047).permanent
