"""Ingress: store what a provider delivers, exactly as received, in one transaction, and
only then acknowledge. Nothing is parsed beyond what the row needs, nothing is sent out.

A duplicate delivery (the same dedupe key on the same account) is a no-op: providers
deliver at least once, so a repeat is normal, not an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import ChannelAccount, InboundMessage, IntakeChannel, IntakeEvent, Provider
from ..whatsapp import webhook

logger = logging.getLogger("loket.intake")


@dataclass
class Stored:
    new: list[int] = field(default_factory=list)
    duplicates: int = 0


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _insert(message: InboundMessage) -> bool:
    """Insert one row; False when its dedupe key is already stored (savepoint rolls back
    only this row, never the delivery's other items)."""
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _after_commit(ids: list[int]) -> None:
    if not ids or not settings.LOKET_INTAKE_QUEUE_TASKS:
        return

    def enqueue() -> None:
        from .processing import process_inbound

        for message_id in ids:
            try:
                process_inbound.enqueue(message_id=message_id)
            except Exception:  # the row is safe; the periodic job picks it up
                logger.exception("could not enqueue inbound message %s", message_id)

    transaction.on_commit(enqueue)


def whatsapp_accounts() -> dict[str, ChannelAccount]:
    return {
        a.external_id: a
        for a in ChannelAccount.objects.filter(
            provider=Provider.WHATSAPP_CLOUD, is_active=True
        ).exclude(external_id="")
    }


@transaction.atomic
def receive_whatsapp(raw: bytes, *, now: datetime | None = None) -> Stored:
    """Store every message and status of one signed webhook delivery. Raises ValueError
    for a body that is not a JSON object (the view answers 400: the provider's retry
    would not make it better)."""
    now = now or timezone.now()
    payload = json.loads(raw)
    if not isinstance(payload, dict):
        raise ValueError("webhook body is not a JSON object")
    items = webhook.split(payload)
    accounts = whatsapp_accounts() if items else {}
    digest = sha256(raw)
    result = Stored()
    events = []
    for item in items:
        account = accounts.get(item.phone_number_id)
        kind = item.kind if account is not None else InboundMessage.Kind.UNKNOWN
        message = InboundMessage(
            channel=IntakeChannel.WHATSAPP,
            account=account,
            office_id=account.office_id if account else None,
            provider_id=item.provider_id,
            dedupe_key=item.dedupe_key if account else f"{item.phone_number_id}:{item.dedupe_key}",
            kind=kind,
            sender=item.sender,
            sender_name=item.sender_name[:200],
            provider_at=item.provider_at,
            received_at=now,
            text=item.text,
            thread_hint={
                k: v
                for k, v in (("quoted_id", item.quoted_id), ("tracking_code", item.tracking_code))
                if v
            },
            details={
                "type": item.message_type,
                "media": item.media,
                "status": item.status,
                "errors": item.errors,
                "phone_number_id": item.phone_number_id,
            },
            raw=raw,
            raw_sha256=digest,
            raw_type="application/json",
        )
        if _insert(message):
            result.new.append(message.pk)
            events.append(IntakeEvent(message=message, at=now, action=IntakeEvent.Action.RECEIVED))
        else:
            result.duplicates += 1
    IntakeEvent.objects.bulk_create(events)
    _after_commit(result.new)
    return result


@transaction.atomic
def store_message(
    *,
    account: ChannelAccount | None,
    channel: str,
    office=None,
    dedupe_key: str,
    raw: bytes,
    raw_type: str,
    now: datetime | None = None,
    **fields,
) -> InboundMessage | None:
    """Store one message received by a poller or an import; None when already stored."""
    now = now or timezone.now()
    message = InboundMessage(
        channel=channel,
        account=account,
        office=office if office is not None else (account.office if account else None),
        dedupe_key=dedupe_key[:255],
        raw=raw,
        raw_sha256=sha256(raw),
        raw_type=raw_type,
        received_at=now,
        **fields,
    )
    if not _insert(message):
        return None
    IntakeEvent.objects.create(message=message, at=now, action=IntakeEvent.Action.RECEIVED)
    _after_commit([message.pk])
    return message
