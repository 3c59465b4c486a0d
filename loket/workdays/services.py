"""Reads and state changes for office calendars.

Other apps compute deadlines with `calendar_for(office)` (an `OfficeCalendar`, cached per
office) or `due_at(...)`, and learn about calendar changes through
`loket.workdays.hooks.register_calendar_listener`.

Every change (weekly hours, schedule overrides, days declared closed or working) goes
through a function here: it checks that the actor may edit that calendar (the office's
admin; a system administrator for nationwide rows), changes the rows in one transaction,
records a `CalendarEvent` and announces the change with `hooks.calendar_changed`. A
refusal is a `CalendarError` (a `DomainError`: a stable `code`, the form `field` it concerns
and a lazily translated message). Every change takes `now` (default `timezone.now()`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from loket.errors import DomainError
from loket.events import record_event
from loket.offices.permissions import has_role
from loket.offices.roles import Role

from . import hooks
from .calendar import (
    DEFAULT_TIMEZONE,
    Interval,
    OfficeCalendar,
    joint_leave_days,
    national_holidays,
    normalize_hours,
)
from .calendar import ScheduleOverride as ScheduleSpan
from .hours import weekly_hours
from .models import (
    CalendarEvent,
    CalendarOverride,
    ScheduleOverride,
    WeeklyHours,
    hours_to_json,
)

if TYPE_CHECKING:
    from loket.offices.models import Office

__all__ = [
    "CalendarError",
    "ClosingDay",
    "add_calendar_override",
    "add_schedule_override",
    "calendar_for",
    "closing_days",
    "due_at",
    "extend_for_pause",
    "may_edit_calendar",
    "overrides_for",
    "recent_events",
    "remove_calendar_override",
    "remove_schedule_override",
    "schedule_overrides_for",
    "set_weekly_hours",
    "years_without_joint_leave",
]


class CalendarError(DomainError):
    """A calendar change that is not allowed. Codes: `not_allowed`, `national_only`,
    `reason_required`, `unknown_kind`, `joint_leave_is_closed`, `day_taken`,
    `already_removed`, `invalid_hours`, `no_open_day`, `range_reversed`, `range_too_long`."""


# --- The calendar of an office --------------------------------------------------------

# office id (None = national) -> (stamp, calendar). Per process; the stamp is read from the
# database on every call, so a change made by another process is seen at once.
_cache: dict[int | None, tuple[tuple, OfficeCalendar]] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 512


def _scope(office: Office | None) -> Q:
    """Rows that shape `office`'s calendar: its own and the nationwide ones."""
    if office is None:
        return Q(office__isnull=True)
    return Q(office=office) | Q(office__isnull=True)


def _stamp(office: Office | None) -> tuple:
    # Every change writes an event, so the newest event identifies the calendar's state.
    latest = (
        CalendarEvent.objects.filter(_scope(office)).order_by("-id").values_list("token").first()
    )
    timezone_name = office.timezone if office is not None else DEFAULT_TIMEZONE
    return (latest, timezone_name)


def _build(office: Office | None) -> OfficeCalendar:
    national: dict[date, str] = {}
    own: dict[date, str] = {}
    for row in CalendarOverride.objects.filter(_scope(office)).values("office_id", "day", "kind"):
        (national if row["office_id"] is None else own)[row["day"]] = row["kind"]
    kinds = national | own  # the office's own decision for a day wins over the nationwide one
    rows = list(ScheduleOverride.objects.filter(_scope(office)).order_by("first_day", "id"))
    # Nationwide spans first, then the office's own, so the office's win where they overlap.
    spans = [
        ScheduleSpan(first=row.first_day, last=row.last_day, hours=row.as_hours())
        for row in sorted(rows, key=lambda row: row.office_id is not None)
    ]
    return OfficeCalendar(
        tz=office.timezone if office is not None else DEFAULT_TIMEZONE,
        weekly_hours=weekly_hours(office),
        closed_days={day for day, kind in kinds.items() if kind == CalendarOverride.Kind.CLOSED},
        open_days={day for day, kind in kinds.items() if kind == CalendarOverride.Kind.WORKING},
        schedule_overrides=spans,
    )


def calendar_for(office: Office | None) -> OfficeCalendar:
    """The working-day calendar of `office`: its weekly hours (Perpres 21/2023 by default),
    the national holidays and cuti bersama, nationwide and office overrides. None gives the
    national calendar with the default hours in Asia/Pontianak.

    Cached per office and rebuilt when its hours or overrides change (one small query per
    call checks that). Reuse the returned object for many deadlines of the same office."""
    key = office.pk if office is not None else None
    stamp = _stamp(office)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    calendar = _build(office)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = (stamp, calendar)
    return calendar


def due_at(office: Office | None, received: datetime, amount: int, unit: str) -> datetime:
    """The deadline `amount` `unit`s ("hours", "minutes", "working_days") after `received`
    in `office`'s calendar (see `OfficeCalendar.add`)."""
    return calendar_for(office).add(received, amount, unit)


def extend_for_pause(
    office: Office | None, due: datetime, paused_at: datetime, resumed_at: datetime, unit: str
) -> datetime:
    """`due` moved by the office time a pause covered (see
    `OfficeCalendar.extend_for_pause` for the rule in hours and in working days)."""
    return calendar_for(office).extend_for_pause(due, paused_at, resumed_at, unit)


# --- Reads for pages ------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingDay:
    day: date
    name: str
    source: str  # "national", "joint_leave", "nationwide", "office"
    working: bool = False  # True: a holiday the office has declared a working day


def closing_days(office: Office | None, year: int, language: str | None = None) -> list[ClosingDay]:
    """The year's holidays and cuti bersama with their names, and the days closed or declared
    working by a system administrator or the office, in date order."""
    language = language or get_language()
    joint = joint_leave_days(year, language)
    days: dict[date, ClosingDay] = {
        day: ClosingDay(day, name, "joint_leave" if day in joint else "national")
        for day, name in national_holidays(year, language).items()
    }
    overrides = (
        CalendarOverride.objects.filter(_scope(office), day__year=year)
        .order_by("day", "office_id")
        .values("office_id", "day", "kind", "reason")
    )
    # Nationwide rows sort first (NULL office) on SQLite and last on PostgreSQL: apply them
    # in two passes so the office's own row always wins.
    for own in (False, True):
        for row in overrides:
            if (row["office_id"] is not None) != own:
                continue
            source = "office" if own else "nationwide"
            if row["kind"] == CalendarOverride.Kind.CLOSED:
                days[row["day"]] = ClosingDay(row["day"], row["reason"], source)
            elif row["day"] in days or own:
                days[row["day"]] = ClosingDay(row["day"], row["reason"], source, working=True)
    return [days[day] for day in sorted(days)]


def overrides_for(office: Office | None, year: int | None = None) -> list[CalendarOverride]:
    """Days declared closed or working for `office` itself (nationwide rows for None)."""
    rows = CalendarOverride.objects.select_related("created_by")
    rows = rows.filter(office=office)
    if year is not None:
        rows = rows.filter(day__year=year)
    return list(rows.order_by("day"))


def schedule_overrides_for(office: Office | None) -> list[ScheduleOverride]:
    rows = ScheduleOverride.objects.select_related("created_by")
    rows = rows.filter(office=office)
    return list(rows.order_by("first_day", "id"))


def recent_events(office: Office | None, limit: int = 20) -> list[CalendarEvent]:
    rows = CalendarEvent.objects.select_related("actor")
    rows = rows.filter(office=office)
    return list(rows.order_by("-at", "-id")[:limit])


def years_without_joint_leave(office: Office | None, today: date) -> list[int]:
    """Years that deadlines reach (this year and the next) with no cuti bersama known yet:
    neither in the published SKB data nor entered as an override marked cuti bersama."""
    missing = []
    for year in (today.year, today.year + 1):
        if joint_leave_days(year):
            continue
        entered = CalendarOverride.objects.filter(
            _scope(office), day__year=year, joint_leave=True, kind=CalendarOverride.Kind.CLOSED
        )
        if not entered.exists():
            missing.append(year)
    return missing


# --- Changes --------------------------------------------------------------------------


def may_edit_calendar(actor: Any, office: Office | None) -> bool:
    """Office admins edit their office's calendar; system administrators edit every
    calendar and the nationwide rows."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return office is not None and has_role(actor, office, [Role.OFFICE_ADMIN])


def _check_may_edit(actor: Any, office: Office | None) -> None:
    if not may_edit_calendar(actor, office):
        if office is None:
            raise CalendarError(
                _("Hanya administrator sistem yang dapat mengubah kalender nasional."),
                code="national_only",
            )
        raise CalendarError(_("Anda tidak berwenang mengubah kalender ini."), code="not_allowed")


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise CalendarError(_("Alasan wajib diisi."), code="reason_required", field="reason")
    return reason


def _normalized(hours: dict[int, tuple[Interval, ...]]) -> dict[int, tuple[Interval, ...]]:
    try:
        return normalize_hours(hours)
    except ValueError as exc:
        raise CalendarError(
            _("Jam layanan tidak sah: %(error)s"),
            code="invalid_hours",
            field="hours",
            params={"error": str(exc)},
        ) from exc


def _record(
    office: Office | None,
    action: str,
    actor: Any,
    now: datetime,
    *,
    day: date | None = None,
    note: str = "",
) -> CalendarEvent:
    event = record_event(
        CalendarEvent, action=action, actor=actor, now=now, note=note, office=office, day=day
    )
    hooks.calendar_changed(office)
    return event


@transaction.atomic
def add_calendar_override(
    *,
    actor: Any,
    office: Office | None,
    day: date,
    kind: str,
    reason: str,
    joint_leave: bool = False,
    now: datetime | None = None,
) -> CalendarOverride:
    """Declare `day` closed or working for `office` (None: nationwide, system admin only).
    A day already overridden for the same scope must be removed first."""
    now = now or timezone.now()
    _check_may_edit(actor, office)
    reason = _require_reason(reason)
    if kind not in CalendarOverride.Kind.values:
        raise CalendarError(_("Jenis hari tidak dikenal."), code="unknown_kind", field="kind")
    if joint_leave and kind != CalendarOverride.Kind.CLOSED:
        raise CalendarError(
            _("Cuti bersama selalu hari libur."), code="joint_leave_is_closed", field="kind"
        )
    taken = CalendarError(
        _("Tanggal ini sudah diatur. Hapus dulu pengaturan yang lama."),
        code="day_taken",
        field="day",
    )
    if CalendarOverride.objects.filter(office=office, day=day).exists():
        raise taken
    try:
        with transaction.atomic():
            override = CalendarOverride.objects.create(
                office=office,
                day=day,
                kind=kind,
                reason=reason,
                joint_leave=joint_leave,
                created_by=actor,
            )
    except IntegrityError as exc:  # the same day added at the same moment elsewhere
        raise taken from exc
    _record(
        office,
        CalendarEvent.Action.DAY_ADDED,
        actor,
        now,
        day=day,
        note=f"{override.get_kind_display()}: {reason}",
    )
    return override


def _already_removed() -> CalendarError:
    return CalendarError(_("Pengaturan ini sudah dihapus."), code="already_removed")


def _span_text(first: date, last: date) -> str:
    """A range of days in the stored notes as people read them ("1 Desember 2026 – 5
    Desember 2026"; Indonesian, like the rest of the stored text), never ISO dates."""
    with translation.override("id"):
        return f"{date_format(first, 'j F Y')} – {date_format(last, 'j F Y')}"


def _removal_note(what: str, reason: str) -> str:
    # Stored text, so not translated: the record reads the same whoever opens it.
    reason = reason.strip()
    return f"{what}; alasan penghapusan: {reason}" if reason else what


@transaction.atomic
def remove_calendar_override(
    *, actor: Any, override: CalendarOverride, reason: str = "", now: datetime | None = None
) -> None:
    """Remove a day override; the day follows the national calendar again. The row goes,
    the `CalendarEvent` stays: who removed what, when, and why (`reason`)."""
    now = now or timezone.now()
    office = override.office
    _check_may_edit(actor, office)
    note = _removal_note(f"{override.get_kind_display()}: {override.reason}", reason)
    day = override.day
    deleted, _rows = CalendarOverride.objects.filter(pk=override.pk).delete()
    if not deleted:
        raise _already_removed()
    _record(office, CalendarEvent.Action.DAY_REMOVED, actor, now, day=day, note=note)


# Stored in the record as plain Indonesian, like the reasons staff type.
_SHORT_WEEKDAYS = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")


def _hours_text(hours: dict[int, tuple[Interval, ...]]) -> str:
    """{0: ((07:30, 12:00), ...), ...} -> "Sen 07.30-12.00, 13.00-16.00; ...; Min tutup"."""
    return "; ".join(
        f"{_SHORT_WEEKDAYS[weekday]} "
        + (", ".join(f"{a:%H.%M}-{b:%H.%M}" for a, b in spans) if spans else "tutup")
        for weekday, spans in sorted(hours.items())
    )


@transaction.atomic
def set_weekly_hours(
    *,
    actor: Any,
    office: Office,
    hours: dict[int, tuple[Interval, ...]] | None,
    now: datetime | None = None,
) -> None:
    """Store `office`'s regular weekly hours (weekday -> intervals; missing weekdays are
    closed). None returns the office to the Perpres 21/2023 default."""
    now = now or timezone.now()
    _check_may_edit(actor, office)
    if hours is None:
        WeeklyHours.objects.filter(office=office).delete()
        _record(
            office, CalendarEvent.Action.HOURS_CHANGED, actor, now, note="Perpres 21/2023 (bawaan)"
        )
        return
    normalized = _normalized(hours)
    if not any(normalized.values()):
        raise CalendarError(
            _("Setidaknya satu hari harus memiliki jam layanan."),
            code="no_open_day",
            field="hours",
        )
    stored = hours_to_json({weekday: spans for weekday, spans in normalized.items() if spans})
    WeeklyHours.objects.update_or_create(
        office=office, defaults={"hours": stored, "updated_by": actor}
    )
    _record(office, CalendarEvent.Action.HOURS_CHANGED, actor, now, note=_hours_text(normalized))


@transaction.atomic
def add_schedule_override(
    *,
    actor: Any,
    office: Office | None,
    first_day: date,
    last_day: date,
    hours: dict[int, tuple[Interval, ...]],
    reason: str,
    now: datetime | None = None,
) -> ScheduleOverride:
    """Different hours from `first_day` to `last_day` (e.g. Ramadan) for the weekdays in
    `hours`; office None applies nationwide (system admin only)."""
    now = now or timezone.now()
    _check_may_edit(actor, office)
    reason = _require_reason(reason)
    if first_day > last_day:
        raise CalendarError(
            _("Tanggal akhir tidak boleh sebelum tanggal mulai."),
            code="range_reversed",
            field="last_day",
        )
    if last_day - first_day > timedelta(days=366):
        raise CalendarError(
            _("Jam layanan khusus berlaku paling lama satu tahun."),
            code="range_too_long",
            field="last_day",
        )
    normalized = _normalized(hours)
    override = ScheduleOverride.objects.create(
        office=office,
        first_day=first_day,
        last_day=last_day,
        hours=hours_to_json({weekday: normalized[weekday] for weekday in hours}),
        reason=reason,
        created_by=actor,
    )
    _record(
        office,
        CalendarEvent.Action.SCHEDULE_ADDED,
        actor,
        now,
        day=first_day,
        note=f"{_span_text(first_day, last_day)}: {reason}",
    )
    return override


@transaction.atomic
def remove_schedule_override(
    *, actor: Any, override: ScheduleOverride, reason: str = "", now: datetime | None = None
) -> None:
    """Remove dated hours; the record of who removed them, when and why stays."""
    now = now or timezone.now()
    office = override.office
    _check_may_edit(actor, office)
    note = _removal_note(
        f"{_span_text(override.first_day, override.last_day)}: {override.reason}", reason
    )
    deleted, _rows = ScheduleOverride.objects.filter(pk=override.pk).delete()
    if not deleted:
        raise _already_removed()
    _record(
        office,
        CalendarEvent.Action.SCHEDULE_REMOVED,
        actor,
        now,
        day=override.first_day,
        note=note,
    )
