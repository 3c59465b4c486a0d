"""Migration 0002: sent WhatsApp messages keep the complaint they were about, linked through
the code's keyed hash within the account's office, and the plain tracking codes are gone."""

from datetime import UTC, datetime

import pytest

from loket.complaints.tracking import hash_code
from loket.tests.migrating import migrate_to

BEFORE = [("intake", "0001_initial"), ("complaints", "0005_drop_plain_tracking_code")]
AFTER = [("intake", "0002_outbound_whatsapp_complaint")]
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_sent_messages_name_their_complaint_instead_of_the_code():
    old = migrate_to(BEFORE)
    offices = old.get_model("offices", "Office")
    mine = offices.objects.create(slug="kantor-a", name="Kantor A", timezone="Asia/Pontianak")
    other = offices.objects.create(slug="kantor-b", name="Kantor B", timezone="Asia/Jakarta")
    complaints = old.get_model("complaints", "Complaint")

    def complaint(office, code, reference):
        return complaints.objects.create(
            office_id=office.pk,
            tracking_code_hash=hash_code(code),
            reference=reference,
            channel="whatsapp",
            title="Lama",
            description="Sebelum migrasi.",
            received_at=AT,
        )

    ours = complaint(mine, "K7QM-2XPR-4TBD", "ADU-2026-000001")
    complaint(other, "HJKM-NPQR-STUV", "ADU-2026-000001")
    account = old.get_model("intake", "ChannelAccount").objects.create(
        office_id=mine.pk, provider="whatsapp_cloud", channel="whatsapp", label="WA"
    )
    sent = old.get_model("intake", "OutboundWhatsApp")
    for provider_id, code in (
        ("wamid.A", "K7QM-2XPR-4TBD"),
        ("wamid.B", "HJKM-NPQR-STUV"),  # another office's complaint: not linked
        ("wamid.C", ""),
    ):
        sent.objects.create(
            account=account, provider_id=provider_id, recipient="+62812", tracking_code=code
        )

    new = migrate_to(AFTER)
    rows = new.get_model("intake", "OutboundWhatsApp").objects.order_by("provider_id")
    assert list(rows.values_list("provider_id", "complaint_id")) == [
        ("wamid.A", ours.pk),
        ("wamid.B", None),
        ("wamid.C", None),
    ]
    assert "tracking_code" not in {f.name for f in rows.model._meta.get_fields()}
