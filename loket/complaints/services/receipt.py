"""Receipt of a complaint from any channel, with its files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.offices.models import Channel, Office

from ..models import (
    Attachment,
    Complaint,
    Event,
    new_tracking_code,
)
from ..notifications import notify_complainant
from .rules import ComplaintError, _event


@dataclass
class Upload:
    """A checked file to attach: its name, content type and content."""

    name: str
    content_type: str
    file: File
    size: int


def _attach(complaint: Complaint, uploads: Iterable[Upload], source: str, response=None) -> None:
    for upload in uploads:
        attachment = Attachment(
            complaint=complaint,
            response=response,
            name=upload.name[:200],
            content_type=upload.content_type,
            size=upload.size,
            source=source,
        )
        attachment.file.save(upload.name, upload.file, save=False)
        attachment.save()


@transaction.atomic
def submit(
    *,
    office: Office,
    channel: str,
    title: str,
    description: str,
    actor=None,
    channel_details: dict | None = None,
    incident_date=None,
    incident_place: str = "",
    service=None,
    complainant_name: str = "",
    complainant_phone: str = "",
    complainant_email: str = "",
    complainant_nik: str = "",
    anonymous: bool = False,
    confidential: bool = False,
    attachments: Sequence[Upload] = (),
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
) -> Complaint:
    """Receive a complaint from any channel: the complaint, its attachments, its first
    event and the acknowledgement are saved together or not at all."""
    if channel not in Channel.Kind.values:
        raise ComplaintError(_("Kanal tidak dikenal."))
    if not title.strip() or not description.strip():
        raise ComplaintError(_("Judul dan uraian pengaduan wajib diisi."))
    if service is not None and service.office_id != office.pk:
        raise ComplaintError(_("Layanan ini milik instansi lain."))
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ComplaintError(_("Waktu diterima tidak boleh di masa depan."))
    complaint = Complaint(
        office=office,
        channel=channel,
        channel_details=channel_details or {},
        title=title.strip(),
        description=description.strip(),
        incident_date=incident_date,
        incident_place=incident_place.strip(),
        service=service,
        complainant_name=complainant_name.strip(),
        complainant_phone=complainant_phone.strip(),
        complainant_email=complainant_email.strip(),
        complainant_nik=complainant_nik.strip(),
        anonymous=anonymous,
        confidential=confidential,
        received_at=received_at,
        clock_started_at=received_at,
        idempotency_key=idempotency_key,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    for _attempt in range(5):  # a code collision (~2**-58) is retried, not fatal
        try:
            with transaction.atomic():
                complaint.save()
            break
        except IntegrityError:
            if idempotency_key and Complaint.objects.filter(idempotency_key=idempotency_key):
                raise  # the same request at the same moment: the caller returns that one
            complaint.tracking_code = new_tracking_code()
    _attach(complaint, attachments, Attachment.Source.COMPLAINANT if actor is None else "staff")
    # The receipt happened when the office received the complaint (a call at 08:00 entered
    # in the evening): the event carries that time, so the public timeline and the clock
    # agree. When and by whom it was entered stays in the internal record (`recorded_at`).
    _event(
        complaint,
        Event.Kind.RECEIVED,
        actor=actor,
        at=received_at,
        to_status=complaint.status,
        public=True,
        data={
            "channel": channel,
            "received_at": received_at.isoformat(),
            "recorded_at": now.isoformat(),
        },
    )
    notify_complainant(complaint, "acknowledgement")
    return complaint
