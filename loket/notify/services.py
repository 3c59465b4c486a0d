"""Queue outbound messages (the contract other apps call).

Callers call `queue_email` / `queue_text` inside their own `transaction.atomic()`: the
message row commits with the change that causes it, or not at all. After commit a task
delivers it (`delivery.deliver`); failures are retried with exponential backoff, and the
periodic command `deliver_outbox` sends whatever is due (for instance after the task worker
was down).
"""

from __future__ import annotations

import logging
from datetime import datetime
from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from loket import validators

from .delivery import PermanentFailure, deliver, deliver_due, deliver_message
from .models import OutboxMessage

logger = logging.getLogger("loket.notify")

__all__ = [
    "PermanentFailure",
    "count_finished_messages",
    "deliver",
    "deliver_due",
    "erase_finished_messages",
    "queue_email",
    "queue_text",
    "render_email",
]


def new_message_id() -> str:
    """A fresh RFC 5322 Message-ID (`<...@domain>`) in the domain of the sender address
    (`DEFAULT_FROM_EMAIL`), set on every e-mail Loket sends so that a reply's In-Reply-To or
    References, and a delivery report's copy of our headers, lead back to what we sent."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "loket.localhost"
    return make_msgid(idstring="loket", domain=domain)


def _enqueue_after_commit(message: OutboxMessage) -> None:
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
    now: datetime | None = None,
    erase_after_send: bool = False,
) -> OutboxMessage:
    """Record an e-mail to send once the surrounding transaction commits.

    `erase_after_send=True` for a body holding a secret link (a password reset, an
    invitation): the subject and body are blanked once the message is sent or has failed
    for good, so the link does not outlive its delivery in the outbox table."""
    now = now or timezone.now()
    message = OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.EMAIL,
        recipient=to,
        subject=" ".join(subject.split())[:255],
        body=body,
        html=html or "",
        topic=topic,
        related=related,
        erase_after_send=erase_after_send,
        message_id=new_message_id(),
        created_at=now,
        next_attempt_at=now,
    )
    _enqueue_after_commit(message)
    return message


def queue_text(
    *,
    channel: str,
    to: str,
    body: str,
    topic: str = "",
    related: str = "",
    now: datetime | None = None,
) -> OutboxMessage:
    """Record a WhatsApp or SMS message to send once the surrounding transaction commits.
    `to` is handed to the sender in E.164 however it was written ("+62 0812-3456-7890" ->
    "+6281234567890", `validators.e164`; issue #11); a number that does not parse is
    handed on as written, for the sender to refuse."""
    if channel not in (OutboxMessage.Channel.WHATSAPP, OutboxMessage.Channel.SMS):
        raise ValueError(f"not a text channel: {channel}")
    now = now or timezone.now()
    message = OutboxMessage.objects.create(
        channel=channel,
        recipient=validators.e164_or_none(to) or to,
        body=body,
        topic=topic,
        related=related,
        created_at=now,
        next_attempt_at=now,
    )
    _enqueue_after_commit(message)
    return message


def render_email(
    template_prefix: str, context: dict[str, Any], language: str = "id"
) -> tuple[str, str, str | None]:
    """Subject, plain text and HTML from `<prefix>_subject.txt`, `<prefix>.txt`, `<prefix>.html`
    rendered in `language` (the recipient's, not the request's)."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
        try:
            html: str | None = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:
            html = None
    return subject, body, html


def _finished_before(created_before: datetime):
    return (
        OutboxMessage.objects.filter(created_at__lt=created_before)
        .exclude(status=OutboxMessage.Status.PENDING)
        .exclude(recipient="")
    )


def count_finished_messages(*, created_before: datetime) -> int:
    """How many messages `erase_finished_messages` would erase."""
    return _finished_before(created_before).count()


def erase_finished_messages(*, created_before: datetime, limit: int) -> int:
    """Erase the recipient and the texts of up to `limit` messages created before
    `created_before` that are no longer waiting to leave (UU 27/2022: an address and a message
    body are personal data; the row stays, so counts per channel, topic and status hold).
    Returns how many rows were erased; a second call with the same cutoff erases none."""
    ids = list(
        _finished_before(created_before)
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    with transaction.atomic():
        return OutboxMessage.objects.filter(id__in=ids).update(
            recipient="", subject="", body="", html="", last_error=""
        )
