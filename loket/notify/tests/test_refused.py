"""Issue 11 §4: a mail server that refuses an address for good (SMTP 5xx) stops the retries
at once; a temporary refusal (4xx) is retried."""

import logging
import socket
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller

from loket.notify import delivery, selectors, services
from loket.notify.models import OutboxMessage

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


class Refusing:
    """Accepts mail except to addresses that say how to refuse them."""

    def __init__(self):
        self.delivered = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("tidakada"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address.startswith("penuh"):
            return "452 4.2.2 Mailbox full, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.delivered.append(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


@pytest.fixture
def refusing_server(settings):
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    handler = Refusing()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.LOKET_OUTBOX_MAX_ATTEMPTS = 5
    yield handler
    controller.stop()


def test_a_permanent_refusal_stops_the_retries_at_once_with_the_servers_reason(
    refusing_server,
):
    message = services.queue_email(
        to="tidakada@contoh.id", subject="Tanda terima", body="Isi", related="complaint:7", now=NOW
    )
    assert services.deliver(message.pk, now=NOW) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 1
    assert message.last_error.startswith("550 5.1.1 <tidakada@contoh.id>: Recipient address")
    assert services.deliver_due(now=NOW + timedelta(days=1)) == 0
    assert selectors.undelivered_messages("complaint:7") == [message]
    assert selectors.undelivered_messages("complaint:8") == []


def test_a_temporary_refusal_is_retried(refusing_server):
    message = services.queue_email(to="penuh@contoh.id", subject="S", body="Isi", now=NOW)
    assert services.deliver(message.pk, now=NOW) is False
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.next_attempt_at == NOW + timedelta(minutes=1)


def test_a_good_address_is_delivered(refusing_server):
    message = services.queue_email(to="warga@contoh.id", subject="S", body="Isi", now=NOW)
    assert services.deliver(message.pk, now=NOW) is True
    assert refusing_server.delivered == [["warga@contoh.id"]]


def test_a_text_gateway_refusing_a_number_for_good_stops_the_retries(settings, monkeypatch):
    class Refuses:
        def send(self, *, channel, to, body):
            raise services.PermanentFailure("131026 not a WhatsApp user")

    monkeypatch.setattr(delivery, "text_sender", Refuses)
    message = services.queue_text(channel="whatsapp", to="081234567890", body="Isi", now=NOW)
    assert services.deliver(message.pk, now=NOW) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.FAILED, 1)
    assert message.last_error == "131026 not a WhatsApp user"
