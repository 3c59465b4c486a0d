"""Raw inbound messages (e-mail, WhatsApp) past the deployment's retention lose their sender,
text, raw bytes and attachments; messages still waiting to be processed and recent ones stay;
a second purge changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from loket.intake.models import InboundAttachment, InboundMessage
from loket.privacy import services
from loket.privacy.models import PrivacyEvent

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db

# 90 days after COLLECTED, to the second.
EDGE = COLLECTED + timedelta(days=90)


def message(key, *, state="processed", received=COLLECTED):
    row = InboundMessage.objects.create(
        channel="email",
        dedupe_key=key,
        sender="budi@example.org",
        sender_name="Budi Santoso",
        subject="Antrean",
        text="Saya Budi, NIK 6171010101010001",
        thread_hint={"tracking_code": "ABC123"},
        raw=b"From: budi@example.org\r\n\r\nSaya Budi",
        raw_sha256="0" * 64,
        received_at=received,
        state=state,
    )
    attachment = InboundAttachment(message=row, filename="ktp.jpg", status="stored")
    attachment.file.save("ktp.jpg", ContentFile(b"\xff\xd8\xff\xe0"), save=True)
    return row, attachment.file.name


def test_a_processed_message_past_90_days_loses_its_personal_data_and_files(
    django_capture_on_commit_callbacks,
):
    old, old_file = message("a")
    waiting, _waiting_file = message("b", state="received")
    recent, recent_file = message("c", received=COLLECTED + timedelta(seconds=1))
    dry = services.purge(offices_to_purge=[], now=EDGE + timedelta(seconds=1), dry_run=True)
    assert dry["inbound_messages"] == 1
    assert InboundMessage.objects.get(pk=old.pk).sender == "budi@example.org"

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.purge(offices_to_purge=[], now=EDGE + timedelta(seconds=1), dry_run=False)
    assert counts["inbound_messages"] == 1
    assert counts["inbound_files"] == 1
    old.refresh_from_db()
    assert (old.sender, old.sender_name, old.subject, old.text) == ("", "", "", "")
    assert bytes(old.raw) == b""
    assert old.thread_hint == {}
    assert old.state == "processed"
    assert old.received_at == COLLECTED
    assert not default_storage.exists(old_file)
    assert InboundMessage.objects.get(pk=waiting.pk).text.startswith("Saya Budi")
    assert InboundMessage.objects.get(pk=recent.pk).sender == "budi@example.org"
    assert default_storage.exists(recent_file)
    event = PrivacyEvent.objects.get(action="purged", office=None)
    assert event.data["inbound_messages"] == 1
    assert "budi" not in str(event.data)

    again = services.purge(offices_to_purge=[], now=EDGE + timedelta(seconds=1), dry_run=False)
    assert "inbound_messages" not in again
    assert PrivacyEvent.objects.filter(action="purged").count() == 1


def test_the_inbound_messages_appear_in_the_record_of_processing(office_a):
    rows = {a.record_type: a for a in services.activities(office_a)}
    inbound = rows["inbound"]
    assert inbound.retention.days == 90
    assert inbound.retention.deployment_wide
    assert "lampiran" in [str(d) for d in inbound.data]


def test_the_purge_walks_expired_messages_by_id_in_bounded_batches(monkeypatch):
    """Like the visits and complaints: each batch holds at most `batch` ids, starts above the
    last id of the one before (a keyset: never a rescan of what was erased), and together
    they erase every expired message once."""
    from loket.intake.services import retention

    rows = [message(f"k{n}")[0] for n in range(5)]
    waiting, _file = message("w", state="received")
    selects, batches = [], []
    select, erase = retention.expired_message_ids, retention.erase_personal_data

    def spy_select(**kwargs):
        found = select(**kwargs)
        selects.append((kwargs.get("after_id", 0), found))
        return found

    def spy_erase(ids, **kwargs):
        batches.append(list(ids))
        return erase(ids, **kwargs)

    monkeypatch.setattr(retention, "expired_message_ids", spy_select)
    monkeypatch.setattr(retention, "erase_personal_data", spy_erase)
    counts = services.purge_deployment(now=EDGE + timedelta(seconds=1), dry_run=False, batch=2)
    assert counts["inbound_messages"] == 5
    assert [len(ids) for ids in batches] == [2, 2, 1]
    assert sorted(pk for ids in batches for pk in ids) == [row.pk for row in rows]
    for (after, found), previous in zip(selects[1:], batches, strict=False):
        assert after == max(previous)
        assert all(pk > after for pk in found)
    assert InboundMessage.objects.get(pk=waiting.pk).sender == "budi@example.org"
