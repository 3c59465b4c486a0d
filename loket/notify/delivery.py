"""Delivery of outbox rows: claim one row with a conditional update, send it, record the
result; failures are retried with exponential backoff up to
`settings.LOKET_OUTBOX_MAX_ATTEMPTS`. The log names message ids only, never a recipient or a
text (UU 27/2022)."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .models import OutboxMessage
from .senders import delivers, text_sender

logger = logging.getLogger("loket.notify")

# A claim holds a row for this long; a worker that dies mid-send releases it by expiry.
CLAIM_LEASE = timedelta(minutes=5)
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
NO_GATEWAY = "no text gateway configured (LOKET_TEXT_SENDER)"


class PermanentFailure(Exception):
    """Raised by a text sender when the gateway refuses the recipient for good (an unknown
    number, not on WhatsApp): the outbox stops retrying at once, like an SMTP 5xx."""


def permanent_reason(exc: BaseException) -> str | None:
    """Why a failure is permanent ("550 5.1.1 User unknown"), None when it may pass.

    RFC 5321 §4.2.1: a 5yz reply is a permanent negative completion (the same message to the
    same address will be refused again); a 4yz reply or a dropped connection is transient.
    Django's SMTP backend raises `SMTPRecipientsRefused` (one reply per address) for a refused
    RCPT TO and `SMTPResponseException` subclasses for the other commands."""
    if isinstance(exc, PermanentFailure):
        return str(exc) or type(exc).__name__
    replies: list[tuple[int, bytes | str]] = []
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = list(exc.recipients.values())
    elif isinstance(exc, smtplib.SMTPResponseException):
        replies = [(exc.smtp_code, exc.smtp_error)]
    permanent = [(code, text) for code, text in replies if 500 <= int(code) <= 599]
    if not permanent or len(permanent) != len(replies):
        return None
    code, text = permanent[0]
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}"


def max_attempts() -> int:
    return int(settings.LOKET_OUTBOX_MAX_ATTEMPTS)


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failures: 1, 2, 4, 8... minutes, capped."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def claim(message_id: int, now: datetime) -> bool:
    """Take the row for one delivery attempt; False when another worker has it or it is
    not due. The conditional update is the lock."""
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    return claimed == 1


def send(message: OutboxMessage) -> bool:
    """Hand the message to its channel; False when no real gateway took it."""
    if message.channel == OutboxMessage.Channel.EMAIL:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            to=[message.recipient],
            headers={"Message-ID": message.message_id} if message.message_id else None,
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        email.send(fail_silently=False)
        return True
    sender = text_sender()
    sender.send(channel=message.channel, to=message.recipient, body=message.body)
    return delivers(sender)


def deliver(message_id: int, now: datetime | None = None) -> bool:
    """Try to send one message now. True when a real gateway took it in this call."""
    now = now or timezone.now()
    if not claim(message_id, now):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        delivered = send(message)
    except Exception as exc:  # any failure: keep the row, try again later
        error = f"{type(exc).__name__}: {exc}"[:2000]
        reason = permanent_reason(exc)
        if reason is not None:  # refused for good: another try would be refused again
            OutboxMessage.objects.filter(pk=message_id).update(
                status=OutboxMessage.Status.FAILED, last_error=reason[:2000]
            )
            logger.error("outbox message %s refused for good (%s)", message_id, reason[:3])
            return False
        if message.attempts >= max_attempts():
            OutboxMessage.objects.filter(pk=message_id).update(
                status=OutboxMessage.Status.FAILED, last_error=error
            )
            logger.error("outbox message %s failed for good (%s)", message_id, type(exc).__name__)
            _erase_secret(message_id)
        else:
            OutboxMessage.objects.filter(pk=message_id).update(
                next_attempt_at=now + backoff(message.attempts), last_error=error
            )
            logger.warning(
                "outbox message %s failed, will retry (%s)", message_id, type(exc).__name__
            )
        return False
    if not delivered:
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxMessage.Status.NOT_DELIVERED, last_error=NO_GATEWAY
        )
        logger.warning("outbox message %s not delivered: %s", message_id, NO_GATEWAY)
        return False
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    _erase_secret(message_id)
    return True


def _erase_secret(message_id: int) -> None:
    """Blank the body of a message that carried a secret link, once it is out of our hands."""
    OutboxMessage.objects.filter(pk=message_id, erase_after_send=True).update(body="", html="")


def deliver_due(now: datetime | None = None, limit: int = 500) -> int:
    """Send every pending message that is due; returns how many were sent."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for message_id in due if deliver(message_id, now=now))


@task()
def deliver_message(message_id: int) -> bool:
    """The background task that delivers one outbox row after its transaction commits. A
    failure is recorded on the row (with its next try) rather than raised: the outbox, not
    the task queue, owns retries."""
    return deliver(message_id)
