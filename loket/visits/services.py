"""Every state change of a visit, and the reads other code needs.

Each verb runs in one transaction, locks the visit row, checks the transition against
`models.TRANSITIONS` (raising `VisitError` otherwise), writes a `VisitEvent` with the actor
passed explicitly (None for the visitor or a periodic job) and queues e-mails through the
notify outbox, so a message leaves only if the change commits.

The administration clock (seed: "Administrasi : 15 Menit") runs from check-in to routing and
is counted in office time with the office's working-day calendar: a lunch break, the night
and a holiday between the two do not count.

Queue numbers are given (kiosk and front desk alike) only while the office is open, or from
`EARLY_ARRIVAL` (30 minutes) before an opening: a visitor early in the morning or near the end
of the lunch break takes a number and waits, and the clock does not count that wait. A booking
is checked in only on its booked day (local to the office); otherwise the visitor is told when
to come, or that the booking has expired or was recorded as a no-show.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.notify.services import queue_email, render_email
from loket.offices.models import Division, Office
from loket.standards import services as standards
from loket.standards.models import Service
from loket.workdays.services import calendar_for

from .codes import new_booking_code, normalize_code
from .dates import local_text, moment_text
from .models import (
    OPEN_CONSULTATION,
    TRANSITIONS,
    Attachment,
    Consultation,
    QueueCounter,
    Visit,
    VisitEvent,
    VisitSettings,
)

S = Visit.Status
A = VisitEvent.Action

# Seed: "Administrasi : 15 Menit". Used when a service's standard states no administration time.
DEFAULT_ADMIN_LIMIT = timedelta(minutes=15)
# Visitors may take a queue number from 30 minutes before the office opens (in the morning,
# or before the lunch break ends) and wait: the administration clock counts office time
# only, so the wait before opening never counts against the standard's 15 minutes. Earlier
# than that, on a closed day or after closing time, the kiosk and the desk refuse.
EARLY_ARRIVAL = timedelta(minutes=30)


class VisitError(Exception):
    """A change the visit's state or the rules do not allow."""


# --- Codes and links ------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(24)


def visit_by_token(token: str) -> Visit | None:
    """The visit behind a visitor's link; the secret is compared in constant time."""
    visit = (
        Visit.objects.select_related("office", "service", "division")
        .filter(token=token or "-")
        .first()
    )
    if visit is None or not hmac.compare_digest(visit.token, token):
        return None
    return visit


def visit_by_code(code: str, office: Office | None = None) -> Visit | None:
    normalized = normalize_code(code)
    if not normalized:
        return None
    rows = Visit.objects.select_related("office", "service", "division")
    if office is not None:
        rows = rows.filter(office=office)
    visit = rows.filter(booking_code=normalized).first()
    if visit is None or not hmac.compare_digest(visit.booking_code, normalized):
        return None
    return visit


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def survey_url(visit: Visit) -> str:
    """The satisfaction-survey link shown to a visitor after the consultation.

    Hook for the SKM survey issue: set `LOKET_VISIT_SURVEY_URL` in settings to a URL template
    with `{token}` (the visit's secret token) and `{office}` (the office slug). Empty (the
    default) shows no link at all: there is no survey page to send anyone to yet.
    """
    template = getattr(settings, "LOKET_VISIT_SURVEY_URL", "")
    if not template or visit.status != S.DONE:
        return ""
    return template.format(token=visit.token, office=visit.office.slug)


# --- Reads ------------------------------------------------------------------------------------


def settings_for(office: Office) -> VisitSettings:
    """The office's guest-book settings; defaults (365 days, no ID number) until saved."""
    found = VisitSettings.objects.filter(office=office).first()
    return found or VisitSettings(office=office)


def local_today(office: Office, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(office.tz).date()


def admin_limit(service: Service) -> timedelta:
    """The standard's administration time (seed: 15 minutes), else 15 minutes."""
    return standards.administration_time(service) or DEFAULT_ADMIN_LIMIT


def admin_elapsed(visit: Visit, now: datetime | None = None, calendar=None) -> timedelta | None:
    """Office time from check-in to routing (or to `now` while the visitor still waits)."""
    if visit.checked_in_at is None:
        return None
    if visit.admin_seconds is not None:
        return timedelta(seconds=visit.admin_seconds)
    calendar = calendar or calendar_for(visit.office)
    return max(
        calendar.office_time_between(visit.checked_in_at, now or timezone.now()), timedelta()
    )


def requirement_list(service: Service) -> list[str]:
    """The published standard's Persyaratan: the reception checklist."""
    return standards.requirements(service)


def bookable_services_qs(office: Office):
    """Services a visitor may choose: those with a published standard."""
    return standards.public_services(office)


def validate_visit_time(office: Office, day: date, at: time, now: datetime | None = None) -> str:
    """An error message when `day` `at` is not a moment the office is open in the future;
    "" when it is (working days and office hours of the office's calendar)."""
    calendar = calendar_for(office)
    now = now or timezone.now()
    if day < local_today(office, now):
        return _("Tanggal kunjungan sudah lewat.")
    if not calendar.is_working_day(day):
        return _("Tanggal itu bukan hari kerja. Pilih hari kerja (Senin-Jumat, bukan hari libur).")
    moment = datetime.combine(day, at, tzinfo=office.tz)
    if not calendar.is_open(moment):
        return _("Jam itu di luar jam layanan. Pilih jam layanan pada hari itu.")
    if moment <= now:
        return _("Jam kunjungan sudah lewat.")
    if day > local_today(office, now) + timedelta(days=90):
        return _("Pemesanan paling lama 90 hari sebelum kunjungan.")
    return ""


def arrival_problem(office: Office, now: datetime | None = None, calendar=None) -> str:
    """An error message when nobody can take a queue number at `now` (the office is closed
    and opens more than `EARLY_ARRIVAL` later), naming the next opening; "" when one can."""
    calendar = calendar or calendar_for(office)
    now = now or timezone.now()
    if calendar.is_open(now):
        return ""
    opening = calendar.next_opening(now)
    if opening - now <= EARLY_ARRIVAL:
        return ""
    return _(
        "Layanan sedang tutup. Silakan datang kembali pada jam layanan: "
        "%(when)s (nomor antrean dapat diambil mulai %(minutes)s menit sebelumnya)."
    ) % {"when": moment_text(opening, office), "minutes": int(EARLY_ARRIVAL.total_seconds() // 60)}


def booking_day_problem(visit: Visit, now: datetime | None = None) -> str:
    """An error message when a booking is checked in on another day than the one booked
    (too early: when to come; too late: it has expired); "" on the booked day."""
    if visit.preferred_date is None:
        return ""
    today = local_today(visit.office, now)
    when = local_text(visit.preferred_date, visit.preferred_time, visit.office)
    if visit.preferred_date > today:
        return _(
            "Pemesanan ini untuk %(when)s. Silakan datang pada hari itu untuk mengambil "
            "nomor antrean."
        ) % {"when": when}
    if visit.preferred_date < today:
        return _(
            "Pemesanan ini untuk %(when)s dan sudah tidak berlaku. Silakan isi buku tamu "
            "atau pesan kunjungan baru."
        ) % {"when": when}
    return ""


# --- Internals -----------------------------------------------------------------------------


def _lock(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("office", "service", "division")
        .get(pk=visit.pk)
    )


def _event(
    visit: Visit,
    action: str,
    actor,
    *,
    from_status: str,
    to_status: str,
    at: datetime,
    division: Division | None = None,
    note: str = "",
) -> VisitEvent:
    return VisitEvent.objects.create(
        visit=visit,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        division=division,
        note=note[:2000],
        at=at,
    )


def _move(
    visit: Visit,
    to: str,
    action: str,
    actor,
    now: datetime,
    *,
    division: Division | None = None,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> VisitEvent:
    """Change the status after checking the transition; save `fields` with it."""
    old = visit.status
    if to not in TRANSITIONS.get(old, ()):
        raise VisitError(
            _("Kunjungan berstatus %(status)s tidak dapat diubah menjadi %(to)s.")
            % {"status": visit.get_status_display(), "to": S(to).label}
        )
    visit.status = to
    visit.save(update_fields=["status", *fields])
    return _event(
        visit, action, actor, from_status=old, to_status=to, at=now, division=division, note=note
    )


def allocate_queue_number(office: Office, day: date) -> int:
    """The next queue number of `office` on local `day`. Must run inside the transaction that
    stores it: the UPDATE keeps the counter row locked until commit (PostgreSQL), and SQLite
    runs one writing transaction at a time."""
    QueueCounter.objects.bulk_create(
        [QueueCounter(office=office, day=day, last_number=0)], ignore_conflicts=True
    )
    QueueCounter.objects.filter(office=office, day=day).update(last_number=F("last_number") + 1)
    return QueueCounter.objects.get(office=office, day=day).last_number


def _arrive(visit: Visit, now: datetime) -> None:
    visit.queue_date = local_today(visit.office, now)
    visit.queue_number = allocate_queue_number(visit.office, visit.queue_date)
    visit.checked_in_at = now
    visit.admin_limit_seconds = int(admin_limit(visit.service).total_seconds())


ARRIVAL_FIELDS = ("queue_date", "queue_number", "checked_in_at", "admin_limit_seconds")


# --- Creating visits -----------------------------------------------------------------------


@dataclass
class GuestBookEntry:
    """What the guest book asks (seed step b), validated by `forms.GuestBookForm`."""

    service: Service
    name: str
    phone: str
    institution: str
    position: str
    purpose: str
    email: str = ""
    division: Division | None = None
    preferred_date: date | None = None
    preferred_time: time | None = None
    language: str = "id"


def _new_visit(office: Office, entry: GuestBookEntry, status: str, source: str) -> Visit:
    if entry.service.office_id != office.pk:
        raise VisitError(_("Layanan ini milik instansi lain."))
    if entry.division is not None and entry.division.office_id != office.pk:
        raise VisitError(_("Bagian ini milik instansi lain."))
    fields = {
        key: getattr(entry, key)
        for key in (
            "service",
            "division",
            "name",
            "phone",
            "email",
            "institution",
            "position",
            "purpose",
            "preferred_date",
            "preferred_time",
            "language",
        )
    }
    for _attempt in range(5):
        visit = Visit(
            office=office,
            status=status,
            source=source,
            booking_code=new_booking_code(),
            token=new_token(),
            **fields,
        )
        visit.office = office
        if not Visit.objects.filter(booking_code=visit.booking_code).exists():
            return visit
    raise VisitError("could not draw a free booking code")  # 60 bits: never in practice


@dataclass
class Upload:
    kind: str
    name: str
    content_type: str
    extension: str
    file: object  # a Django File


@transaction.atomic
def book(
    office: Office,
    entry: GuestBookEntry,
    uploads: list[Upload] = (),
    *,
    actor=None,
    source: str = Visit.Source.ONLINE,
    now: datetime | None = None,
) -> Visit:
    """An online booking: the guest book filled in before coming, with the documents. The
    visitor gets a booking code, a QR code and, with an e-mail address, a copy by e-mail."""
    now = now or timezone.now()
    if entry.preferred_date is None or entry.preferred_time is None:
        raise VisitError(_("Pilih tanggal dan jam kunjungan."))
    problem = validate_visit_time(office, entry.preferred_date, entry.preferred_time, now)
    if problem:
        raise VisitError(problem)
    visit = _new_visit(office, entry, S.BOOKED, source)
    visit.booked_at = now
    visit.save()
    for upload in uploads:
        stored = f"{uuid.uuid4().hex}.{upload.extension}"
        attachment = Attachment(
            visit=visit,
            kind=upload.kind,
            stored_name=stored,
            original_name=upload.name[:200],
            content_type=upload.content_type,
            size=upload.file.size,
        )
        attachment.file.save(stored, upload.file, save=False)
        attachment.save()
    _event(visit, A.BOOKED, actor, from_status="", to_status=S.BOOKED, at=now)
    if visit.email:
        _mail(visit, "visits/email/booking", topic="visit_booked")
    return visit


@transaction.atomic
def register_walk_in(
    office: Office,
    entry: GuestBookEntry,
    *,
    actor=None,
    source: str = Visit.Source.KIOSK,
    now: datetime | None = None,
) -> Visit:
    """A visitor who fills in the guest book on arrival (kiosk or front desk): checked in at
    once, with the day's next queue number."""
    now = now or timezone.now()
    problem = arrival_problem(office, now)
    if problem:
        raise VisitError(problem)
    visit = _new_visit(office, entry, S.CHECKED_IN, source)
    _arrive(visit, now)
    visit.save()
    _event(visit, A.CHECKED_IN, actor, from_status="", to_status=S.CHECKED_IN, at=now)
    return visit


@transaction.atomic
def check_in(visit: Visit, *, actor=None, now: datetime | None = None) -> Visit:
    """A booked visitor arrives (kiosk with the booking code, or the front desk) on the day
    booked, while the office is open (or about to open, `EARLY_ARRIVAL`). A second check-in
    with the same code on the same day shows the number already given."""
    now = now or timezone.now()
    visit = _lock(visit)
    if visit.status != S.BOOKED:
        if visit.queue_number and visit.queue_date == local_today(visit.office, now):
            return visit
        if visit.status == S.NO_SHOW:
            raise VisitError(
                _(
                    "Pemesanan ini untuk %(when)s dan tercatat tidak datang. Silakan isi buku "
                    "tamu atau pesan kunjungan baru."
                )
                % {"when": local_text(visit.preferred_date, visit.preferred_time, visit.office)}
            )
        raise VisitError(
            _("Pemesanan ini tidak dapat digunakan lagi (%(status)s).")
            % {"status": visit.get_status_display()}
        )
    problem = booking_day_problem(visit, now) or arrival_problem(visit.office, now)
    if problem:
        raise VisitError(problem)
    _arrive(visit, now)
    _move(visit, S.CHECKED_IN, A.CHECKED_IN, actor, now, fields=ARRIVAL_FIELDS)
    return visit


# --- Reception -----------------------------------------------------------------------------


@transaction.atomic
def record_reception(
    visit: Visit,
    *,
    actor,
    requirements: list[str],
    identity_checked: bool,
    information_given: str,
    id_number: str = "",
    now: datetime | None = None,
) -> Visit:
    """The receptionist's checklist (the standard's Persyaratan), the identity check and the
    information given (seed step c). The ID number is kept only when the office allows it."""
    now = now or timezone.now()
    visit = _lock(visit)
    if visit.status not in (S.CHECKED_IN, S.ROUTED, S.CALLED, S.IN_CONSULTATION):
        raise VisitError(_("Kunjungan ini tidak sedang berlangsung."))
    allowed = requirement_list(visit.service)
    visit.requirements_checked = [item for item in allowed if item in requirements]
    visit.identity_checked = bool(identity_checked)
    visit.id_number = id_number.strip()[:40] if settings_for(visit.office).store_id_number else ""
    visit.information_given = information_given.strip()
    visit.save(
        update_fields=["requirements_checked", "identity_checked", "id_number", "information_given"]
    )
    _event(
        visit,
        A.RECEPTION,
        actor,
        from_status=visit.status,
        to_status=visit.status,
        at=now,
        note=", ".join(visit.requirements_checked),
    )
    return visit


def _open_consultation(visit: Visit, division: Division, actor, now: datetime, **extra):
    try:
        with transaction.atomic():
            return Consultation.objects.create(
                visit=visit, division=division, routed_by=actor, queued_at=now, **extra
            )
    except IntegrityError as exc:  # another open consultation exists: a concurrent routing
        raise VisitError(_("Kunjungan ini sudah diarahkan.")) from exc


@transaction.atomic
def route(visit: Visit, division: Division, *, actor, now: datetime | None = None) -> Visit:
    """Send the visitor to a division: the administration clock stops here."""
    now = now or timezone.now()
    visit = _lock(visit)
    if division.office_id != visit.office_id:
        raise VisitError(_("Bagian ini milik instansi lain."))
    if visit.status != S.CHECKED_IN:
        raise VisitError(_("Kunjungan ini sudah diarahkan atau tidak lagi menunggu."))
    calendar = calendar_for(visit.office)
    elapsed = max(calendar.office_time_between(visit.checked_in_at, now), timedelta())
    visit.admin_seconds = int(elapsed.total_seconds())
    visit.routed_at = now
    visit.division = division
    _open_consultation(visit, division, actor if actor and actor.is_authenticated else None, now)
    _move(
        visit,
        S.ROUTED,
        A.ROUTED,
        actor,
        now,
        division=division,
        fields=("admin_seconds", "routed_at", "division"),
    )
    return visit


# --- Division ------------------------------------------------------------------------------


def _current(visit: Visit) -> Consultation:
    consultation = (
        Consultation.objects.select_for_update()
        .filter(visit=visit, status__in=OPEN_CONSULTATION)
        .first()
    )
    if consultation is None:
        raise VisitError(_("Kunjungan ini tidak sedang di bagian mana pun."))
    return consultation


@transaction.atomic
def call_next(division: Division, *, actor, now: datetime | None = None) -> Visit | None:
    """Call the visitor who has waited longest for `division` (None when nobody waits).
    Two consultants pressing at once call two different visitors."""
    now = now or timezone.now()
    waiting = Consultation.objects.filter(
        division=division, status=Consultation.Status.WAITING, visit__status=S.ROUTED
    ).order_by("queued_at", "id")
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True, of=("self",))
    consultation = waiting.first()
    if consultation is None:
        return None
    visit = _lock(consultation.visit)
    if visit.status != S.ROUTED:
        return None
    consultation.status = Consultation.Status.CALLED
    consultation.called_at = now
    consultation.consultant = actor
    consultation.save(update_fields=["status", "called_at", "consultant"])
    if visit.called_at is None:
        visit.called_at = now
    _move(visit, S.CALLED, A.CALLED, actor, now, division=division, fields=("called_at",))
    return visit


@transaction.atomic
def requeue(visit: Visit, *, actor, now: datetime | None = None) -> Visit:
    """A called visitor did not come forward: back to the division's queue, in place."""
    now = now or timezone.now()
    visit = _lock(visit)
    consultation = _current(visit)
    _move(visit, S.ROUTED, A.RETURNED, actor, now, division=consultation.division)
    consultation.status = Consultation.Status.WAITING
    consultation.save(update_fields=["status"])
    return visit


@transaction.atomic
def start(visit: Visit, *, actor, now: datetime | None = None) -> Visit:
    now = now or timezone.now()
    visit = _lock(visit)
    consultation = _current(visit)
    if visit.started_at is None:
        visit.started_at = now
    _move(
        visit,
        S.IN_CONSULTATION,
        A.STARTED,
        actor,
        now,
        division=consultation.division,
        fields=("started_at",),
    )
    consultation.status = Consultation.Status.ACTIVE
    consultation.started_at = now
    consultation.consultant = actor
    consultation.save(update_fields=["status", "started_at", "consultant"])
    return visit


@transaction.atomic
def save_notes(
    visit: Visit,
    *,
    actor,
    internal_notes: str,
    outcome_summary: str,
    follow_up_needed: bool,
    now: datetime | None = None,
) -> Consultation:
    """Keep the consultant's notes while the consultation runs (no state change)."""
    now = now or timezone.now()
    visit = _lock(visit)
    consultation = _current(visit)
    consultation.internal_notes = internal_notes.strip()
    consultation.outcome_summary = outcome_summary.strip()
    consultation.follow_up_needed = follow_up_needed
    consultation.save(update_fields=["internal_notes", "outcome_summary", "follow_up_needed"])
    _event(
        visit,
        A.NOTES,
        actor,
        from_status=visit.status,
        to_status=visit.status,
        at=now,
        division=consultation.division,
    )
    return consultation


@transaction.atomic
def end(
    visit: Visit,
    *,
    actor,
    outcome_summary: str,
    internal_notes: str = "",
    follow_up_needed: bool = False,
    send_outcome: bool = False,
    now: datetime | None = None,
) -> Visit:
    """End the consultation with an outcome summary the visitor may read (on the visit link,
    and by e-mail when asked and an address was given). Internal notes stay with the staff."""
    now = now or timezone.now()
    visit = _lock(visit)
    consultation = _current(visit)
    if consultation.status != Consultation.Status.ACTIVE:
        raise VisitError(_("Konsultasi belum dimulai."))
    if not outcome_summary.strip():
        raise VisitError(_("Tulis ringkasan hasil konsultasi."))
    consultation.status = Consultation.Status.DONE
    consultation.ended_at = now
    consultation.outcome_summary = outcome_summary.strip()
    consultation.internal_notes = internal_notes.strip()
    consultation.follow_up_needed = follow_up_needed
    visit.ended_at = now
    visit.closed_at = now
    _move(
        visit,
        S.DONE,
        A.ENDED,
        actor,
        now,
        division=consultation.division,
        fields=("ended_at", "closed_at"),
    )
    if send_outcome and visit.email:
        consultation.outcome_emailed_at = now
        _mail(visit, "visits/email/outcome", topic="visit_outcome", consultation=consultation)
        _event(
            visit,
            A.OUTCOME_SENT,
            actor,
            from_status=S.DONE,
            to_status=S.DONE,
            at=now,
            division=consultation.division,
        )
    consultation.save()
    return visit


@transaction.atomic
def hand_over(
    visit: Visit, division: Division, *, actor, reason: str, now: datetime | None = None
) -> Visit:
    """A consultant passes the visitor to another division; the hand-over is recorded and
    the visitor joins that division's queue."""
    now = now or timezone.now()
    visit = _lock(visit)
    if division.office_id != visit.office_id:
        raise VisitError(_("Bagian ini milik instansi lain."))
    consultation = _current(visit)
    if consultation.division_id == division.pk:
        raise VisitError(_("Pilih bagian lain."))
    if not reason.strip():
        raise VisitError(_("Tulis alasan pengalihan."))
    consultation.status = Consultation.Status.HANDED_OVER
    consultation.ended_at = now
    consultation.handover_reason = reason.strip()
    consultation.save(update_fields=["status", "ended_at", "handover_reason"])
    _open_consultation(
        visit,
        division,
        actor if actor and actor.is_authenticated else None,
        now,
        handed_from=consultation,
        handover_reason=reason.strip(),
    )
    visit.division = division
    _move(
        visit,
        S.ROUTED,
        A.HANDED_OVER,
        actor,
        now,
        division=division,
        note=f"{consultation.division.name} -> {division.name}: {reason.strip()}",
        fields=("division",),
    )
    return visit


# --- Endings -------------------------------------------------------------------------------


def _close_open_consultation(visit: Visit, now: datetime) -> None:
    Consultation.objects.filter(visit=visit, status__in=OPEN_CONSULTATION).update(
        status=Consultation.Status.ABANDONED, ended_at=now
    )


@transaction.atomic
def cancel(visit: Visit, *, actor=None, reason: str = "", now: datetime | None = None) -> Visit:
    """A booking cancelled by the visitor (with the link) or by staff."""
    now = now or timezone.now()
    visit = _lock(visit)
    visit.closed_at = now
    _move(visit, S.CANCELLED, A.CANCELLED, actor, now, note=reason, fields=("closed_at",))
    return visit


@transaction.atomic
def walk_out(visit: Visit, *, actor, now: datetime | None = None) -> Visit:
    """The visitor left before being served."""
    now = now or timezone.now()
    visit = _lock(visit)
    visit.closed_at = now
    _move(visit, S.WALKED_OUT, A.WALKED_OUT, actor, now, fields=("closed_at",))
    _close_open_consultation(visit, now)
    return visit


def mark_no_shows(now: datetime | None = None) -> int:
    """Bookings not checked in by the closing time of their day become no-shows. Idempotent:
    each visit is claimed with a conditional update, so a second run (or a second worker)
    changes nothing. Returns how many visits were marked."""
    now = now or timezone.now()
    marked = 0
    candidates = (
        Visit.objects.filter(status=S.BOOKED, preferred_date__lte=now.date() + timedelta(days=1))
        .select_related("office")
        .order_by("office_id", "preferred_date")
    )
    calendars: dict[int, object] = {}
    for visit in candidates.iterator():
        calendar = calendars.setdefault(visit.office_id, calendar_for(visit.office))
        closing = calendar.closing_time(visit.preferred_date)
        if closing is None:  # the day became a holiday after booking: end of that day
            closing = datetime.combine(
                visit.preferred_date + timedelta(days=1), time(0), tzinfo=visit.office.tz
            )
        if now < closing:
            continue
        with transaction.atomic():
            claimed = Visit.objects.filter(pk=visit.pk, status=S.BOOKED).update(
                status=S.NO_SHOW, closed_at=now
            )
            if claimed:
                _event(visit, A.NO_SHOW, None, from_status=S.BOOKED, to_status=S.NO_SHOW, at=now)
                marked += 1
    return marked


# --- Office settings -------------------------------------------------------------------------


@transaction.atomic
def save_settings(office: Office, *, actor, retention_days: int, store_id_number: bool):
    found, _created = VisitSettings.objects.update_or_create(
        office=office,
        defaults={"retention_days": retention_days, "store_id_number": store_id_number},
    )
    if not store_id_number:
        # Turning storage off also forgets the numbers already kept.
        Visit.objects.filter(office=office).exclude(id_number="").update(id_number="")
    return found


# --- Mail ------------------------------------------------------------------------------------


def _mail(visit: Visit, template: str, *, topic: str, consultation=None) -> None:
    context = {
        "visit": visit,
        "office": visit.office,
        "consultation": consultation,
        "url": absolute(reverse("visits:summary", args=[visit.token])),
    }
    subject, body, html = render_email(template, context, visit.language)
    queue_email(
        to=visit.email,
        subject=subject,
        body=body,
        html=html,
        topic=topic,
        related=f"visit:{visit.pk}",
    )
