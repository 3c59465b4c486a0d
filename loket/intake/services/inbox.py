"""The Pejabat Pengelola Pengaduan's inbox: messages the worker could not place by itself.
Four verbs, each an event with the actor: make a complaint of it (pre-filled), add it to an
existing complaint, not a complaint (with a reason), spam."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.codes import normalize_code
from loket.errors import DomainError
from loket.events import record_event
from loket.locking import locked

from .. import complaints_port as port
from ..models import InboundMessage, IntakeEvent
from . import files

M = InboundMessage


class IntakeError(DomainError):
    default_code = "intake_refused"


def _take(message: InboundMessage) -> InboundMessage:
    fresh = locked(message)
    if fresh.outcome != M.Outcome.INBOX:
        raise IntakeError(_("Pesan ini sudah ditangani."), code="already_handled")
    return fresh


def _close(message, *, actor, outcome, action, now, complaint=None, reason="", data=None):
    # A complaint kept anonymous keeps its messages' sender out of the inbox too.
    withhold = message.withhold_sender or bool(getattr(complaint, "anonymous", False))
    M.objects.filter(pk=message.pk).update(
        withhold_sender=withhold,
        outcome=outcome,
        complaint=complaint,
        reason=reason[:2000],
        handled_by=actor,
        handled_at=now,
    )
    message.outcome, message.complaint = outcome, complaint
    record_event(
        IntakeEvent,
        message=message,
        action=action,
        actor=actor,
        now=now,
        note=reason,
        data=data or {},
    )


def _refusal(exc: Exception) -> IntakeError:
    return IntakeError(str(exc), code=getattr(exc, "code", "complaint_refused"))


def prefill(message: InboundMessage) -> dict:
    """The complaint form's initial values, from what the message carries."""
    from .processing import title_from

    email = message.sender if "@" in message.sender else ""
    phone = message.sender if message.channel == "whatsapp" else ""
    return {
        "title": title_from(message.text, message.subject),
        "description": message.text,
        "complainant_name": "" if message.withhold_sender else message.sender_name,
        "complainant_phone": "" if message.withhold_sender else phone,
        "complainant_email": "" if message.withhold_sender or message.channel == "fax" else email,
        "anonymous": message.withhold_sender,
    }


@transaction.atomic
def make_complaint(
    message: InboundMessage,
    *,
    actor,
    title: str,
    description: str,
    complainant_name: str = "",
    complainant_phone: str = "",
    complainant_email: str = "",
    anonymous: bool = False,
    confidential: bool = False,
    now: datetime | None = None,
):
    """A complaint made of the message through complaints.services.submit, with the
    message's stored attachments; the message points to it."""
    now = now or timezone.now()
    message = _take(message)
    details: dict[str, object] = {"inbound_message": message.pk}
    key = {"whatsapp": "whatsapp_number", "email": "sender_email", "fax": "fax_sender"}.get(
        message.channel
    )
    if key and message.sender:
        details[key] = message.sender
    try:
        complaint = port.submit_complaint(
            office=message.office,
            channel=message.channel,
            title=title,
            description=description,
            channel_details=details,
            complainant_name=complainant_name,
            complainant_phone=complainant_phone,
            complainant_email=complainant_email,
            anonymous=anonymous,
            confidential=confidential,
            attachments=files.to_attach(message.attachments.all()),
            received_at=message.provider_at or message.received_at,
            idempotency_key=f"intake:{message.pk}",
            actor=actor,
        )
    except port.REFUSALS as exc:
        raise _refusal(exc) from exc
    _close(
        message,
        actor=actor,
        outcome=M.Outcome.CREATED,
        action=IntakeEvent.Action.CREATED,
        now=now,
        complaint=complaint,
    )
    return complaint


@transaction.atomic
def join_complaint(message: InboundMessage, *, actor, code: str, now: datetime | None = None):
    """Add the message to the office's complaint with this tracking code."""
    now = now or timezone.now()
    message = _take(message)
    canonical = normalize_code(code)
    complaint = port.find_by_tracking_code(message.office, canonical) if canonical else None
    if complaint is None:
        raise IntakeError(
            _("Tidak ada pengaduan dengan kode itu di instansi ini."),
            code="not_found",
            field="code",
        )
    try:
        how = port.append_reply(
            complaint,
            channel=message.channel,
            text=message.text or message.subject,
            attachments=files.to_attach(message.attachments.all()),
            received_at=message.provider_at or message.received_at,
            actor=actor,
        )
    except port.REFUSALS as exc:
        raise _refusal(exc) from exc
    _close(
        message,
        actor=actor,
        outcome=M.Outcome.JOINED,
        action=IntakeEvent.Action.JOINED,
        now=now,
        complaint=complaint,
        data={"how": how},
    )
    return complaint


@transaction.atomic
def dismiss(message: InboundMessage, *, actor, reason: str, now: datetime | None = None) -> None:
    """Not a complaint (a question, thanks, wrong number): the reason is kept."""
    if not reason.strip():
        raise IntakeError(_("Tuliskan alasannya."), code="reason_required", field="reason")
    now = now or timezone.now()
    message = _take(message)
    _close(
        message,
        actor=actor,
        outcome=M.Outcome.NOT_COMPLAINT,
        action=IntakeEvent.Action.NOT_COMPLAINT,
        now=now,
        reason=reason.strip(),
    )


@transaction.atomic
def mark_spam(message: InboundMessage, *, actor, now: datetime | None = None) -> None:
    now = now or timezone.now()
    message = _take(message)
    _close(message, actor=actor, outcome=M.Outcome.SPAM, action=IntakeEvent.Action.SPAM, now=now)
