"""Processing of WhatsApp items: status callbacks update our outbound messages; messages
get their media downloaded at once (the media URL lives minutes) and become a complaint,
join one, or wait in the inbox."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .. import complaints_port as port
from ..models import InboundAttachment, InboundMessage, OutboundWhatsApp, UndeliverableAddress
from ..whatsapp.client import CloudApi, CloudApiError, MediaExpired, MediaTooLarge
from . import files
from .processing import Retry, conclude, finish

M = InboundMessage
ORDER = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3, "failed": 4}


def handle(message: InboundMessage, now: datetime) -> None:
    if message.kind == M.Kind.STATUS:
        _status(message, now)
        return
    _download_media(message)
    conclude(
        message,
        now,
        new_complaint={
            "title": _title(message),
            "description": message.text.strip() or _media_summary(message),
            "complainant_name": message.sender_name,
            "complainant_phone": message.sender,
            "channel_details": {
                "whatsapp_number": message.sender,
                "whatsapp_name": message.sender_name,
                "inbound_message": message.pk,
            },
        },
    )


def _title(message: InboundMessage) -> str:
    from .processing import title_from

    return title_from(message.text) if message.text.strip() else _media_summary(message)


def _media_summary(message: InboundMessage) -> str:
    kinds = [m.get("type", "") for m in (message.details or {}).get("media", [])]
    return "Pesan WhatsApp: " + ", ".join(kinds) if kinds else "Pesan WhatsApp"


def _download_media(message: InboundMessage) -> None:
    """Fetch every media item of the message not yet stored; idempotent."""
    media = (message.details or {}).get("media") or []
    if not media:
        return
    existing = {a.provider_ref: a for a in message.attachments.all()}
    pending = [
        m
        for m in media
        if m.get("id")
        and (
            m["id"] not in existing or existing[m["id"]].status == InboundAttachment.Status.PENDING
        )
    ]
    if not pending:
        return
    with CloudApi.for_account(message.account) as api:
        for item in pending:
            row = existing.get(item["id"]) or InboundAttachment.objects.create(
                message=message,
                provider_ref=item["id"],
                filename=item.get("filename", "") or item.get("type", "media"),
                declared_type=item.get("mime_type", ""),
                declared_sha256=item.get("sha256", ""),
            )
            try:
                fetched = api.fetch_media(
                    item["id"], declared_sha256=item.get("sha256", ""), max_bytes=files.max_bytes()
                )
            except MediaTooLarge as exc:
                _refuse(row, InboundAttachment.Status.REJECTED_SIZE, exc)
                continue
            except MediaExpired as exc:
                _refuse(row, InboundAttachment.Status.EXPIRED, exc)
                continue
            except CloudApiError as exc:
                if exc.retryable or exc.status >= 500 or exc.status == 0:
                    raise Retry(str(exc)) from exc
                _refuse(row, InboundAttachment.Status.FAILED, exc)
                continue
            except OSError as exc:  # network: the provider keeps the media id for days
                raise Retry(str(exc)) from exc
            row.declared_sha256 = fetched.declared_sha256
            if not row.declared_type:
                row.declared_type = fetched.mime_type
            files.store(row, fetched.content)


def _refuse(row: InboundAttachment, status: str, exc: Exception) -> None:
    row.status = status
    row.error = str(exc)[:500]
    row.save(update_fields=["status", "error"])


def _status(message: InboundMessage, now: datetime) -> None:
    """A sent / delivered / read / failed callback for one of our messages. Callbacks may
    arrive out of order: a status never moves back (failed always wins)."""
    details = message.details or {}
    status = details.get("status", "")
    errors = details.get("errors") or []
    error_text = "; ".join(_describe(e) for e in errors)
    with transaction.atomic():
        outbound = (
            OutboundWhatsApp.objects.select_for_update()
            .filter(provider_id=message.provider_id)
            .first()
        )
        if outbound is not None and ORDER.get(status, -1) > ORDER.get(outbound.status, -1):
            outbound.status = status
            outbound.error = error_text[:2000]
            outbound.updated_at = now
            outbound.save(update_fields=["status", "error", "updated_at"])
        complaint = None
        codes = {int(e.get("code") or 0) for e in errors}
        if status == "failed" and not codes & NOT_ABOUT_THE_NUMBER:
            complaint = _mark_undeliverable(message, error_text or "failed", now)
        finish(
            message,
            now,
            state=M.State.PROCESSED,
            outcome=M.Outcome.RECORDED,
            complaint=complaint,
            reason=error_text,
            action="status",
            data={"status": status, "matched": outbound is not None},
        )


def _describe(error: dict) -> str:
    details = (error.get("error_data") or {}).get("details", "")
    return f"{error.get('code', '')} {error.get('title', '')} {details}".strip()


# Failures that say nothing about the number: the window closed, throttling.
NOT_ABOUT_THE_NUMBER = {131047, 130429, 131056, 4, 80007}


def _mark_undeliverable(message: InboundMessage, reason: str, now: datetime):
    UndeliverableAddress.objects.update_or_create(
        office=message.office,
        channel="whatsapp",
        address=message.sender,
        defaults={"reason": reason[:2000], "at": now or timezone.now(), "message": message},
    )
    complaint = port.open_complaint_of_sender(message.office, phone=message.sender)
    if complaint is not None:
        port.mark_undeliverable(
            complaint, channel="whatsapp", address=message.sender, reason=reason
        )
    return complaint
