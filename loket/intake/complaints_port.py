"""The one place intake talks to the complaints app (its public `services` and `selectors`).

Intake never reads the complaints tables. What complaints does not offer yet is done here
with its public functions as closely as they allow; each such stop-gap is marked
NEEDS-COMPLAINTS with the function intake needs, so the final call is wired in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import File
from django.utils import timezone

from loket import validators
from loket.complaints import selectors as complaint_selectors
from loket.complaints import services as complaint_services
from loket.errors import DomainError

Upload = complaint_services.Upload

# Every refusal of the complaints services is a DomainError (ComplaintError and its kinds).
REFUSALS: tuple[type[Exception], ...] = (DomainError,)


@dataclass
class FileToAttach:
    name: str
    content_type: str
    file: File
    size: int

    def as_upload(self):
        return Upload(
            name=self.name, content_type=self.content_type, file=self.file, size=self.size
        )


def submit_complaint(
    *,
    office,
    channel: str,
    title: str,
    description: str,
    channel_details: dict,
    complainant_name: str = "",
    complainant_phone: str = "",
    complainant_email: str = "",
    anonymous: bool = False,
    confidential: bool = False,
    attachments: Sequence[FileToAttach] = (),
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
    actor=None,
    now: datetime | None = None,
):
    """A new complaint through `complaints.services.submit` (channel and details set). The
    receipt time is the provider's, never later than now (submit refuses the future)."""
    now = now or timezone.now()
    if received_at is None or received_at > now:
        received_at = now
    return complaint_services.submit(
        office=office,
        channel=channel,
        title=title[:200],
        description=description,
        actor=actor,
        channel_details=channel_details,
        complainant_name=complainant_name[:200],
        complainant_phone=complainant_phone[:40],
        complainant_email=complainant_email,
        anonymous=anonymous,
        confidential=confidential,
        attachments=[a.as_upload() for a in attachments],
        received_at=received_at,
        idempotency_key=idempotency_key,
        now=now,
    )


def find_by_tracking_code(office, code: str):
    """The office's complaint with this tracking code, or None (another office's complaint
    is never found: a code quoted to the wrong office starts a new conversation)."""
    found = complaint_selectors.complaint_by_code(code)
    return found if found is not None and found.office_id == office.pk else None


def complaint_by_id(office, complaint_id: int):
    """The office's complaint with this id (never another office's), or None.

    NEEDS-COMPLAINTS: `selectors.get_for_office(office, pk) -> Complaint | None`."""
    return complaint_selectors.office_complaints(office).filter(pk=complaint_id).first()


def complaint_of_related(office, related: str):
    """The office's complaint an outgoing message was about (`related` as the complaints app
    writes it on the outbox: "complaint:<id>"), or None."""
    kind, _sep, value = related.partition(":")
    if kind != "complaint" or not value.isdigit():
        return None
    return complaint_by_id(office, int(value))


def open_complaint_of_sender(office, *, phone: str = "", email: str = ""):
    """The sender's complaint still open at the office (`selectors.open_complaints_of`);
    None if none or if the sender has several open: then the Pejabat decides."""
    if not (phone or email):
        return None
    found = complaint_selectors.open_complaints_of(office, phone=phone or None, email=email or None)
    return found[0] if len(found) == 1 else None


def complaints_of_sender(office, *, phone: str = "", email: str = "", limit: int = 10) -> list:
    """The sender's complaints at the office, newest first, for the inbox's suggestions."""
    rows = complaint_selectors.office_complaints(office)
    if phone:
        rows = rows.filter(complainant_phone__in=validators.phone_variants(phone))
    elif email:
        rows = rows.filter(complainant_email__iexact=email)
    else:
        return []
    return list(rows.order_by("-received_at")[:limit])


def append_reply(
    complaint,
    *,
    channel: str,
    text: str,
    attachments: Sequence[FileToAttach] = (),
    received_at: datetime | None = None,
    actor=None,
) -> str:
    """Put the complainant's later message on the complaint's timeline
    (`services.append_inbound`: a public reply in any status, the files kept as evidence,
    "new reply" in the team's queue, the clock resumed when it waited for completion);
    returns how: "completed" when it was waiting for completion, else "replied"."""
    waiting = complaint.status == "waiting"
    complaint_services.append_inbound(
        complaint,
        channel=channel,
        text=text,
        attachments=[a.as_upload() for a in attachments],
        received_at=received_at,
        actor=actor,
    )
    return "completed" if waiting else "replied"


def mark_undeliverable(complaint, *, channel: str, address: str, reason: str) -> None:
    """Show on the complaint that its complainant's address cannot be reached
    (`services.mark_contact_undeliverable`: a flag on the staff page, an internal event)."""
    complaint_services.mark_contact_undeliverable(
        complaint, channel=channel, address=address, reason=reason
    )


def add_internal_note(complaint, *, actor=None, text: str) -> None:
    """An internal note on the complaint's timeline (staff only)."""
    complaint_services.add_note(complaint, actor=actor, text=text)


def public_timeline(complaint) -> list[tuple]:
    """(time, what, text) of the complaint's public timeline, as the tracking page shows
    it (a rahasia complaint's texts left out by the complaints app itself)."""
    return [(e.at, e.get_action_display(), e.note) for e in complaint.public_events()]


def status_label(complaint) -> str:
    return str(complaint.get_status_display())


def staff_url(complaint) -> str:
    return complaint.get_staff_url()
