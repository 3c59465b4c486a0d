"""The Pejabat Pengelola Pengaduan: verification, classification, completion requests,
bukan wewenang, forwarding and duplicates."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.offices.models import Office

from ..models import (
    Attachment,
    Complaint,
    Event,
    Pause,
)
from ..notifications import notify_complainant
from .clock import _apply_due, _find_class, _iso
from .receipt import Upload, _attach
from .rules import (
    ComplaintError,
    S,
    _check,
    _end,
    _event,
    _lock,
    _move,
)


@transaction.atomic
def classify(complaint: Complaint, *, actor, class_code: str) -> Complaint:
    """Verify and classify: the class sets the deadline from receipt."""
    _lock(complaint)
    target = _check(complaint, "classify")
    cls = _find_class(complaint.office, class_code)
    complaint.class_code, complaint.class_name = cls.code, cls.name
    complaint.class_amount, complaint.class_unit = cls.amount, cls.unit
    _old, due = _apply_due(complaint)
    _move(
        complaint,
        target,
        Event.Kind.CLASSIFIED,
        actor=actor,
        at=timezone.now(),
        data={"class": cls.code, "class_name": cls.name, "due_at": _iso(due)},
    )
    return complaint


@transaction.atomic
def reclassify(complaint: Complaint, *, actor, class_code: str, reason: str = "") -> Complaint:
    """Change the class: the deadline is recomputed from receipt; old and new are kept."""
    _lock(complaint)
    _check(complaint, "reclassify")
    cls = _find_class(complaint.office, class_code)
    if cls.code == complaint.class_code:
        raise ComplaintError(_("Klasifikasi baru sama dengan yang lama."))
    old_code, old_name = complaint.class_code, complaint.class_name
    complaint.class_code, complaint.class_name = cls.code, cls.name
    complaint.class_amount, complaint.class_unit = cls.amount, cls.unit
    old_due, due = _apply_due(complaint)
    complaint.save()
    _event(
        complaint,
        Event.Kind.RECLASSIFIED,
        actor=actor,
        at=timezone.now(),
        from_status=complaint.status,
        to_status=complaint.status,
        public=True,
        message=reason.strip(),
        data={
            "old_class": old_code,
            "old_class_name": old_name,
            "new_class": cls.code,
            "new_class_name": cls.name,
            "old_due_at": _iso(old_due),
            "new_due_at": _iso(due),
        },
    )
    return complaint


@transaction.atomic
def request_completion(complaint: Complaint, *, actor, message: str) -> Complaint:
    """Ask the complainant to complete the complaint; the clock stops until they answer."""
    if not message.strip():
        raise ComplaintError(_("Tuliskan apa yang perlu dilengkapi."))
    _lock(complaint)
    target = _check(complaint, "request_completion")
    now = timezone.now()
    before = complaint.status
    Pause.objects.create(complaint=complaint, paused_at=now)
    complaint.paused_at = now
    _move(
        complaint,
        target,
        Event.Kind.COMPLETION_REQUESTED,
        actor=actor,
        at=now,
        message=message.strip(),
        data={"resume_status": before},
    )
    notify_complainant(complaint, "completion_requested", message=message.strip())
    return complaint


@transaction.atomic
def complete(complaint: Complaint, *, message: str, attachments: Sequence[Upload] = ()) -> None:
    """The complainant's completion: the clock runs again and the deadline moves by the
    office time of the pause."""
    if not message.strip():
        raise ComplaintError(_("Tuliskan kelengkapan pengaduan Anda."))
    _lock(complaint)
    _check(complaint, "complete")
    now = timezone.now()
    pause = complaint.pauses.filter(resumed_at__isnull=True).order_by("-paused_at").first()
    request = (
        complaint.events.filter(kind=Event.Kind.COMPLETION_REQUESTED).order_by("-at", "-id").first()
    )
    target = (request.data.get("resume_status") if request else None) or S.RECEIVED
    if pause is not None:
        pause.resumed_at = now
        pause.save(update_fields=["resumed_at"])
    complaint.paused_at = None
    old_due, due = _apply_due(complaint)
    _attach(complaint, attachments, Attachment.Source.COMPLAINANT)
    _move(
        complaint,
        target,
        Event.Kind.COMPLETED,
        at=now,
        message=message.strip(),
        data={"old_due_at": _iso(old_due), "new_due_at": _iso(due)},
    )


@transaction.atomic
def mark_not_authority(complaint: Complaint, *, actor, reason: str) -> Complaint:
    """ "Bukan wewenang": the complaint is not this office's to handle."""
    if not reason.strip():
        raise ComplaintError(_("Alasan wajib diisi."))
    _lock(complaint)
    target = _check(complaint, "not_authority")
    complaint.not_authority_reason = reason.strip()
    _end(
        complaint,
        target,
        Event.Kind.NOT_AUTHORITY,
        actor=actor,
        at=timezone.now(),
        message=reason.strip(),
    )
    notify_complainant(complaint, "closed", reason=reason.strip())
    return complaint


@transaction.atomic
def forward(complaint: Complaint, *, actor, to_office: Office, reason: str) -> Complaint:
    """No wrong door (SP4N-LAPOR!): hand the complaint to the right office of this
    deployment. It arrives there as a new complaint that shows where it came from."""
    if not reason.strip():
        raise ComplaintError(_("Alasan wajib diisi."))
    if to_office.pk == complaint.office_id:
        raise ComplaintError(_("Pilih instansi lain."))
    _lock(complaint)
    target = _check(complaint, "forward")
    now = timezone.now()
    received = Complaint.objects.create(
        office=to_office,
        channel=complaint.channel,
        channel_details={
            **complaint.channel_details,
            "forwarded_from_office": complaint.office.name,
            "forwarded_from_code": complaint.tracking_code,
        },
        title=complaint.title,
        description=complaint.description,
        incident_date=complaint.incident_date,
        incident_place=complaint.incident_place,
        complainant_name=complaint.complainant_name,
        complainant_phone=complaint.complainant_phone,
        complainant_email=complaint.complainant_email,
        complainant_nik=complaint.complainant_nik,
        anonymous=complaint.anonymous,
        confidential=complaint.confidential,
        received_at=now,
        clock_started_at=now,
        forwarded_from=complaint,
        created_by=actor,
    )
    for attachment in complaint.attachments.filter(response__isnull=True):
        Attachment.objects.create(
            complaint=received,
            file=attachment.file.name,
            name=attachment.name,
            content_type=attachment.content_type,
            size=attachment.size,
            source=attachment.source,
        )
    _event(
        received,
        Event.Kind.FORWARD_RECEIVED,
        actor=actor,
        at=now,
        to_status=received.status,
        public=True,
        message=reason.strip(),
        data={"from_office": complaint.office.name, "from_code": complaint.tracking_code},
    )
    complaint.not_authority_reason = reason.strip()
    _end(
        complaint,
        target,
        Event.Kind.FORWARDED,
        actor=actor,
        at=now,
        message=reason.strip(),
        data={"to_office": to_office.name, "to_code": received.tracking_code},
    )
    notify_complainant(received, "forwarded", origin=complaint)
    return received


@transaction.atomic
def reject_duplicate(complaint: Complaint, *, actor, original: Complaint) -> Complaint:
    """Reject a complaint that repeats another of the same office, linking the original."""
    if original.pk == complaint.pk or original.office_id != complaint.office_id:
        raise ComplaintError(_("Pengaduan asli harus pengaduan lain di instansi yang sama."))
    if original.duplicate_of_id:
        raise ComplaintError(_("Pengaduan asli itu sendiri duplikat; pilih yang asli."))
    _lock(complaint)
    target = _check(complaint, "duplicate")
    complaint.duplicate_of = original
    _end(
        complaint,
        target,
        Event.Kind.DUPLICATE,
        actor=actor,
        at=timezone.now(),
        data={"original": original.tracking_code},
    )
    return complaint
