"""Read-only queries over visits, for the pages, the API, the jobs and other apps (a reports
app calls these and `stats`). Each takes the office the caller was already scoped to (see
`loket.offices.permissions`) and never crosses to another office; lists run a constant number
of queries, whatever their length."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from loket.offices.services import all_divisions_of
from loket.person_match import Contact
from loket.standards import selectors as standards
from loket.stored_files import UploadArea
from loket.workdays.services import calendar_for

from .models import (
    ON_SITE_STATUSES,
    OPEN_CONSULTATION,
    Attachment,
    Consultation,
    KioskDevice,
    Visit,
    VisitEvent,
)
from .services.clock import AdminClock, admin_clocks, local_today, no_show_moment

if TYPE_CHECKING:
    from loket.offices.models import Division, Office
    from loket.standards.models import Service

S = Visit.Status
C = Consultation.Status
FINISHED_SHOWN = 20  # the division queue's "finished today" list
DISPLAY_RECENT_SHOWN = 5  # the waiting-room screen's "last calls" list


def bookable_services(office: Office) -> QuerySet[Service]:
    """Services a visitor may choose: those with a published standard."""
    return standards.public_services(office)


def office_visits(office: Office) -> QuerySet[Visit]:
    """The office's visits with what a staff page shows of one (scope them with
    `permissions.get_scoped_or_404`)."""
    return Visit.objects.filter(office=office).select_related("office", "service", "division")


def visit_on_ticket(pk: int) -> Visit | None:
    """The visit behind a kiosk ticket id (already verified by its signature)."""
    return Visit.objects.select_related("office").filter(pk=pk).first()


def kiosks_of(office: Office) -> list[KioskDevice]:
    """The office's kiosks, active and pending first, revoked last."""
    return list(KioskDevice.objects.filter(office=office).select_related("created_by"))


def kiosk_of(office: Office, pk: int) -> KioskDevice | None:
    return KioskDevice.objects.filter(office=office, pk=pk).first()


def attachment_of(visit: Visit, pk: int) -> Attachment | None:
    return Attachment.objects.filter(visit=visit, pk=pk).first()


def attachments_of(visit: Visit) -> list[Attachment]:
    return list(visit.attachments.all())


def history_of(visit: Visit) -> QuerySet[VisitEvent]:
    """Every event of the visit, for the staff (oldest first)."""
    return visit.events.select_related("actor", "division")


def public_timeline(visit: Visit) -> QuerySet[VisitEvent]:
    """The events the visitor reads on their own link."""
    return visit.events.public().select_related("division")


def consultations_of(visit: Visit) -> list[Consultation]:
    return list(visit.consultations.select_related("division", "consultant"))


def outcomes_of(visit: Visit) -> QuerySet[Consultation]:
    """The finished consultations whose outcome summary the visitor may read."""
    return visit.consultations.filter(status=C.DONE).select_related("division")


def open_division_id(visit: Visit) -> int | None:
    """The division of the visit's open consultation, if any."""
    return (
        visit.consultations.filter(status__in=OPEN_CONSULTATION)
        .values_list("division_id", flat=True)
        .first()
    )


# --- The front desk ----------------------------------------------------------------------


@dataclass(frozen=True)
class GuestBook:
    today: date
    waiting: list[AdminClock]  # checked in, the administration clock running
    arrived: list[AdminClock]  # routed or further along (the clock stopped)
    expected: list[Visit]  # booked for today, not yet arrived


def guest_book(office: Office, now: datetime | None = None) -> GuestBook:
    """Today's arrivals and bookings (office zone), and whoever is still in the office's
    hands from an earlier day (checked in before closing and not yet finished: the clock
    runs on). One query, plus the office calendar (cached)."""
    now = now or timezone.now()
    today = local_today(office, now)
    visits = list(
        Visit.objects.filter(office=office)
        .filter(
            Q(queue_date=today)
            | Q(status=S.BOOKED, preferred_date=today)
            | Q(status__in=ON_SITE_STATUSES)
        )
        .select_related("division", "service")
        .order_by("queue_date", "queue_number", "preferred_time", "id")
    )
    arrived = [visit for visit in visits if visit.queue_number]
    return GuestBook(
        today=today,
        waiting=admin_clocks(office, [v for v in arrived if v.is_at_desk], now),
        arrived=admin_clocks(office, [v for v in arrived if not v.is_at_desk], now),
        expected=[visit for visit in visits if not visit.queue_number],
    )


# --- The divisions -----------------------------------------------------------------------


@dataclass(frozen=True)
class DivisionLoad:
    division: Division
    waiting: int  # routed, not yet called
    in_progress: int  # called or in consultation


def division_loads(office: Office, divisions: Iterable[Division]) -> list[DivisionLoad]:
    """Each division with how many visitors wait for it and how many it is serving (two
    queries: the divisions and one grouped count)."""
    divisions = list(divisions)
    counts: dict[int, tuple[int, int]] = {
        row["division_id"]: (row["waiting"], row["in_progress"])
        for row in Visit.objects.filter(office=office, division__in=divisions)
        .values("division_id")
        .annotate(
            waiting=Count("id", filter=Q(status=S.ROUTED)),
            in_progress=Count("id", filter=Q(status__in=(S.CALLED, S.IN_CONSULTATION))),
        )
    }
    return [DivisionLoad(division, *counts.get(division.pk, (0, 0))) for division in divisions]


@dataclass(frozen=True)
class DivisionQueue:
    division: Division
    waiting: list[Consultation]
    serving: list[Consultation]
    finished: list[Consultation]  # today's (office zone), latest first


def division_queue(
    office: Office, division: Division, now: datetime | None = None
) -> DivisionQueue:
    """A division's open consultations in queue order, and today's finished ones (two
    queries)."""
    rows = list(
        Consultation.objects.filter(division=division, status__in=OPEN_CONSULTATION)
        .select_related("visit", "handed_from__division", "consultant")
        .order_by("queued_at", "id")
    )
    finished = list(
        Consultation.objects.filter(
            division=division,
            status__in=(C.DONE, C.HANDED_OVER),
            visit__queue_date=local_today(office, now),
        )
        .select_related("visit", "consultant")
        .order_by("-ended_at")[:FINISHED_SHOWN]
    )
    return DivisionQueue(
        division=division,
        waiting=[c for c in rows if c.status == C.WAITING],
        serving=[c for c in rows if c.status != C.WAITING],
        finished=finished,
    )


# --- The waiting room ---------------------------------------------------------------------


DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def spoken_call(queue: str, division: str) -> str:
    """The call the waiting-room screen speaks, always in Bahasa Indonesia, digit by digit as
    queue systems do: "Nomor antrean K nol nol tujuh, silakan ke Bagian Pelayanan Dasar"."""
    letters = [DIGITS[int(char)] if char.isdigit() else char for char in queue if char != "-"]
    return f"Nomor antrean {' '.join(letters)}, silakan ke {division}"


@dataclass(frozen=True)
class Call:
    """One call of a visitor to a division, as the screen shows and speaks it."""

    key: str  # changes when the same visitor is called again (a new call time)
    queue: str
    division: Division
    called_at: datetime
    spoken: str


@dataclass(frozen=True)
class DisplayBoard:
    current: list[tuple[Division, Call | None]]  # per division, its latest call still open
    recent: list[Call]  # the last calls of the office's today, latest first
    waiting: int  # at the desk or waiting for a division


def _call(consultation: Consultation) -> Call:
    called_at = consultation.called_at or consultation.queued_at
    return Call(
        key=f"{consultation.pk}-{int(called_at.timestamp())}",
        queue=consultation.visit.queue,
        division=consultation.division,
        called_at=called_at,
        spoken=spoken_call(consultation.visit.queue, consultation.division.name),
    )


def display_board(office: Office, now: datetime | None = None) -> DisplayBoard:
    """The waiting-room screen: each division's current call (called or in consultation,
    whatever the day: a visitor may wait across a closing time), the last
    `DISPLAY_RECENT_SHOWN` calls of the office's today, and how many wait. Three queries."""
    now = now or timezone.now()
    today_start = datetime.combine(local_today(office, now), datetime.min.time(), office.tz)
    divisions = list(all_divisions_of(office))
    open_calls = list(
        Consultation.objects.filter(visit__office=office, status__in=(C.CALLED, C.ACTIVE))
        .select_related("division", "visit")
        .order_by("-called_at", "-id")
    )
    current: dict[int, Call] = {}
    for consultation in open_calls:
        current.setdefault(consultation.division_id, _call(consultation))
    recent = [
        _call(consultation)
        for consultation in Consultation.objects.filter(
            visit__office=office, called_at__gte=today_start
        )
        .select_related("division", "visit")
        .order_by("-called_at", "-id")[:DISPLAY_RECENT_SHOWN]
    ]
    waiting = Visit.objects.filter(office=office, status__in=(S.CHECKED_IN, S.ROUTED)).count()
    return DisplayBoard(
        # An inactive division shows while a call of its queue is still open.
        current=[
            (division, current.get(division.pk))
            for division in divisions
            if division.is_active or division.pk in current
        ],
        recent=recent,
        waiting=waiting,
    )


# --- Periodic work -------------------------------------------------------------------------


def bookings_past_closing(now: datetime | None = None) -> Iterator[Visit]:
    """Bookings still not checked in after the closing time of their day (office zone and
    calendar): the no-shows to mark. One query plus one calendar per office."""
    now = now or timezone.now()
    # No office's today is later than the UTC date plus one day (WIT is UTC+9).
    latest_day = now.astimezone(UTC).date() + timedelta(days=1)
    candidates = (
        Visit.objects.filter(status=S.BOOKED, preferred_date__lte=latest_day)
        .select_related("office")
        .order_by("office_id", "preferred_date", "id")
    )
    calendars: dict[int, Any] = {}
    for visit in candidates.iterator():
        calendar = calendars.setdefault(visit.office_id, calendar_for(visit.office))
        if visit.preferred_date and now >= no_show_moment(
            visit.preferred_date, visit.office, calendar
        ):
            yield visit


def bookings_to_remind(now: datetime | None = None) -> Iterator[Visit]:
    """Bookings with an e-mail address, not yet reminded, whose day may be some office's
    tomorrow (`services.reminder_due` decides per office zone). One query."""
    now = now or timezone.now()
    utc_today = now.astimezone(UTC).date()
    # Every office's today is the UTC date or the next (WIB/WITA/WIT are ahead of UTC).
    rows = (
        Visit.objects.filter(
            status=S.BOOKED,
            reminded_at__isnull=True,
            preferred_date__range=(utc_today + timedelta(days=1), utc_today + timedelta(days=2)),
        )
        .exclude(email="")
        .select_related("office", "service", "division")
        .order_by("office_id", "preferred_date", "id")
    )
    yield from rows.iterator()


# --- For reports (loket.reports): the consultation desk's figures of a period -------------


@dataclass
class DeskFigures:
    """A period's desk numbers with the definitions of `stats` (its module docstring):
    `total` and one group per division (`stats.Group`: visits, no-shows, administration
    time against the standard, waiting and consultation time, in minutes), and the visits
    that arrived (checked in) with a booking or without one (walk-ins)."""

    total: Any
    divisions: list[Any]
    booked_arrivals: int
    walk_ins: int


def desk_figures(
    office: Office,
    start: date,
    end: date,
    *,
    service_id: int | None = None,
    division_id: int | None = None,
) -> DeskFigures:
    """The desk's figures from `start` to `end` (office-local days, inclusive), narrowed by
    service and division when given. One query, whatever the period's size."""
    from . import stats

    rows = stats.visit_rows(office, start, end)
    if service_id:
        rows = rows.filter(service_id=service_id)
    if division_id:
        rows = rows.filter(division_id=division_id)
    return _desk_of(rows.values(*stats.FIELDS, "booked_at"))


def _desk_of(rows: Iterable[dict[str, Any]]) -> DeskFigures:
    from . import stats

    total = stats.Group(label="")
    divisions: dict[str, Any] = {}
    booked = walk_ins = 0
    for row in rows:
        total.add(row)
        name = row["division__name"] or ""
        divisions.setdefault(name, stats.Group(label=name)).add(row)
        if row["checked_in_at"] is not None:
            if row["booked_at"] is not None:
                booked += 1
            else:
                walk_ins += 1
    return DeskFigures(
        total=total,
        divisions=sorted(divisions.values(), key=lambda group: (group.label == "", group.label)),
        booked_arrivals=booked,
        walk_ins=walk_ins,
    )


def desk_figures_of(office_ids: Iterable[int], start: date, end: date) -> dict[int, DeskFigures]:
    """`desk_figures` (no filter) of every office of `office_ids`, from `start` to `end`
    (office-local days, inclusive: the same dates in every zone): office id -> figures,
    every office present (empty figures for one without visits). One query, whatever the
    number of offices."""
    from . import stats

    ids = list(office_ids)
    grouped: dict[int, list[dict[str, Any]]] = {office_id: [] for office_id in ids}
    if ids:
        rows = (
            stats.visit_rows_of(ids, start, end)
            .values(*stats.FIELDS, "booked_at", "office_id")
            .order_by("office_id", "queue_date", "preferred_date", "queue_number", "id")
        )
        for row in rows:
            grouped[row["office_id"]].append(row)
    return {office_id: _desk_of(rows) for office_id, rows in grouped.items()}


@dataclass(frozen=True)
class DeskCountsOf:
    """The counts of `desk_figures`' total the province view shows: visits that arrived
    (checked in; `stats.Group.visits`), those of them with an administration time
    (`admin.count`) and those within the standard in force at check-in (`within`)."""

    visits: int = 0
    with_admin_time: int = 0
    within: int = 0


def desk_counts_of(office_ids: Iterable[int], start: date, end: date) -> dict[int, DeskCountsOf]:
    """`DeskCountsOf` of every office of `office_ids` from `start` to `end` (office-local
    days, inclusive, the rule of `desk_figures_of`), counted by the database: office id ->
    counts, every office present. The same numbers as `desk_figures_of`'s totals without
    reading a row per visit. One query, whatever the number of offices and visits."""
    from django.db.models import F

    from . import stats

    ids = list(office_ids)
    found = {office_id: DeskCountsOf() for office_id in ids}
    if not ids:
        return found
    arrived = ~Q(status__in=(S.NO_SHOW, S.CANCELLED, S.BOOKED))
    timed = arrived & Q(admin_seconds__isnull=False)
    rows = (
        stats.visit_rows_of(ids, start, end)
        .values("office_id")
        .annotate(
            visits=Count("id", filter=arrived),
            with_admin_time=Count("id", filter=timed),
            within=Count(
                "id",
                filter=timed
                & (
                    Q(admin_limit_seconds__isnull=True)
                    | Q(admin_seconds__lte=F("admin_limit_seconds"))
                ),
            ),
        )
        .order_by()
    )
    for row in rows:
        found[row["office_id"]] = DeskCountsOf(
            visits=row["visits"], with_admin_time=row["with_admin_time"], within=row["within"]
        )
    return found


# --- For the staff dashboard (loket.reports): today's desk in one query -------------------


@dataclass(frozen=True)
class DeskCounts:
    """The desk's counts of the office's `today`: visitors at the front desk (checked in,
    not yet routed), visitors waiting per division (routed, not yet called: the division
    queue's "waiting"), bookings for today (not cancelled; kept or not) and today's
    bookings marked as no-shows (marked after the closing time, `jobs.mark_no_shows`)."""

    at_desk: int
    waiting: dict[int, int]  # division id -> visitors waiting for it
    bookings_today: int
    no_shows_today: int


def dashboard_counts(office: Office, *, today: date) -> DeskCounts:
    """`DeskCounts` of `office` on its local day `today`. One query (grouped per
    division), whatever the number of visits."""
    booked_today = Q(booked_at__isnull=False, preferred_date=today)
    rows = (
        Visit.objects.filter(office=office)
        .filter(Q(status__in=(S.CHECKED_IN, S.ROUTED)) | booked_today)
        .values("division_id")
        .annotate(
            at_desk=Count("id", filter=Q(status=S.CHECKED_IN)),
            waiting=Count("id", filter=Q(status=S.ROUTED)),
            bookings=Count("id", filter=booked_today & ~Q(status=S.CANCELLED)),
            no_shows=Count("id", filter=booked_today & Q(status=S.NO_SHOW)),
        )
        .order_by()
    )
    at_desk = bookings = no_shows = 0
    waiting: dict[int, int] = {}
    for row in rows:
        at_desk += row["at_desk"]
        bookings += row["bookings"]
        no_shows += row["no_shows"]
        if row["division_id"] is not None and row["waiting"]:
            waiting[row["division_id"]] = row["waiting"]
    return DeskCounts(
        at_desk=at_desk, waiting=waiting, bookings_today=bookings, no_shows_today=no_shows
    )


# The visitors' documents: `visits/<office id>/<generated name>` (models.attachment_path).
UPLOAD_AREAS = (UploadArea("visits"),)


def referenced_uploads(paths: Iterable[str]) -> set[str]:
    """Those of `paths` (storage names) that a visit's attachment row names: the files the
    orphan sweep of the privacy purge must keep. One query."""
    return set(Attachment.objects.filter(file__in=list(paths)).values_list("file", flat=True))


def contacts_collected_between(
    office: Office, *, start: datetime | None, end: datetime | None
) -> list[Contact]:
    """The identity of every visit of `office` collected (`created_at`) in [start, end) (an
    open side when None) whose personal data is still there, for finding the people a
    breach affected (`loket.person_match.group_people`). One query."""
    rows = Visit.objects.filter(office=office).exclude(name="")
    if start:
        rows = rows.filter(created_at__gte=start)
    if end:
        rows = rows.filter(created_at__lt=end)
    return [
        Contact(
            kind="visit",
            id=row["id"],
            reference=row["booking_code"],
            name=row["name"],
            phone=row["phone"],
            email=row["email"],
            nik=row["id_number"],
            language=row["language"],
            at=row["created_at"],
        )
        for row in rows.order_by("created_at", "id").values(
            "id", "booking_code", "name", "phone", "email", "id_number", "language", "created_at"
        )
    ]
