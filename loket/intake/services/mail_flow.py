"""Processing of e-mail (and fax delivered as e-mail): delivery reports mark the address
undeliverable, auto-replies are kept and ignored (never answered), messages from people
become complaints, join one, or wait in the inbox, with their attachments checked."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from loket.notify import selectors as notify_selectors

from .. import complaints_port as port
from ..mail import parse
from ..models import InboundAttachment, InboundMessage, UndeliverableAddress
from . import files
from .processing import conclude, finish, title_from

M = InboundMessage


def handle(message: InboundMessage, now: datetime) -> None:
    parsed = parse.parse(bytes(message.raw))
    hint = {
        k: v
        for k, v in (
            ("in_reply_to", parsed.in_reply_to),
            ("references", parsed.references),
            ("tracking_code", parsed.tracking_code),
        )
        if v
    }
    message.kind = {"bounce": M.Kind.BOUNCE, "auto_reply": M.Kind.AUTO_REPLY}.get(
        parsed.kind, M.Kind.MESSAGE
    )
    message.text, message.thread_hint = parsed.text, hint
    message.provider_at = parsed.date
    message.details = {**(message.details or {}), "reason": parsed.reason}
    M.objects.filter(pk=message.pk).update(
        kind=message.kind,
        text=message.text,
        thread_hint=hint,
        provider_at=parsed.date,
        details=message.details,
    )
    if parsed.kind == "bounce":
        _bounce(message, parsed.bounce, now)
        return
    if parsed.kind == "auto_reply":
        finish(
            message, now, state=M.State.IGNORED, outcome=M.Outcome.RECORDED, reason=parsed.reason
        )
        return
    _store_attachments(message, parsed.attachments)
    fax = message.channel == "fax"
    details = {"inbound_message": message.pk, "subject": parsed.subject[:200]}
    details["fax_sender" if fax else "sender_email"] = parsed.sender
    conclude(
        message,
        now,
        auto=not fax,  # a fax is a scan: the Pejabat reads it first
        new_complaint={
            "title": title_from(message.text, parsed.subject),
            "description": message.text,
            "complainant_name": parsed.sender_name,
            "complainant_email": "" if fax else parsed.sender,
            "channel_details": details,
        },
    )


def _store_attachments(message: InboundMessage, found: list[parse.MailAttachment]) -> None:
    """Idempotent: a retry after a crash does not store the files twice."""
    if message.attachments.exists():
        return
    for item in found:
        row = InboundAttachment(
            message=message,
            filename=item.filename[:255],
            declared_type=item.declared_type[:150],
        )
        files.store(row, item.content)


def _bounce(message: InboundMessage, bounce: parse.Bounce | None, now: datetime) -> None:
    recipients = bounce.recipients if bounce else []
    reason = " ".join(x for x in ((bounce.status, bounce.diagnostic) if bounce else ()) if x)
    with transaction.atomic():
        complaints = []
        # The report quotes our Message-ID: the complaint that mail was about comes first.
        original = bounce.original_message_id if bounce else ""
        for recipient in recipients:
            about = port.complaint_of_related(
                message.office, notify_selectors.related_of_sent_mail([original], to=recipient)
            )
            UndeliverableAddress.objects.update_or_create(
                office=message.office,
                channel="email",
                address=recipient,
                defaults={"reason": reason[:2000], "at": now, "message": message},
            )
            complaint = about or port.open_complaint_of_sender(message.office, email=recipient)
            if complaint is not None and complaint not in complaints:
                port.mark_undeliverable(
                    complaint, channel="email", address=recipient, reason=reason or "bounce"
                )
                complaints.append(complaint)
        finish(
            message,
            now,
            state=M.State.PROCESSED,
            outcome=M.Outcome.RECORDED,
            complaint=complaints[0] if complaints else None,
            reason=reason,
            data={
                "recipients": recipients,
                "original": bounce.original_message_id if bounce else "",
            },
        )
