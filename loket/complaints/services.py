"""Every change to a complaint: one verb per function, each in a transaction, checking the
transition is allowed (`ComplaintError` otherwise), writing its `Event` with the actor
passed explicitly and queueing its messages in the outbox.

The clock (UU 25/2009; seed "Jangka Waktu Penyelesaian Pengaduan"): the class chosen at
verification gives the deadline through the office's working-day calendar, counted from
receipt; a request for completion stops the clock and the complainant's answer restarts
it, moving the deadline by exactly the office time the pause covered
(`OfficeCalendar.extend_for_pause`). Deadlines are stored and recomputed from scratch
(receipt + class + finished pauses) whenever an input changes, including the calendar.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.offices.models import Channel, Office, Role
from loket.standards.services import DeadlineClass, complaint_classes
from loket.workdays.calendar import OfficeCalendar
from loket.workdays.services import calendar_for

from .models import (
    OPEN_STATUSES,
    Assignment,
    Attachment,
    Complaint,
    Event,
    OfficeComplaintSettings,
    Pause,
    PersonalDataAccess,
    Rating,
    Response,
    Status,
    new_tracking_code,
)
from .notifications import notify_complainant, notify_staff, staff_with_role

logger = logging.getLogger("loket.complaints")

# Staff are warned when this share of the time to the deadline has run (issue: 75%).
DUE_SOON_SHARE = 0.75
DEFAULT_AUTO_CLOSE_WORKING_DAYS = 10  # LAPOR! practice; per office in OfficeComplaintSettings


class ComplaintError(Exception):
    """A change the rules of complaint handling do not allow."""


# --- Transitions ------------------------------------------------------------------------

S = Status
# action -> {from status: to status}; None as target: back to the status before the pause.
TRANSITIONS: dict[str, dict[str, str | None]] = {
    "classify": {S.RECEIVED: S.IN_PROGRESS},
    "reclassify": {S.IN_PROGRESS: S.IN_PROGRESS, S.WAITING: S.WAITING},
    "request_completion": {S.RECEIVED: S.WAITING, S.IN_PROGRESS: S.WAITING},
    "complete": {S.WAITING: None},
    "assign": {s: s for s in (S.RECEIVED, S.WAITING, S.IN_PROGRESS)},
    "note": {s: s for s in S.values},
    "not_authority": {S.RECEIVED: S.NOT_AUTHORITY, S.IN_PROGRESS: S.NOT_AUTHORITY},
    "forward": {
        S.RECEIVED: S.FORWARDED,
        S.IN_PROGRESS: S.FORWARDED,
        S.NOT_AUTHORITY: S.FORWARDED,
    },
    "duplicate": {S.RECEIVED: S.DUPLICATE, S.IN_PROGRESS: S.DUPLICATE},
    "answer": {S.IN_PROGRESS: S.ANSWERED},
    "reply": {S.ANSWERED: S.IN_PROGRESS},
    "reopen": {S.ANSWERED: S.IN_PROGRESS},
    "rate": {S.ANSWERED: S.CLOSED, S.CLOSED: S.CLOSED},
    "close": {S.ANSWERED: S.CLOSED},
}


def allowed(complaint: Complaint, action: str) -> bool:
    return complaint.status in TRANSITIONS[action]


def _lock(complaint: Complaint) -> Complaint:
    """Re-read the row under a lock so two people never change it at once."""
    fresh = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.__dict__.update(
        {f.attname: getattr(fresh, f.attname) for f in Complaint._meta.concrete_fields}
    )
    return complaint


def _check(complaint: Complaint, action: str) -> str | None:
    targets = TRANSITIONS[action]
    if complaint.status not in targets:
        raise ComplaintError(
            _("Tindakan ini tidak dapat dilakukan pada pengaduan berstatus %(status)s.")
            % {"status": complaint.get_status_display()}
        )
    return targets[complaint.status]


def _event(
    complaint: Complaint,
    kind: str,
    *,
    actor=None,
    at: datetime,
    from_status: str = "",
    to_status: str = "",
    public: bool = False,
    message: str = "",
    data: dict | None = None,
) -> Event:
    return Event.objects.create(
        complaint=complaint,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=at,
        from_status=from_status,
        to_status=to_status,
        public=public,
        message=message,
        data=data or {},
    )


def _set_status(complaint: Complaint, status: str) -> None:
    complaint.status = status
    complaint.is_open = status in (*OPEN_STATUSES, S.ANSWERED)


def _move(
    complaint: Complaint,
    target: str,
    kind: str,
    *,
    at: datetime,
    actor=None,
    message: str = "",
    data: dict | None = None,
) -> Event:
    """Save the complaint in the status `_check` allowed and write the public event of the
    change, from the status it had to `target`."""
    before = complaint.status
    _set_status(complaint, target)
    complaint.save()
    return _event(
        complaint,
        kind,
        actor=actor,
        at=at,
        from_status=before,
        to_status=target,
        public=True,
        message=message,
        data=data,
    )


def _end(
    complaint: Complaint,
    target: str,
    kind: str,
    *,
    actor,
    at: datetime,
    message: str = "",
    data: dict | None = None,
) -> Event:
    """Bukan wewenang, forwarded or duplicate: the office's handling ends here, with no
    pause left running."""
    complaint.paused_at = None
    complaint.closed_at = at
    return _move(complaint, target, kind, actor=actor, at=at, message=message, data=data)


# --- The clock --------------------------------------------------------------------------


def classes_for(office: Office) -> list[DeadlineClass]:
    """The office's deadline classes from its published standard (never hard-coded)."""
    return complaint_classes(office)


def _find_class(office: Office, code: str) -> DeadlineClass:
    for cls in classes_for(office):
        if cls.code == code:
            return cls
    raise ComplaintError(_("Klasifikasi tidak dikenal untuk instansi ini."))


def compute_due(complaint: Complaint, calendar: OfficeCalendar | None = None) -> datetime | None:
    """Deadline = clock start + class duration in the office calendar, moved by every
    finished pause since the clock started. None before classification."""
    if not complaint.class_code:
        return None
    calendar = calendar or calendar_for(complaint.office)
    start = complaint.clock_started_at or complaint.received_at
    due = calendar.add(start, complaint.class_amount, complaint.class_unit)
    pauses = Pause.objects.filter(
        complaint=complaint, resumed_at__isnull=False, paused_at__gte=start
    ).order_by("paused_at", "id")
    for pause in pauses:
        due = calendar.extend_for_pause(
            due, pause.paused_at, pause.resumed_at, complaint.class_unit
        )
    return due


def _due_soon(
    complaint: Complaint, due: datetime | None, calendar: OfficeCalendar
) -> datetime | None:
    if due is None:
        return None
    start = complaint.clock_started_at or complaint.received_at
    total = calendar.office_time_between(start, due)
    return calendar.add_office_hours(start, total * DUE_SOON_SHARE)


def _apply_due(complaint: Complaint, calendar: OfficeCalendar | None = None) -> tuple:
    """Recompute and store the deadline fields; returns (old due, new due)."""
    calendar = calendar or calendar_for(complaint.office)
    old = complaint.due_at
    due = compute_due(complaint, calendar)
    complaint.due_at = due
    complaint.due_soon_at = _due_soon(complaint, due, calendar)
    now = timezone.now()
    # A deadline moved into the future may warn again.
    if due is not None and due > now:
        complaint.overdue_notified_at = None
        if complaint.due_soon_at and complaint.due_soon_at > now:
            complaint.due_soon_notified_at = None
    return old, due


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


# --- Receipt ----------------------------------------------------------------------------


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


# --- Officer: verification and classification -------------------------------------------


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


# --- Team ------------------------------------------------------------------------------


def team_members(office: Office):
    """Who may be assigned a complaint: the office's Tim Pengelola Pengaduan."""
    return staff_with_role(office, [Role.COMPLAINT_HANDLER])


@transaction.atomic
def assign(complaint: Complaint, *, actor, users: Sequence) -> list:
    """Assign one or more members of the Tim Pengelola Pengaduan (role complaint_handler;
    seed flow: the Pejabat Pengelola Pengaduan receives, the team handles); returns the
    newly assigned. The officer assigns but is not an assignee."""
    if not users:
        raise ComplaintError(_("Pilih setidaknya satu anggota tim."))
    _lock(complaint)
    _check(complaint, "assign")
    team = set(team_members(complaint.office).values_list("pk", flat=True))
    if any(user.pk not in team for user in users):
        raise ComplaintError(_("Hanya anggota Tim Pengelola Pengaduan yang dapat ditugaskan."))
    now = timezone.now()
    existing = set(complaint.assignments.values_list("user_id", flat=True))
    added = [user for user in users if user.pk not in existing]
    Assignment.objects.bulk_create(
        [Assignment(complaint=complaint, user=u, assigned_by=actor, assigned_at=now) for u in added]
    )
    if added:
        _event(
            complaint,
            Event.Kind.ASSIGNED,
            actor=actor,
            at=now,
            from_status=complaint.status,
            to_status=complaint.status,
            data={"users": [u.get_full_name() or u.username for u in added]},
        )
        notify_staff(complaint, added, "assigned", actor=actor)
    return added


@transaction.atomic
def add_note(complaint: Complaint, *, actor, text: str) -> Event:
    """An internal note: never shown to the complainant."""
    if not text.strip():
        raise ComplaintError(_("Catatan tidak boleh kosong."))
    _check(complaint, "note")
    return _event(
        complaint,
        Event.Kind.NOTE,
        actor=actor,
        at=timezone.now(),
        from_status=complaint.status,
        to_status=complaint.status,
        message=text.strip(),
    )


@transaction.atomic
def answer(complaint: Complaint, *, actor, text: str, attachments: Sequence[Upload] = ()):
    """The public answer (tindak lanjut), with attachments."""
    if not text.strip():
        raise ComplaintError(_("Jawaban tidak boleh kosong."))
    _lock(complaint)
    target = _check(complaint, "answer")
    now = timezone.now()
    response = Response.objects.create(
        complaint=complaint, text=text.strip(), author=actor, created_at=now
    )
    _attach(complaint, attachments, Attachment.Source.STAFF, response=response)
    complaint.answered_at = now
    _move(
        complaint,
        target,
        Event.Kind.ANSWERED,
        actor=actor,
        at=now,
        data={
            "response": response.pk,
            "on_time": complaint.due_at is None or now <= complaint.due_at,
        },
    )
    notify_complainant(complaint, "answered", response=response)
    return response


# --- Complainant after the answer ---------------------------------------------------------


def _restart_clock(complaint: Complaint, now: datetime) -> tuple:
    complaint.clock_started_at = now
    complaint.answered_at = None
    return _apply_due(complaint)


def _take_up_again(complaint: Complaint, action: str, kind: str, text: str) -> None:
    """After the answer the complainant writes again: the team takes the complaint up with
    a fresh deadline of the same class, counted from now."""
    _lock(complaint)
    target = _check(complaint, action)
    now = timezone.now()
    old_due, due = _restart_clock(complaint, now)
    _move(
        complaint,
        target,
        kind,
        at=now,
        message=text.strip(),
        data={"old_due_at": _iso(old_due), "new_due_at": _iso(due)},
    )


@transaction.atomic
def reply(complaint: Complaint, *, text: str) -> None:
    """The complainant replies to the answer (a question, new facts)."""
    if not text.strip():
        raise ComplaintError(_("Tanggapan tidak boleh kosong."))
    _take_up_again(complaint, "reply", Event.Kind.REPLIED, text)


@transaction.atomic
def reopen(complaint: Complaint, *, reason: str) -> None:
    """Not satisfied: the complaint reopens."""
    if not reason.strip():
        raise ComplaintError(_("Jelaskan mengapa Anda belum puas."))
    _take_up_again(complaint, "reopen", Event.Kind.REOPENED, reason)


@transaction.atomic
def rate(complaint: Complaint, *, score: int, comment: str = "") -> Rating:
    """Rate the latest answer 1-5; a rated answered complaint is finished."""
    if not 1 <= int(score) <= 5:
        raise ComplaintError(_("Nilai harus antara 1 dan 5."))
    _lock(complaint)
    target = _check(complaint, "rate")
    response = complaint.responses.order_by("-created_at", "-id").first()
    if response is None:
        raise ComplaintError(_("Belum ada jawaban untuk dinilai."))
    if Rating.objects.filter(response=response).exists():
        raise ComplaintError(_("Jawaban ini sudah dinilai."))
    now = timezone.now()
    rating = Rating.objects.create(
        complaint=complaint, response=response, score=score, comment=comment.strip(), created_at=now
    )
    before = complaint.status
    _event(
        complaint,
        Event.Kind.RATED,
        at=now,
        from_status=before,
        to_status=target,
        public=True,
        message=comment.strip(),
        data={"score": int(score)},
    )
    if before != target:
        complaint.closed_at = now
        _move(complaint, target, Event.Kind.CLOSED, at=now)
        notify_complainant(complaint, "closed", reason="")
    return rating


def auto_close_days(office: Office) -> int:
    config = OfficeComplaintSettings.objects.filter(office=office).first()
    return config.auto_close_working_days if config else DEFAULT_AUTO_CLOSE_WORKING_DAYS


@transaction.atomic
def close(complaint: Complaint, *, actor=None, reason: str = "") -> bool:
    """Close an answered complaint (the complainant did not reply in time). False when
    someone else changed it first (the conditional update is the claim)."""
    now = timezone.now()
    claimed = Complaint.objects.filter(pk=complaint.pk, status=S.ANSWERED).update(
        status=S.CLOSED, is_open=False, closed_at=now
    )
    if claimed != 1:
        return False
    complaint.refresh_from_db()
    _event(
        complaint,
        Event.Kind.CLOSED,
        actor=actor,
        at=now,
        from_status=S.ANSWERED,
        to_status=S.CLOSED,
        public=True,
        message=reason,
    )
    notify_complainant(complaint, "closed", reason=reason)
    return True


# --- Personal data ---------------------------------------------------------------------


@transaction.atomic
def view_personal_data(complaint: Complaint, *, user, purpose: str = "") -> dict:
    """The complainant's identity for a staff member, logged (UU 27/2022). Anonymous
    complaints keep the identity from everyone handling them."""
    if complaint.anonymous:
        raise ComplaintError(_("Pengadu memilih anonim: identitasnya tidak ditampilkan."))
    PersonalDataAccess.objects.create(
        complaint=complaint, user=user, at=timezone.now(), purpose=purpose[:200]
    )
    return {
        "name": complaint.complainant_name,
        "phone": complaint.complainant_phone,
        "email": complaint.complainant_email,
        "nik": complaint.complainant_nik,
    }


@transaction.atomic
def open_attachment(attachment: Attachment, *, user) -> File:
    """A complaint's file opened for a staff member, logged like the identity page (UU
    27/2022): evidence can carry the complainant's identity (a KTP scan, a letter with the
    sender's address) even when the complaint is anonim, and an answer letter is addressed
    to the complainant. The log names the file; it is written only once the file opens."""
    handle = attachment.file.open("rb")
    if attachment.response_id is None:
        purpose = _("Bukti diunduh: %(name)s")
    else:
        purpose = _("Lampiran jawaban diunduh: %(name)s")
    PersonalDataAccess.objects.create(
        complaint_id=attachment.complaint_id,
        user=user,
        at=timezone.now(),
        purpose=(purpose % {"name": attachment.name})[:200],
    )
    return handle


def personal_data_log(complaint: Complaint):
    """Who viewed this complaint's personal data (identity page, files), newest first."""
    return complaint.personal_data_accesses.select_related("user").order_by("-at", "-id")
