"""A visit begins: booked online (seed step b before coming, with the documents), or entered
in the guest book on arrival at the kiosk or the front desk, or a booking checked in.

Queue numbers are given (kiosk and front desk alike) only while the office is open, or from
`EARLY_ARRIVAL` (30 minutes) before an opening: a visitor early in the morning or near the end
of the lunch break takes a number and waits, and the clock does not count that wait. A booking
is checked in only on its booked day (local to the office); otherwise the visitor is told when
to come, or that the booking has expired or was recorded as a no-show.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.consent import consent_record

from ..codes import new_booking_code
from ..models import Attachment, QueueCounter, Visit, VisitEvent
from .clock import (
    admin_limit,
    arrival_problem,
    booking_day_problem,
    lazy_local_text,
    local_today,
    visit_time_problem,
)
from .lookup import new_token
from .mail import mail_visitor
from .rules import (
    BookingUnusable,
    OtherOffice,
    VisitError,
    VisitTimeRefused,
    lock_visit,
    move,
    write_event,
)
from .slots import lock_slots, slot_problem

if TYPE_CHECKING:
    from django.core.files import File

    from loket.offices.models import Division, Office
    from loket.standards.models import Service

S = Visit.Status
A = VisitEvent.Action
ARRIVAL_FIELDS = ("queue_date", "queue_number", "checked_in_at", "admin_limit_seconds")
BOOKING_CODE_ATTEMPTS = 5


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


@dataclass
class Upload:
    """A document checked by content and size (`forms.check_upload`), ready to store."""

    kind: str
    name: str
    content_type: str
    extension: str
    file: File


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


class PhoneRefused(VisitError):
    """A phone number outside Indonesia's numbering plan (loket/validators.py)."""

    default_code = "phone_invalid"


def stored_phone(value: str) -> str:
    """The visitor's number in its stored E.164 form (`validators.e164`: every way in, the
    forms, the API and a direct call, stores one form). Raises PhoneRefused."""
    try:
        return validators.e164(value)
    except ValidationError as exc:
        raise PhoneRefused(exc.messages[0], field="phone") from exc


# The optional e-mail's purpose, recorded with the visitor's consent (`loket.consent`).
EMAIL_PURPOSE = "booking_copy_reminder_summary"


def _new_visit(
    office: Office, entry: GuestBookEntry, status: str, source: str, *, now: datetime
) -> Visit:
    if entry.service.office_id != office.pk:
        raise OtherOffice(_("Layanan ini milik instansi lain."), field="service")
    if entry.division is not None and entry.division.office_id != office.pk:
        raise OtherOffice(_("Bagian ini milik instansi lain."), field="division")
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
    fields["phone"] = stored_phone(entry.phone)
    for _attempt in range(BOOKING_CODE_ATTEMPTS):
        visit = Visit(
            office=office,
            status=status,
            source=source,
            booking_code=new_booking_code(),
            token=new_token(),
            # The e-mail is optional: given, it is processed on the visitor's consent.
            consents=(
                [consent_record("email", EMAIL_PURPOSE, office=office, now=now)]
                if fields["email"]
                else []
            ),
            **fields,
        )
        if not Visit.objects.filter(booking_code=visit.booking_code).exists():
            return visit
    raise RuntimeError("could not draw a free booking code")  # 60 bits: never in practice


def _store(visit: Visit, upload: Upload) -> None:
    # Never the visitor's file name on disk: it may carry personal data and unsafe characters.
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


@transaction.atomic
def book(
    office: Office,
    entry: GuestBookEntry,
    uploads: Iterable[Upload] = (),
    *,
    actor: Any = None,
    source: str = Visit.Source.ONLINE,
    now: datetime | None = None,
) -> Visit:
    """An online booking: the guest book filled in before coming, with the documents. The
    visitor gets a booking code, a QR code and, with an e-mail address, a copy by e-mail. A
    slot already full for the division is refused with the next free slots (`SlotFull`)."""
    now = now or timezone.now()
    if entry.preferred_date is None or entry.preferred_time is None:
        raise VisitTimeRefused(
            _("Pilih tanggal dan jam kunjungan."), code="visit_time_missing", field="preferred_date"
        )
    problem = visit_time_problem(office, entry.preferred_date, entry.preferred_time, now)
    if problem is not None:
        raise problem
    lock_slots(office)
    full = slot_problem(office, entry.division, entry.preferred_date, entry.preferred_time, now=now)
    if full is not None:
        raise full
    visit = _new_visit(office, entry, S.BOOKED, source, now=now)
    visit.booked_at = now
    visit.save()
    for upload in uploads:
        _store(visit, upload)
    write_event(visit, A.BOOKED, actor, now=now, from_status="", to_status=S.BOOKED)
    if visit.email:
        mail_visitor(visit, "visits/email/booking", topic="visit_booked")
    return visit


@transaction.atomic
def register_walk_in(
    office: Office,
    entry: GuestBookEntry,
    *,
    actor: Any = None,
    source: str = Visit.Source.KIOSK,
    now: datetime | None = None,
) -> Visit:
    """A visitor who fills in the guest book on arrival (kiosk or front desk): checked in at
    once, with the day's next queue number."""
    now = now or timezone.now()
    problem = arrival_problem(office, now)
    if problem is not None:
        raise problem
    visit = _new_visit(office, entry, S.CHECKED_IN, source, now=now)
    _arrive(visit, now)
    visit.save()
    write_event(visit, A.CHECKED_IN, actor, now=now, from_status="", to_status=S.CHECKED_IN)
    return visit


@transaction.atomic
def check_in(visit: Visit, *, actor: Any = None, now: datetime | None = None) -> Visit:
    """A booked visitor arrives (kiosk with the booking code, or the front desk) on the day
    booked, while the office is open (or about to open, `EARLY_ARRIVAL`). A second check-in
    with the same code on the same day shows the number already given."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    if visit.status != S.BOOKED:
        if visit.queue_number and visit.queue_date == local_today(visit.office, now):
            return visit
        if visit.status == S.NO_SHOW:
            raise BookingUnusable(
                _(
                    "Pemesanan ini untuk %(when)s dan tercatat tidak datang. Silakan isi buku "
                    "tamu atau pesan kunjungan baru."
                ),
                code="booking_no_show",
                params={
                    "when": lazy_local_text(
                        visit.preferred_date, visit.preferred_time, visit.office
                    )
                },
            )
        raise BookingUnusable(
            _("Pemesanan ini tidak dapat digunakan lagi (%(status)s)."),
            code="booking_used",
            params={"status": S(visit.status).label},
        )
    problem = booking_day_problem(visit, now) or arrival_problem(visit.office, now)
    if problem is not None:
        raise problem
    _arrive(visit, now)
    move(visit, S.CHECKED_IN, A.CHECKED_IN, actor, now, fields=ARRIVAL_FIELDS)
    return visit
