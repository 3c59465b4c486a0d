"""The Pejabat Pengelola Pengaduan: verification, classification, completion requests,
bukan wewenang, forwarding and duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import Visibility
from loket.offices.permissions import has_role
from loket.offices.services import staff_with_role

from .. import channels
from ..errors import InvalidInput, NotAllowed
from ..models import Attachment, Complaint, Event, Pause, Status
from ..notifications import notify_complainant, notify_in_app, notify_staff
from ..roles import ESCALATION, OFFICERS
from .alerts import handlers_of
from .clock import apply_due, find_class
from .receipt import Upload, attach, collects_nik, save_new, with_fresh_code
from .rules import check, end, iso, lock, move, record

if TYPE_CHECKING:
    from loket.offices.services import Office


def _required(text: str, message: Any, field: str) -> str:
    if not text.strip():
        raise InvalidInput(message, code=f"{field}_required", field=field)
    return text.strip()


@transaction.atomic
def classify(
    complaint: Complaint, *, actor: Any, class_code: str, now: datetime | None = None
) -> Complaint:
    """Verify and classify: the class sets the deadline from receipt."""
    now = now or timezone.now()
    lock(complaint)
    target = check(complaint, "classify")
    assert target is not None
    found = find_class(complaint.office, class_code, complaint.received_at)
    complaint.class_code, complaint.class_name = found.code, found.name
    complaint.class_amount, complaint.class_unit = found.amount, found.unit
    _old, due = apply_due(complaint, now=now)
    move(
        complaint,
        target,
        Event.Action.CLASSIFIED,
        actor=actor,
        now=now,
        data={"class": found.code, "class_name": found.name, "due_at": iso(due)},
    )
    return complaint


def _new_class(complaint: Complaint, class_code: str):
    found = find_class(complaint.office, class_code, complaint.received_at)
    if found.code == complaint.class_code:
        raise InvalidInput(
            _("Klasifikasi baru sama dengan yang lama."), code="same_class", field="class_code"
        )
    return found


@transaction.atomic
def reclassify(
    complaint: Complaint,
    *,
    actor: Any,
    class_code: str,
    reason: str,
    now: datetime | None = None,
) -> Complaint:
    """Change the class: the deadline is recomputed from receipt; old and new are kept.

    The Pejabat Pengelola Pengaduan's act (issue 11 §5; the seed flow: the Pejabat
    receives and classifies), with a reason: `NotAllowed` (code `officer_only`) for anyone
    else (the team asks with `request_reclassification`), `InvalidInput` (field `reason`)
    without a reason. A public event: the complainant sees the change, its reason and the new
    deadline on the tracking page and by message; the head is told by e-mail."""
    reason = _required(reason, _("Alasan perubahan klasifikasi wajib diisi."), "reason")
    now = now or timezone.now()
    if actor is None or not has_role(actor, complaint.office, OFFICERS):
        raise NotAllowed(
            _("Hanya Pejabat Pengelola Pengaduan yang dapat mengubah klasifikasi."),
            code="officer_only",
        )
    lock(complaint)
    check(complaint, "reclassify")
    found = _new_class(complaint, class_code)
    old_code, old_name = complaint.class_code, complaint.class_name
    complaint.class_code, complaint.class_name = found.code, found.name
    complaint.class_amount, complaint.class_unit = found.amount, found.unit
    old_due, due = apply_due(complaint, now=now)
    complaint.save()
    record(
        complaint,
        Event.Action.RECLASSIFIED,
        actor=actor,
        now=now,
        from_status=complaint.status,
        to_status=complaint.status,
        visibility=Visibility.PUBLIC,
        note=reason.strip(),
        data={
            "old_class": old_code,
            "old_class_name": old_name,
            "new_class": found.code,
            "new_class_name": found.name,
            "old_due_at": iso(old_due),
            "new_due_at": iso(due),
        },
    )
    notify_complainant(complaint, "reclassified", now=now, reason=reason)
    notify_staff(
        complaint,
        staff_with_role(complaint.office, ESCALATION),
        "reclassified",
        now=now,
        reason=reason,
        old_class_name=old_name,
    )
    return complaint


@transaction.atomic
def request_reclassification(
    complaint: Complaint,
    *,
    actor: Any,
    class_code: str,
    reason: str,
    now: datetime | None = None,
) -> Event:
    """The team asks the Pejabat Pengelola Pengaduan to change the class (issue 11 §5): an
    internal event with the class proposed and the reason, mailed to the officers. Nothing
    changes until the Pejabat reclassifies. `InvalidInput` without a reason or for the class
    the complaint already has; `NotAllowed` where reclassification is not possible."""
    reason = _required(reason, _("Alasan perubahan klasifikasi wajib diisi."), "reason")
    now = now or timezone.now()
    lock(complaint)
    check(complaint, "reclassify")
    found = _new_class(complaint, class_code)
    event = record(
        complaint,
        Event.Action.NOTE,
        actor=actor,
        now=now,
        note=reason,
        data={"requested_class": found.code, "requested_class_name": found.name},
    )
    notify_staff(
        complaint,
        staff_with_role(complaint.office, OFFICERS),
        "reclassification_requested",
        now=now,
        reason=reason,
        requested_class_name=found.name,
    )
    return event


@transaction.atomic
def request_completion(
    complaint: Complaint, *, actor: Any, message: str, now: datetime | None = None
) -> Complaint:
    """Ask the complainant to complete the complaint; the clock stops until they answer."""
    message = _required(message, _("Tuliskan apa yang perlu dilengkapi."), "message")
    now = now or timezone.now()
    lock(complaint)
    target = check(complaint, "request_completion")
    assert target is not None
    before = complaint.status
    Pause.objects.create(complaint=complaint, paused_at=now)
    complaint.paused_at = now
    move(
        complaint,
        target,
        Event.Action.COMPLETION_REQUESTED,
        actor=actor,
        now=now,
        note=message,
        data={"resume_status": before},
    )
    notify_complainant(complaint, "completion_requested", now=now, message=message)
    return complaint


def resume(complaint: Complaint, *, now: datetime) -> tuple[str, datetime | None, datetime | None]:
    """End the pause of a complaint waiting for completion (locked by the caller): the
    deadline moves by the office time of the pause. Returns the status to go back to (the
    one before the request) and the old and new deadlines; the caller saves the move."""
    pause = complaint.pauses.filter(resumed_at__isnull=True).order_by("-paused_at").first()
    request = (
        complaint.events.filter(action=Event.Action.COMPLETION_REQUESTED)
        .order_by("-at", "-id")
        .first()
    )
    target = (request.data.get("resume_status") if request else None) or Status.RECEIVED
    if pause is not None:
        pause.resumed_at = max(now, pause.paused_at)
        pause.save(update_fields=["resumed_at"])
    complaint.paused_at = None
    old_due, due = apply_due(complaint, now=now)
    return target, old_due, due


@transaction.atomic
def complete(
    complaint: Complaint,
    *,
    message: str,
    attachments: Sequence[Upload] = (),
    now: datetime | None = None,
) -> None:
    """The complainant's completion: the clock runs again, the deadline moves by the
    office time of the pause, and the team's queue marks "new reply" (`replied_at`)."""
    message = _required(message, _("Tuliskan kelengkapan pengaduan Anda."), "message")
    now = now or timezone.now()
    lock(complaint)
    check(complaint, "complete")
    target, old_due, due = resume(complaint, now=now)
    attach(complaint, attachments, Attachment.Source.COMPLAINANT)
    complaint.replied_at = now
    move(
        complaint,
        target,
        Event.Action.COMPLETED,
        now=now,
        note=message,
        data={"old_due_at": iso(old_due), "new_due_at": iso(due)},
    )
    notify_in_app(complaint, handlers_of(complaint), "reply", now=now)


@transaction.atomic
def mark_not_authority(
    complaint: Complaint, *, actor: Any, reason: str, now: datetime | None = None
) -> Complaint:
    """ "Bukan wewenang": the complaint is not this office's to handle."""
    reason = _required(reason, _("Alasan wajib diisi."), "reason")
    now = now or timezone.now()
    lock(complaint)
    target = check(complaint, "not_authority")
    assert target is not None
    complaint.not_authority_reason = reason
    end(complaint, target, Event.Action.NOT_AUTHORITY, actor=actor, now=now, note=reason)
    notify_complainant(complaint, "closed", now=now, reason=reason)
    return complaint


def _copy_to(
    complaint: Complaint, to_office: Office, *, actor: Any, now: datetime, attempt: int
) -> Complaint:
    """The complaint as it arrives at `to_office`, with its evidence (not the answers).
    The NIK goes along only where `to_office` collects it (`collects_nik`, issue 13).
    `attempt` as `save_new` takes it (run through `with_fresh_code`)."""
    received = Complaint(
        office=to_office,
        channel=complaint.channel,
        channel_details={
            **channels.carried_on(complaint.channel_details),
            "forwarded_from_office": complaint.office.name,
            "forwarded_from_reference": complaint.reference,
        },
        title=complaint.title,
        description=complaint.description,
        incident_date=complaint.incident_date,
        incident_place=complaint.incident_place,
        complainant_name=complaint.complainant_name,
        complainant_phone=complaint.complainant_phone,
        complainant_email=complaint.complainant_email,
        complainant_nik=complaint.complainant_nik if collects_nik(to_office) else "",
        anonymous=complaint.anonymous,
        confidential=complaint.confidential,
        language=complaint.language,
        received_at=now,
        clock_started_at=now,
        forwarded_from=complaint,
        created_by=actor,
    )
    # A new reference there and a new code, sent to the complainant.
    save_new(received, attempt=attempt)
    for attachment in complaint.attachments.filter(answer__isnull=True):
        Attachment.objects.create(
            complaint=received,
            file=attachment.file.name,
            name=attachment.name,
            content_type=attachment.content_type,
            size=attachment.size,
            source=attachment.source,
        )
    return received


@transaction.atomic
def forward(
    complaint: Complaint,
    *,
    actor: Any,
    to_office: Office,
    reason: str,
    now: datetime | None = None,
) -> Complaint:
    """No wrong door (SP4N-LAPOR!): hand the complaint to the right office of this
    deployment. It arrives there as a new complaint that shows where it came from; the
    complainant's NIK only where that office collects it (UU 27/2022 minimisation)."""
    reason = _required(reason, _("Alasan wajib diisi."), "reason")
    if to_office.pk == complaint.office_id:
        raise InvalidInput(_("Pilih instansi lain."), code="same_office", field="to_office")
    now = now or timezone.now()
    lock(complaint)
    target = check(complaint, "forward")
    assert target is not None
    received = with_fresh_code(
        lambda attempt: _copy_to(complaint, to_office, actor=actor, now=now, attempt=attempt)
    )
    record(
        received,
        Event.Action.FORWARD_RECEIVED,
        actor=actor,
        now=now,
        to_status=received.status,
        visibility=Visibility.PUBLIC,
        note=reason,
        data={"from_office": complaint.office.name, "from_reference": complaint.reference},
    )
    complaint.not_authority_reason = reason
    end(
        complaint,
        target,
        Event.Action.FORWARDED,
        actor=actor,
        now=now,
        note=reason,
        data={"to_office": to_office.name, "to_reference": received.reference},
    )
    notify_complainant(received, "forwarded", now=now, origin=complaint)
    return received


@transaction.atomic
def reject_duplicate(
    complaint: Complaint, *, actor: Any, original: Complaint, now: datetime | None = None
) -> Complaint:
    """Reject a complaint that repeats another of the same office, linking the original."""
    if original.pk == complaint.pk or original.office_id != complaint.office_id:
        raise InvalidInput(
            _("Pengaduan asli harus pengaduan lain di instansi yang sama."),
            code="original_invalid",
            field="original",
        )
    if original.duplicate_of_id:
        raise InvalidInput(
            _("Pengaduan asli itu sendiri duplikat; pilih yang asli."),
            code="original_is_duplicate",
            field="original",
        )
    now = now or timezone.now()
    lock(complaint)
    target = check(complaint, "duplicate")
    assert target is not None
    complaint.duplicate_of = original
    end(
        complaint,
        target,
        Event.Action.DUPLICATE,
        actor=actor,
        now=now,
        data={"original": original.reference},
    )
    return complaint
