"""Issue 11 §4: a message to the complainant that a mail server refused for good shows on the
complaint's staff page, with the server's reason, so the officer can phone instead."""

import pytest
from django.urls import reverse

from loket.notify import services as notify
from loket.notify.models import OutboxMessage
from loket.notify.tests.test_refused import Refusing, refusing_server  # noqa: F401

pytestmark = pytest.mark.django_db


def detail(client, complaint):
    url = reverse("complaints:staff_detail", args=[complaint.office.slug, complaint.reference])
    return client.get(url).content.decode()


def test_a_refused_acknowledgement_is_shown_with_the_reason(
    client,
    make_complaint,
    officer,
    refusing_server: Refusing,  # noqa: F811
):
    complaint = make_complaint(complainant_email="tidakada@contoh.id")
    [message] = OutboxMessage.objects.filter(topic="complaint.acknowledgement")
    assert notify.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 1  # no retries
    client.force_login(officer)
    page = detail(client, complaint)
    assert "Pesan kepada pengadu tidak terkirim" in page
    assert "Tanda terima pengaduan (E-mail," in page
    assert "550 5.1.1 &lt;…&gt;: Recipient address rejected: User unknown" in page
    assert "tidakada@contoh.id" not in page  # the address stays on the identity page


def test_a_delivered_acknowledgement_and_staff_mail_raise_no_notice(
    client,
    make_complaint,
    officer,
    refusing_server: Refusing,  # noqa: F811
):
    complaint = make_complaint(complainant_email="warga@contoh.id")
    [message] = OutboxMessage.objects.filter(topic="complaint.acknowledgement")
    assert notify.deliver(message.pk) is True
    notify.queue_email(
        to="tidakada@contoh.id",
        subject="S",
        body="B",
        topic="complaint.staff_assigned",
        related=f"complaint:{complaint.pk}",
    )
    notify.deliver_due()
    client.force_login(officer)
    assert "tidak terkirim" not in detail(client, complaint)


def test_a_text_without_gateway_says_so(client, make_complaint, officer):
    complaint = make_complaint(complainant_email="", complainant_phone="081234567890")
    [message] = OutboxMessage.objects.filter(topic="complaint.acknowledgement")
    notify.deliver(message.pk)
    client.force_login(officer)
    page = detail(client, complaint)
    assert "Tanda terima pengaduan (WhatsApp," in page
    assert "Tidak ada gateway WhatsApp/SMS yang terpasang." in page
