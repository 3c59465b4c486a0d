"""Processing WhatsApp messages: a complaint made through the complaints service, media
downloaded at once with the bearer token and checked, replies threaded, statuses matched."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loket.complaints.models import Complaint, Event
from loket.complaints.services import submit
from loket.intake import services
from loket.intake.models import InboundMessage, OutboundWhatsApp, UndeliverableAddress
from loket.notify.models import OutboxMessage
from loket.tests.samples import JPEG, PDF  # real documents: the upload rule decodes them

from .conftest import delivery

pytestmark = pytest.mark.django_db


def _process_all():
    return services.process_due()


def test_a_text_message_becomes_a_complaint_through_the_complaints_service(
    post_webhook, wa_account
):
    post_webhook(delivery("text"))
    assert _process_all() == 1
    message = InboundMessage.objects.get()
    assert (message.state, message.outcome) == ("processed", "created")
    complaint = Complaint.objects.get()
    assert message.complaint == complaint
    assert complaint.channel == "whatsapp"
    assert complaint.office == wa_account.office
    assert complaint.channel_details["whatsapp_number"] == "+6281234500001"
    assert complaint.complainant_name == "Rina Pelapor"
    assert complaint.complainant_phone == "+6281234500001"
    assert complaint.title.startswith("Jalan di depan kantor kelurahan rusak")
    assert complaint.received_at.timestamp() == 1772416800
    # The acknowledgement goes back on WhatsApp, through the outbox.
    ack = OutboxMessage.objects.get(topic="complaint.acknowledgement")
    assert (ack.channel, ack.recipient) == ("whatsapp", "+6281234500001")


def test_a_message_is_processed_exactly_once(post_webhook, wa_account):
    post_webhook(delivery("text"))
    message = InboundMessage.objects.get()
    assert services.process(message.pk) is True
    assert services.process(message.pk) is False
    assert _process_all() == 0
    assert Complaint.objects.count() == 1


def test_a_greeting_waits_in_the_inbox_instead_of_becoming_a_complaint(
    post_webhook, wa_account, batch
):
    post_webhook(batch)
    _process_all()
    greeting = InboundMessage.objects.get(provider_id="wamid.BATCH2")
    assert (greeting.state, greeting.outcome) == ("processed", "inbox")
    assert greeting.complaint is None
    voice = InboundMessage.objects.get(provider_id="wamid.BATCH3")
    assert voice.outcome == "inbox"  # a voice note without words: the Pejabat listens
    assert voice.attachments.get().detected_type == "audio/ogg"


def test_an_image_is_downloaded_with_the_bearer_token_and_attached(post_webhook, wa_account, stub):
    sha = stub.state.add_media("1003383421387256", JPEG, "image/jpeg")
    post_webhook(delivery("image", SHA256=sha))
    _process_all()
    message = InboundMessage.objects.get()
    attachment = message.attachments.get()
    assert attachment.status == "stored"
    assert attachment.detected_type == "image/jpeg"
    # Re-encoded under the upload rule (loket.uploads), stored under a generated name.
    stored = attachment.file.read()
    assert stored.startswith(b"\xff\xd8")
    assert attachment.size == len(stored)
    assert "image" not in attachment.file.name.rsplit("/", 1)[1]
    assert attachment.file.name.endswith(".jpg")
    assert stub.state.calls
    assert all(authed for _m, _p, authed in stub.state.calls)
    assert [p for _m, p, _a in stub.state.calls] == [
        "/v21.0/1003383421387256",
        "/download/1003383421387256",
    ]
    complaint = message.complaint
    assert complaint is not None
    assert complaint.attachments.get().content_type == "image/jpeg"


def test_a_document_keeps_its_file_name(post_webhook, wa_account, stub):
    sha = stub.state.add_media("2219837461029384", PDF, "application/pdf")
    post_webhook(delivery("document", SHA256=sha))
    _process_all()
    attachment = InboundMessage.objects.get().attachments.get()
    assert (attachment.filename, attachment.status) == ("surat-keberatan.pdf", "stored")


def test_media_that_does_not_match_its_hash_is_retried_not_kept(post_webhook, wa_account, stub):
    sha = stub.state.add_media("1003383421387256", JPEG, "image/jpeg")
    stub.state.wrong_hash.add("1003383421387256")
    post_webhook(delivery("image", SHA256=sha))
    assert _process_all() == 0
    message = InboundMessage.objects.get()
    assert message.state == "received"
    assert message.attempts == 1
    assert "SHA-256" in message.last_error
    assert Complaint.objects.count() == 0
    # Once the provider serves the right bytes, the retry succeeds.
    stub.state.wrong_hash.clear()
    InboundMessage.objects.filter(pk=message.pk).update(lease_until=None)
    assert _process_all() == 1
    assert InboundMessage.objects.get().attachments.get().status == "stored"


def test_an_expired_media_url_is_listed_as_refused_and_the_text_still_arrives(
    post_webhook, wa_account, stub
):
    sha = stub.state.add_media("1003383421387256", JPEG, "image/jpeg")
    stub.state.url_lifetime = -1  # the URL is dead by the time it is fetched
    post_webhook(delivery("image", SHA256=sha))
    _process_all()
    message = InboundMessage.objects.get()
    assert message.attachments.get().status == "expired"
    assert message.outcome == "created"
    assert "refused_attachments" in message.complaint.channel_details


def test_media_is_refused_without_the_right_bearer_token(post_webhook, wa_account, stub):
    wa_account.set_secrets(access_token="EAAG-revoked-token")
    wa_account.save()
    sha = stub.state.add_media("1003383421387256", JPEG, "image/jpeg")
    post_webhook(delivery("image", SHA256=sha))
    _process_all()
    attachment = InboundMessage.objects.get().attachments.get()
    assert attachment.status == "failed"
    assert "401" in attachment.error
    assert not any(authed for _m, _p, authed in stub.state.calls)


def test_a_reply_quoting_the_tracking_code_lands_on_that_complaint(
    post_webhook, wa_account, client
):
    complaint = submit(
        office=wa_account.office,
        channel="web",
        title="Antrean lama",
        description="Menunggu dua jam",
        complainant_email="warga@contoh.id",
    )
    raw = delivery("text").replace(
        b"Jalan di depan kantor kelurahan rusak parah",
        f"Tambahan untuk {complaint.tracking_code.lower()}: petugasnya".encode(),
    )
    post_webhook(raw)
    _process_all()
    message = InboundMessage.objects.get()
    assert (message.outcome, message.complaint) == ("joined", complaint)
    assert Complaint.objects.count() == 1
    assert complaint.events.filter(
        action=Event.Action.REPLIED, note__contains="petugasnya"
    ).exists()


def test_the_same_sender_s_next_message_joins_their_open_complaint(post_webhook, wa_account):
    post_webhook(delivery("text"))
    _process_all()
    complaint = Complaint.objects.get()
    follow_up = (
        delivery("text")
        .replace(b"wamid.HBgN", b"wamid.NEXT")
        .replace(b"Jalan di depan kantor kelurahan rusak parah", b"Sekarang ada mobil terperosok")
    )
    post_webhook(follow_up)
    _process_all()
    assert Complaint.objects.count() == 1
    second = InboundMessage.objects.get(provider_id__startswith="wamid.NEXT")
    assert (second.outcome, second.complaint) == ("joined", complaint)


def test_a_reply_to_an_answered_complaint_is_a_reply_marked_new(post_webhook, wa_account, officer):
    from loket.complaints import services as complaint_services
    from loket.complaints.tests.conftest import publish_classes

    publish_classes(wa_account.office)
    post_webhook(delivery("text"))
    _process_all()
    complaint = Complaint.objects.get()
    complaint_services.classify(complaint, actor=officer, class_code="normatif")
    complaint_services.answer(complaint, actor=officer, text="Sudah diperbaiki kemarin.")
    reply = (
        delivery("text")
        .replace(b"wamid.HBgN", b"wamid.REPLY")
        .replace(b"Jalan di depan kantor kelurahan rusak parah", b"Belum, masih berlubang")
    )
    post_webhook(reply)
    # Sent a minute before it is processed: the reply carries WhatsApp's time.
    sent = timezone.now() - timedelta(minutes=1)
    InboundMessage.objects.filter(provider_id__startswith="wamid.REPLY").update(provider_at=sent)
    _process_all()
    complaint.refresh_from_db()
    # Issue 11 §5: a reply is a reply (only "belum puas" reopens); the team sees it as new.
    assert complaint.status == "answered"
    assert complaint.replied_at == sent
    event = complaint.events.get(action=Event.Action.REPLIED)
    assert event.at == sent
    assert event.is_public
    assert event.note.startswith("Belum, masih berlubang")


def test_status_callbacks_out_of_order_end_at_the_latest(post_webhook, wa_account):
    OutboundWhatsApp.objects.create(
        account=wa_account, provider_id="wamid.OUT1", recipient="+6281234500001"
    )
    post_webhook(delivery("statuses"))
    _process_all()
    assert OutboundWhatsApp.objects.get().status == "read"
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {"processed"}


def test_a_failed_status_marks_the_number_undeliverable_on_its_complaint(post_webhook, wa_account):
    post_webhook(delivery("text"))
    _process_all()
    complaint = Complaint.objects.get()
    OutboundWhatsApp.objects.create(
        account=wa_account, provider_id="wamid.OUT1", recipient="+6281234500001"
    )
    post_webhook(delivery("failed_status"))
    _process_all()
    outbound = OutboundWhatsApp.objects.get()
    assert outbound.status == "failed"
    assert "131026" in outbound.error
    assert UndeliverableAddress.objects.filter(address="+6281234500001").exists()
    complaint.refresh_from_db()
    assert complaint.undeliverable_contacts[0]["address"] == "+6281234500001"
    assert complaint.events.filter(action="contact_undeliverable", note__contains="131026").exists()


def test_a_stored_message_is_queued_for_the_worker_after_the_commit(
    post_webhook, wa_account, settings, django_capture_on_commit_callbacks
):
    settings.LOKET_INTAKE_QUEUE_TASKS = True  # the test settings run tasks immediately
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_webhook(delivery("text"))
    assert callbacks  # the enqueue, then what processing itself queued (the acknowledgement)
    message = InboundMessage.objects.get()
    assert (message.state, message.outcome) == ("processed", "created")
