"""What the complainant sends later on any channel (intake: WhatsApp, e-mail, LAPOR!), and
the addresses that proved unreachable (issue 17)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from loket.events import Visibility

from ..models import Attachment, Complaint, Event, Status
from ..notifications import notify_in_app
from .alerts import handlers_of
from .receipt import Upload, attach
from .rules import iso, lock, record, set_status
from .verification import resume


@transaction.atomic
def append_inbound(
    complaint: Complaint,
    *,
    channel: str,
    text: str,
    attachments: Sequence[Upload] = (),
    received_at: datetime | None = None,
    actor: Any = None,
    now: datetime | None = None,
) -> Event:
    """The complainant's later message on `channel` ("whatsapp", "email", ...), in any
    status: a public "replied" event with the text (an empty text is fine when files came),
    the files kept as the complainant's evidence, the team's queue marking "new reply"
    (`replied_at`). A complaint waiting for completion takes it as the completion: its clock
    resumes (the deadline moves by the office time of the pause) and it returns to the status
    before the request. Nothing else changes: a reply never reopens (issue 11 §5). The event
    carries the provider's receipt time (`received_at`, never later than now)."""
    now = now or timezone.now()
    at = min(received_at or now, now)
    lock(complaint)
    attach(complaint, attachments, Attachment.Source.COMPLAINANT)
    before = complaint.status
    data: dict[str, Any] = {"channel": channel, "files": [u.name[:200] for u in attachments]}
    if before == Status.WAITING:
        target, old_due, due = resume(complaint, now=at)
        set_status(complaint, target)
        data.update(old_due_at=iso(old_due), new_due_at=iso(due))
    complaint.replied_at = at
    complaint.save()
    notify_in_app(complaint, handlers_of(complaint), "reply", now=now)
    return record(
        complaint,
        Event.Action.REPLIED,
        now=at,
        actor=actor,
        from_status=before,
        to_status=complaint.status,
        visibility=Visibility.PUBLIC,
        note=text.strip(),
        data=data,
    )


@transaction.atomic
def mark_contact_undeliverable(
    complaint: Complaint,
    *,
    channel: str,
    address: str,
    reason: str,
    now: datetime | None = None,
) -> Event:
    """Record that the complainant's `address` on `channel` cannot be reached (a bounce, a
    failed WhatsApp status; `reason` as the provider gave it): a flag on the complaint
    (`undeliverable_contacts`, one entry per channel and address, the latest reason kept)
    shown on the staff page so the officer uses another way, and an internal event."""
    now = now or timezone.now()
    lock(complaint)
    entry = {"channel": channel, "address": address, "reason": reason[:500], "at": iso(now)}
    kept = [
        e
        for e in complaint.undeliverable_contacts
        if (e.get("channel"), e.get("address")) != (channel, address)
    ]
    complaint.undeliverable_contacts = [*kept, entry]
    complaint.save(update_fields=["undeliverable_contacts", "updated_at"])
    return record(
        complaint,
        Event.Action.CONTACT_UNDELIVERABLE,
        now=now,
        note=reason[:500],
        data={"channel": channel},
    )
