"""The outbox in the admin (issue 12, finding 7): read-only, recipients masked, no bodies."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from loket.notify import services
from loket.notify.admin import mask_recipient

pytestmark = pytest.mark.django_db


def test_addresses_are_masked():
    assert mask_recipient("budi.santoso@contoh.id") == "b***@contoh.id"
    assert mask_recipient("+6281234567890") == "+62812*****890"
    assert mask_recipient("12345") == "***"


def test_a_system_administrator_sees_that_a_message_went_not_to_whom_or_what(client):
    message = services.queue_email(
        to="budi.santoso@contoh.id",
        subject="Pengaduan Anda diterima: AB12-CD34-EF56",
        body="Kode pelacakan AB12-CD34-EF56",
        related="complaint:7",
    )
    admin_user = get_user_model().objects.create_superuser("sistem", "s@contoh.id", "x" * 16)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:notify_outboxmessage_changelist")).content.decode()
    page = client.get(
        reverse("admin:notify_outboxmessage_change", args=[message.pk])
    ).content.decode()
    for html in (listing, page):
        assert "b***@contoh.id" in html
        assert "budi.santoso" not in html
        assert "AB12-CD34-EF56" not in html
    assert 'name="_save"' not in page
    edit = client.post(
        reverse("admin:notify_outboxmessage_change", args=[message.pk]),
        {"recipient": "penyerang@contoh.id"},
    )
    assert edit.status_code == 403
    delete = reverse("admin:notify_outboxmessage_delete", args=[message.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    message.refresh_from_db()
    assert message.recipient == "budi.santoso@contoh.id"
