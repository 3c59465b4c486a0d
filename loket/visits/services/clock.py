"""Time at the consultation desk, always in the office's zone and calendar: the office's
today, the administration clock (seed: "Administrasi : 15 Menit", counted in office time
from check-in to routing: a lunch break, the night and a holiday do not count), and the
moments a visit may be booked for or a queue number taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from loket.standards import selectors as standards
from loket.workdays.services import calendar_for

from ..dates import local_text, moment_text
from ..models import Visit
from .rules import (
    BOOKING_HORIZON,
    DEFAULT_ADMIN_LIMIT,
    EARLY_ARRIVAL,
    ArrivalRefused,
    VisitTimeRefused,
)

if TYPE_CHECKING:
    from loket.offices.models import Office
    from loket.standards.models import Service

# Dates in refusals are written when the message is shown, in the language active then.
lazy_local_text = lazy(local_text, str)
lazy_moment_text = lazy(moment_text, str)


def local_today(office: Office, now: datetime | None = None) -> date:
    """The office's today (its own zone: WIB, WITA or WIT), never the server's."""
    return (now or timezone.now()).astimezone(office.tz).date()


def admin_limit(service: Service) -> timedelta:
    """The standard's administration time (seed: 15 minutes), else 15 minutes."""
    return standards.administration_time(service) or DEFAULT_ADMIN_LIMIT


def admin_elapsed(
    visit: Visit, now: datetime | None = None, calendar: Any = None
) -> timedelta | None:
    """Office time from check-in to routing (or to `now` while the visitor still waits)."""
    if visit.checked_in_at is None:
        return None
    if visit.admin_seconds is not None:
        return timedelta(seconds=visit.admin_seconds)
    calendar = calendar or calendar_for(visit.office)
    return max(
        calendar.office_time_between(visit.checked_in_at, now or timezone.now()), timedelta()
    )


@dataclass(frozen=True)
class AdminClock:
    """A visit with its administration clock against its limit, as the desk shows it."""

    visit: Visit
    elapsed: timedelta | None
    limit: timedelta | None

    @property
    def minutes(self) -> int | None:
        return int(self.elapsed.total_seconds() // 60) if self.elapsed is not None else None

    @property
    def limit_minutes(self) -> int | None:
        return int(self.limit.total_seconds() // 60) if self.limit else None

    @property
    def over(self) -> bool:
        return bool(self.elapsed is not None and self.limit and self.elapsed > self.limit)

    @property
    def running(self) -> bool:
        return self.visit.is_at_desk


def admin_clocks(
    office: Office, visits: list[Visit], now: datetime | None = None
) -> list[AdminClock]:
    """Each visit with its administration clock (one calendar for the office, no query per
    visit once the calendar is cached)."""
    calendar = calendar_for(office)
    now = now or timezone.now()
    return [
        AdminClock(
            visit=visit,
            elapsed=admin_elapsed(visit, now, calendar),
            limit=timedelta(seconds=visit.admin_limit_seconds)
            if visit.admin_limit_seconds
            else None,
        )
        for visit in visits
    ]


def visit_time_problem(
    office: Office, day: date, at: time, now: datetime | None = None
) -> VisitTimeRefused | None:
    """The refusal when `day` `at` is not a moment the office is open in the future (working
    days and office hours of the office's calendar, at most 90 days ahead); None when it is."""
    calendar = calendar_for(office)
    now = now or timezone.now()
    today = local_today(office, now)
    if day < today:
        return VisitTimeRefused(
            _("Tanggal kunjungan sudah lewat."), code="date_past", field="preferred_date"
        )
    if not calendar.is_working_day(day):
        return VisitTimeRefused(
            _("Tanggal itu bukan hari kerja. Pilih hari kerja (Senin-Jumat, bukan hari libur)."),
            code="not_working_day",
            field="preferred_date",
        )
    moment = datetime.combine(day, at, tzinfo=office.tz)
    if not calendar.is_open(moment):
        return VisitTimeRefused(
            _("Jam itu di luar jam layanan. Pilih jam layanan pada hari itu."),
            code="outside_office_hours",
            field="preferred_time",
        )
    if moment <= now:
        return VisitTimeRefused(
            _("Jam kunjungan sudah lewat."), code="time_past", field="preferred_time"
        )
    if day > today + BOOKING_HORIZON:
        return VisitTimeRefused(
            _("Pemesanan paling lama 90 hari sebelum kunjungan."),
            code="too_far_ahead",
            field="preferred_date",
        )
    return None


def arrival_problem(
    office: Office, now: datetime | None = None, calendar: Any = None
) -> ArrivalRefused | None:
    """The refusal when nobody can take a queue number at `now` (the office is closed and
    opens more than `EARLY_ARRIVAL` later), naming the next opening; None when one can."""
    calendar = calendar or calendar_for(office)
    now = now or timezone.now()
    if calendar.is_open(now):
        return None
    opening = calendar.next_opening(now)
    if opening - now <= EARLY_ARRIVAL:
        return None
    return ArrivalRefused(
        _(
            "Layanan sedang tutup. Silakan datang kembali pada jam layanan: "
            "%(when)s (nomor antrean dapat diambil mulai %(minutes)s menit sebelumnya)."
        ),
        code="office_closed",
        params={
            "when": lazy_moment_text(opening, office),
            "minutes": int(EARLY_ARRIVAL.total_seconds() // 60),
        },
    )


def closed_notice(office: Office, now: datetime | None = None) -> str:
    """The notice shown while no queue number can be taken (`arrival_problem`), in the
    active language: the kiosk's and the waiting-room screen's words; "" when one can."""
    problem = arrival_problem(office, now)
    return str(problem) if problem is not None else ""


def booking_day_problem(visit: Visit, now: datetime | None = None) -> ArrivalRefused | None:
    """The refusal when a booking is checked in on another day than the one booked (too
    early: when to come; too late: it has expired); None on the booked day."""
    if visit.preferred_date is None:
        return None
    today = local_today(visit.office, now)
    when = lazy_local_text(visit.preferred_date, visit.preferred_time, visit.office)
    if visit.preferred_date > today:
        return ArrivalRefused(
            _(
                "Pemesanan ini untuk %(when)s. Silakan datang pada hari itu untuk mengambil "
                "nomor antrean."
            ),
            code="booking_too_early",
            params={"when": when},
        )
    if visit.preferred_date < today:
        return ArrivalRefused(
            _(
                "Pemesanan ini untuk %(when)s dan sudah tidak berlaku. Silakan isi buku tamu "
                "atau pesan kunjungan baru."
            ),
            code="booking_expired",
            params={"when": when},
        )
    return None


def no_show_moment(day: date, office: Office, calendar: Any) -> datetime:
    """When a booking for `day` not checked in becomes a no-show: the closing time of that
    day, or the end of it (office zone) when the day became a holiday after booking."""
    closing = calendar.closing_time(day)
    if closing is not None:
        return closing
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=office.tz)
