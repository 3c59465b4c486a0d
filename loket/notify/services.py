"""Queue and deliver outbound messages.

Callers call `queue_email` / `queue_text` inside their own `transaction.atomic()`: the
message row commits with the change that causes it, or not at all. After commit a task
delivers it; failures are retried with exponential backoff, and the periodic command
`deliver_outbox` sends whatever is due (for instance after the task worker was down).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMessage
from .senders import text_sender

logger = logging.getLogger("loket.notify")

# A claim holds a row for this long; a worker that dies mid-send releases it by expiry.
CLAIM_LEASE = timedelta(minutes=5)
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)


def max_attempts() -> int:
    return int(getattr(settings, "LOKET_OUTBOX_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failures: 1, 2, 4, 8... minutes, capped."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _enqueue_after_commit(message: OutboxMessage) -> None:
    from .tasks import deliver_message

    def enqueue() -> None:
        try:
            deliver_message.enqueue(message_id=message.pk)
        except Exception:  # the row is safe; `deliver_outbox` picks it up
            logger.exception("could not enqueue delivery of outbox message %s", message.pk)

    transaction.on_commit(enqueue)


def queue_email(
    *,
    to: str,
    subject: str,
    body: str,
    html: str | None = None,
    topic: str = "",
    related: str = "",
) -> OutboxMessage:
    """Record an e-mail to send once the surrounding transaction commits."""
    message = OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.EMAIL,
        recipient=to,
        subject=" ".join(subject.split())[:255],
        body=body,
        html=html or "",
        topic=topic,
        related=related,
    )
    _enqueue_after_commit(message)
    return message


def queue_text(
    *, channel: str, to: str, body: str, topic: str = "", related: str = ""
) -> OutboxMessage:
    """Record a WhatsApp or SMS message to send once the surrounding transaction commits."""
    if channel not in (OutboxMessage.Channel.WHATSAPP, OutboxMessage.Channel.SMS):
        raise ValueError(f"not a text channel: {channel}")
    message = OutboxMessage.objects.create(
        channel=channel, recipient=to, body=body, topic=topic, related=related
    )
    _enqueue_after_commit(message)
    return message


def render_email(
    template_prefix: str, context: dict, language: str = "id"
) -> tuple[str, str, str | None]:
    """Subject, plain text and HTML from `<prefix>_subject.txt`, `<prefix>.txt`, `<prefix>.html`
    rendered in `language` (the recipient's, not the request's)."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
        try:
            html = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:
            html = None
    return subject, body, html


def _claim(message_id: int, now: datetime) -> bool:
    """Take the row for one delivery attempt; False when another worker has it or it is
    not due. The conditional update is the lock."""
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    return claimed == 1


def _send(message: OutboxMessage) -> None:
    if message.channel == OutboxMessage.Channel.EMAIL:
        email = EmailMultiAlternatives(
            subject=message.subject, body=message.body, to=[message.recipient]
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        email.send(fail_silently=False)
    else:
        text_sender().send(channel=message.channel, to=message.recipient, body=message.body)


def deliver(message_id: int, now: datetime | None = None) -> bool:
    """Try to send one message now. True when it was sent by this call."""
    now = now or timezone.now()
    if not _claim(message_id, now):
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(message)
    except Exception as exc:  # any failure: keep the row, try again later
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= max_attempts():
            OutboxMessage.objects.filter(pk=message_id).update(
                status=OutboxMessage.Status.FAILED, last_error=error
            )
            logger.error("outbox message %s failed for good: %s", message_id, error)
        else:
            OutboxMessage.objects.filter(pk=message_id).update(
                next_attempt_at=now + backoff(message.attempts), last_error=error
            )
            logger.warning("outbox message %s failed, will retry: %s", message_id, error)
        return False
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def deliver_due(now: datetime | None = None, limit: int = 500) -> int:
    """Send every pending message that is due; returns how many were sent."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for message_id in due if deliver(message_id, now=now))
