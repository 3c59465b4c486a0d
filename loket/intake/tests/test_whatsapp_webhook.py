"""The WhatsApp webhook: handshake, signature, storing exactly as received, duplicates and
batched deliveries. Processing is not run here (ingress never processes)."""

import hashlib

import pytest

from loket.intake.models import InboundMessage, IntakeEvent

from .conftest import APP_SECRET, VERIFY_TOKEN, delivery

pytestmark = pytest.mark.django_db


def test_the_handshake_echoes_the_challenge_for_our_verify_token(client):
    response = client.get(
        "/masuk/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    assert response.status_code == 200
    assert response.content == b"1158201444"


def test_the_handshake_refuses_another_verify_token(client):
    response = client.get(
        "/masuk/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"},
    )
    assert response.status_code == 403
    assert b"1158201444" not in response.content


def test_the_handshake_accepts_an_office_s_own_verify_token(client, settings, office_a):
    from loket.intake import services

    settings.LOKET_WHATSAPP_VERIFY_TOKEN = ""
    services.connect_whatsapp(
        office=office_a, label="WA", phone_number_id="999", verify_token="office-token"
    )
    response = client.get(
        "/masuk/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "office-token", "hub.challenge": "42"},
    )
    assert response.content == b"42"


def test_a_signed_text_message_is_stored_exactly_as_received(post_webhook, wa_account):
    raw = delivery("text")
    response = post_webhook(raw)
    assert response.status_code == 200
    message = InboundMessage.objects.get()
    assert bytes(message.raw) == raw
    assert message.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert message.state == "received"
    assert message.kind == "message"
    assert message.account == wa_account
    assert message.office == wa_account.office
    assert message.sender == "+6281234500001"
    assert message.sender_name == "Rina Pelapor"
    assert message.text.startswith("Jalan di depan kantor kelurahan rusak")
    assert message.provider_at.timestamp() == 1772416800
    assert message.complaint is None
    assert IntakeEvent.objects.filter(message=message, action="received").count() == 1


def test_a_bad_signature_is_refused_and_nothing_is_stored(post_webhook, wa_account):
    raw = delivery("text")
    assert post_webhook(raw, secret="not-the-app-secret").status_code == 403
    assert post_webhook(raw, signature="sha256=" + "0" * 64).status_code == 403
    assert post_webhook(raw, signature="garbage").status_code == 403
    assert InboundMessage.objects.count() == 0


def test_a_body_changed_after_signing_is_refused(client, wa_account):
    from loket.intake.whatsapp import webhook

    raw = delivery("text")
    signature = webhook.sign(raw, APP_SECRET)
    tampered = raw.replace(b"rusak parah", b"baik-baik saja")
    response = client.post(
        "/masuk/whatsapp/",
        data=tampered,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature},
    )
    assert response.status_code == 403
    assert InboundMessage.objects.count() == 0


def test_a_duplicate_delivery_is_a_no_op(post_webhook, wa_account):
    raw = delivery("text")
    assert post_webhook(raw).status_code == 200
    second = post_webhook(raw)
    assert second.status_code == 200
    assert b"duplicates 1" in second.content
    assert InboundMessage.objects.count() == 1


def test_every_entry_change_and_message_of_a_batch_is_stored(post_webhook, wa_account):
    raw = delivery("batched", SHA256="aGVsbG8=")
    assert post_webhook(raw).status_code == 200
    rows = {m.provider_id: m for m in InboundMessage.objects.all()}
    assert set(rows) == {"wamid.BATCH1", "wamid.BATCH2", "wamid.BATCH3", "wamid.OUT1"}
    assert rows["wamid.BATCH1"].sender_name == "Ani"
    assert rows["wamid.BATCH2"].sender_name == "Bayu"
    assert rows["wamid.BATCH3"].details["media"][0]["type"] == "audio"
    assert rows["wamid.OUT1"].kind == "status"
    assert rows["wamid.OUT1"].dedupe_key == "status:wamid.OUT1:delivered"


def test_each_status_of_one_message_is_its_own_row(post_webhook, wa_account):
    assert post_webhook(delivery("statuses")).status_code == 200
    keys = set(InboundMessage.objects.values_list("dedupe_key", flat=True))
    assert keys == {
        "status:wamid.OUT1:read",
        "status:wamid.OUT1:sent",
        "status:wamid.OUT1:delivered",
    }
    # The same callbacks delivered again add nothing.
    assert post_webhook(delivery("statuses")).status_code == 200
    assert InboundMessage.objects.count() == 3


def test_a_number_no_office_owns_is_kept_but_marked_unknown(post_webhook):
    assert post_webhook(delivery("text")).status_code == 200
    message = InboundMessage.objects.get()
    assert message.kind == "unknown"
    assert message.office is None


def test_a_body_that_is_not_json_answers_400(post_webhook, wa_account):
    assert post_webhook(b"not json").status_code == 400
    assert post_webhook(b"[1, 2]").status_code == 400


def test_the_webhook_stores_without_calling_out_or_processing(
    post_webhook, wa_account, django_assert_max_num_queries
):
    raw = delivery("batched", SHA256="aGVsbG8=")
    # Accounts, then per item a savepoint + insert + release, then the events in one go.
    with django_assert_max_num_queries(20):
        assert post_webhook(raw).status_code == 200
    assert set(InboundMessage.objects.values_list("state", flat=True)) == {"received"}


def test_a_reaction_is_kept_as_unknown_and_never_joins_a_complaint(post_webhook, wa_account):
    import json

    from loket.intake import services

    payload = json.loads(delivery("text"))
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    del message["text"]
    message.update(type="reaction", reaction={"message_id": "wamid.OUT1", "emoji": "👍"})
    post_webhook(json.dumps(payload).encode())
    stored = InboundMessage.objects.get()
    assert stored.kind == "unknown"
    services.process_due()
    stored.refresh_from_db()
    assert (stored.state, stored.complaint) == ("ignored", None)
