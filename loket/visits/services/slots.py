"""Booking capacity (issue #14): an office admin sets how many bookings one time slot of a
division takes (`SlotCapacity`); slots are `VisitSettings.slot_minutes` long from midnight.
A booking (or a rescheduling) into a full slot is refused with the next free slots of the same
division offered. Cancelled bookings and no-shows free their place; a booking that arrived
keeps it (the slot was served)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from loket.workdays.services import calendar_for

from ..dates import moment_text
from ..models import SlotCapacity, Visit, VisitSettings
from .clock import local_today
from .rules import BOOKING_HORIZON, OtherOffice, VisitError

if TYPE_CHECKING:
    from loket.offices.models import Division, Office

# Bookings that hold their slot's place.
NOT_HOLDING = (Visit.Status.CANCELLED, Visit.Status.NO_SHOW)
FREE_SLOTS_OFFERED = 3
FREE_SLOTS_SEARCH_DAYS = 14
SLOT_LENGTHS = (15, 30, 60)


class SlotFull(VisitError):
    """The slot has as many bookings as the admin allows; `free_slots` are the next ones."""

    default_code = "slot_full"

    def __init__(self, *args: Any, free_slots: list[datetime] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.free_slots = free_slots or []


def _slots_text(slots: list[datetime], office: Office) -> str:
    return "; ".join(moment_text(slot, office) for slot in slots)


lazy_slots_text = lazy(_slots_text, str)


def slot_minutes(office: Office) -> int:
    found = VisitSettings.objects.filter(office=office).values_list("slot_minutes", flat=True)
    return next(iter(found), 30) or 30


def slot_start(at: time, minutes: int) -> time:
    """The start of the slot `at` falls in (09:40 in 30-minute slots -> 09:30)."""
    total = at.hour * 60 + at.minute
    total -= total % minutes
    return time(total // 60, total % 60)


@dataclass(frozen=True)
class Capacities:
    """The admin's capacities of one division (or of bookings naming none)."""

    every_slot: int | None
    by_slot: dict[time, int]

    @property
    def limited(self) -> bool:
        return self.every_slot is not None or bool(self.by_slot)

    def of(self, start: time) -> int | None:
        return self.by_slot.get(start, self.every_slot)


def capacities(office: Office, division: Division | None) -> Capacities:
    rows = SlotCapacity.objects.filter(office=office, division=division)
    every, by_slot = None, {}
    for row in rows:
        if row.starts_at is None:
            every = row.capacity
        else:
            by_slot[row.starts_at] = row.capacity
    return Capacities(every, by_slot)


def _booked(
    office: Office, division: Division | None, first: date, last: date, minutes: int, exclude: Any
) -> Counter:
    """Bookings holding a place, per (day, slot start), between two days: one query."""
    rows = Visit.objects.filter(
        office=office, preferred_date__range=(first, last), preferred_time__isnull=False
    ).exclude(status__in=NOT_HOLDING)
    rows = rows.filter(division=division) if division else rows.filter(division__isnull=True)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return Counter(
        (day, slot_start(at, minutes))
        for day, at in rows.values_list("preferred_date", "preferred_time")
        if at is not None  # filtered above; for the type checker
    )


def free_slots(
    office: Office,
    division: Division | None,
    after: datetime,
    *,
    now: datetime | None = None,
    exclude: Visit | None = None,
    count: int = FREE_SLOTS_OFFERED,
) -> list[datetime]:
    """The next `count` slot starts from `after` on (office hours, working days, not past,
    within the booking horizon) with a free place. Two queries and the office calendar."""
    now = now or timezone.now()
    minutes = slot_minutes(office)
    limits = capacities(office, division)
    calendar = calendar_for(office)
    first = after.astimezone(office.tz).date()
    last_allowed = local_today(office, now) + BOOKING_HORIZON
    last = min(first + timedelta(days=FREE_SLOTS_SEARCH_DAYS), last_allowed)
    booked = _booked(office, division, first, last, minutes, exclude)
    found: list[datetime] = []
    day = first
    while day <= last and len(found) < count:
        if calendar.is_working_day(day):
            for index in range(24 * 60 // minutes):
                start = time((index * minutes) // 60, (index * minutes) % 60)
                moment = datetime.combine(day, start, tzinfo=office.tz)
                if moment < after or moment <= now or not calendar.is_open(moment):
                    continue
                limit = limits.of(start)
                if limit is None or booked[(day, start)] < limit:
                    found.append(moment)
                    if len(found) == count:
                        break
        day += timedelta(days=1)
    return found


def slot_problem(
    office: Office,
    division: Division | None,
    day: date,
    at: time,
    *,
    now: datetime | None = None,
    exclude: Visit | None = None,
) -> SlotFull | None:
    """The refusal when the slot of `day` `at` is full for `division`, naming the next free
    slots; None when it has room or no capacity is set. Run it inside the booking's
    transaction after `lock_slots`, so two visitors cannot take the last place together."""
    limits = capacities(office, division)
    if not limits.limited:
        return None
    minutes = slot_minutes(office)
    start = slot_start(at, minutes)
    limit = limits.of(start)
    if limit is None:
        return None
    booked = _booked(office, division, day, day, minutes, exclude)
    if booked[(day, start)] < limit:
        return None
    moment = datetime.combine(day, start, tzinfo=office.tz)
    offered = free_slots(
        office, division, moment + timedelta(minutes=minutes), now=now, exclude=exclude
    )
    message = (
        _(
            "Slot %(when)s sudah penuh. Slot yang masih kosong: %(slots)s. Pilih salah satu, "
            "atau pilih hari lain."
        )
        if offered
        else _("Slot %(when)s sudah penuh, dan tidak ada slot kosong dalam 14 hari berikutnya.")
    )
    return SlotFull(
        message,
        field="preferred_time",
        params={
            "when": lazy(moment_text, str)(moment, office),
            "slots": lazy_slots_text(offered, office),
        },
        free_slots=offered,
    )


def lock_slots(office: Office) -> None:
    """Serialise the bookings of one office (the settings row's lock) while a slot is
    counted and taken. PostgreSQL holds the row lock until commit; SQLite runs one writing
    transaction at a time anyway."""
    VisitSettings.objects.get_or_create(office=office)
    list(VisitSettings.objects.select_for_update().filter(office=office).values_list("pk"))


@transaction.atomic
def set_capacity(
    office: Office,
    *,
    actor: Any,
    division: Division | None,
    starts_at: time | None,
    capacity: int | None,
) -> SlotCapacity | None:
    """Set (or, with `capacity` None, remove) the capacity of `division`'s slots: every
    slot when `starts_at` is None, else the slot starting then."""
    if division is not None and division.office_id != office.pk:
        raise OtherOffice(_("Bagian ini milik instansi lain."), field="division")
    if starts_at is not None:
        starts_at = slot_start(starts_at, slot_minutes(office))
    rows = SlotCapacity.objects.filter(office=office, division=division, starts_at=starts_at)
    if capacity is None:
        rows.delete()
        return None
    found = rows.first()
    if found is None:
        return SlotCapacity.objects.create(
            office=office, division=division, starts_at=starts_at, capacity=capacity
        )
    found.capacity = capacity
    found.save(update_fields=["capacity"])
    return found


def capacity_rows(office: Office) -> list[SlotCapacity]:
    return list(
        SlotCapacity.objects.filter(office=office)
        .select_related("division")
        .order_by("division__position", "division_id", "starts_at")
    )
