"""Processing of an imported SP4N-LAPOR! report: it is a complaint already (LAPOR! took it
as one), so it becomes a complaint of channel lapor with its LAPOR! id, anonim and rahasia
carried over; it never threads onto another complaint."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from loket.locking import locked

from .. import complaints_port as port
from ..models import InboundMessage
from .processing import finish, title_from

M = InboundMessage


def handle(message: InboundMessage, now: datetime) -> None:
    details = message.details or {}
    anonymous = bool(details.get("anonymous"))
    with transaction.atomic():
        if locked(message).state != M.State.RECEIVED:
            return
        complaint = port.submit_complaint(
            office=message.office,
            channel="lapor",
            title=title_from(message.text, message.subject),
            description=message.text,
            channel_details={
                "lapor_id": message.provider_id,
                "lapor_reporter": "" if anonymous else message.sender_name,
                "lapor_status": details.get("lapor_status", ""),
                "category": details.get("category", ""),
                "location": details.get("location", ""),
                "inbound_message": message.pk,
            },
            complainant_name="" if anonymous else message.sender_name,
            complainant_phone="" if anonymous else details.get("reporter_phone", ""),
            complainant_email="" if anonymous else details.get("reporter_email", ""),
            anonymous=anonymous,
            confidential=bool(details.get("confidential")),
            attachments=[],  # a LAPOR! export carries no files
            received_at=message.provider_at or message.received_at,
            idempotency_key=f"intake:{message.pk}",
        )
        finish(
            message, now, state=M.State.PROCESSED, outcome=M.Outcome.CREATED, complaint=complaint
        )
