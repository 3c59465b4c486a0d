"""The office calendar and the deadline arithmetic over it. Pure: no ORM, no settings.

Rules (RULES.md section 2, Perpres 21/2023):

- A *working day* is a day with office hours in the office's weekly schedule (Monday to
  Friday by default), minus national holidays and cuti bersama (the `holidays` package,
  categories "public" and "government"), minus the office's closed days, plus the days it
  declares working. A closed day always wins; a day declared working wins over a holiday.
- *Office hours* are half-open intervals ``[start, end)`` per weekday in the office's zone.
  Breaks lie between intervals and never count. A dated schedule override (Ramadan hours)
  replaces the hours of the weekdays it names, for the dates it covers.
- **N working days**: due at the closing time (end of the last interval) of the Nth working
  day after the calendar day of receipt. The day of receipt never counts, whether or not it
  is a working day and whatever the hour.
- **N office hours / minutes**: the clock runs only inside office-hour intervals of working
  days, from receipt or from the next opening. The deadline is the first instant at which N
  hours of office time have run, so a deadline that falls exactly at a closing time is that
  closing time, not the next opening.
- **Pauses** (`OfficeCalendar.extend_for_pause`): resuming moves the due time by exactly
  the office time the pause covered, measured in the deadline's own unit (see there).

Speed: every year is turned once into sorted tables (working-day ordinals, closing times,
interval starts/ends and cumulative office time in integer microseconds since the epoch),
so each deadline is a couple of `bisect` calls. Integers keep the arithmetic exact.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

Interval = tuple[time, time]
WeeklyHours = Mapping[int, Sequence[Interval]]

UNITS = ("hours", "minutes", "working_days")
HOUR_UNITS = ("hours", "minutes")
DAY_UNIT = "working_days"

DEFAULT_TIMEZONE = "Asia/Pontianak"

# Perpres 21/2023: 37.5 hours a week from 07:30; a 60-minute break Mon-Thu, 90 on Friday.
# weekday (Monday = 0) -> ordered, non-overlapping (start, end) intervals; breaks excluded.
DEFAULT_HOURS: dict[int, tuple[Interval, ...]] = {
    0: ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))),
    1: ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))),
    2: ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))),
    3: ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0))),
    4: ((time(7, 30), time(11, 30)), (time(13, 0), time(16, 30))),
    5: (),
    6: (),
}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
# A calendar with no office time at all would make every search run forever.
_MAX_EMPTY_YEARS = 5


# --- The national calendar ----------------------------------------------------------------


def _holidays_language(language: str | None) -> str:
    return "en_US" if (language or "id").lower().startswith("en") else "id"


@lru_cache(maxsize=256)
def _national(
    year: int, categories: tuple[str, ...], language: str
) -> tuple[tuple[date, str], ...]:
    found = holidays_lib.country_holidays(
        "ID", categories=categories, years=year, language=language
    )
    return tuple(sorted(found.items()))


def national_holidays(year: int, language: str | None = None) -> dict[date, str]:
    """Libur nasional and cuti bersama of `year` with their names (SKB of three ministers,
    as published in the `holidays` package), in Bahasa Indonesia or English."""
    return dict(_national(year, ("public", "government"), _holidays_language(language)))


def joint_leave_days(year: int, language: str | None = None) -> dict[date, str]:
    """Cuti bersama of `year` (the package's "government" category); empty until the
    year's SKB is published."""
    return dict(_national(year, ("government",), _holidays_language(language)))


def national_holiday_dates(year: int) -> frozenset[date]:
    return frozenset(day for day, _name in _national(year, ("public", "government"), "id"))


# --- Schedules ----------------------------------------------------------------------------


def normalize_hours(hours: Mapping[int, Iterable[Interval]]) -> dict[int, tuple[Interval, ...]]:
    """Validate weekly hours: weekdays 0-6, each interval start < end, sorted and
    non-overlapping within the day. Missing weekdays have no hours."""
    result: dict[int, tuple[Interval, ...]] = dict.fromkeys(range(7), ())
    for weekday, intervals in hours.items():
        if weekday not in result:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday!r}")
        ordered = tuple(sorted((start, end) for start, end in intervals))
        for start, end in ordered:
            if not isinstance(start, time) or not isinstance(end, time):
                raise ValueError("office hours are datetime.time pairs")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("office hours are local wall-clock times without a zone")
            if start >= end:
                raise ValueError(f"an interval must end after it starts: {start}-{end}")
        for (_s1, end1), (start2, _e2) in itertools.pairwise(ordered):
            if start2 < end1:
                raise ValueError(f"intervals overlap: {end1} > {start2}")
        result[weekday] = ordered
    return result


@dataclass(frozen=True)
class ScheduleOverride:
    """Different hours for a date range (for example Ramadan hours, announced each year).

    `hours` names only the weekdays it changes (an empty tuple closes that weekday for the
    range); weekdays it leaves out keep the regular hours. When several overrides cover a
    date, the last one in the calendar's list wins.
    """

    first: date
    last: date
    hours: Mapping[int, Sequence[Interval]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError("a schedule override must not end before it starts")
        normalized = normalize_hours(self.hours)
        object.__setattr__(self, "hours", {weekday: normalized[weekday] for weekday in self.hours})


@dataclass(slots=True)
class _Year:
    """One local calendar year turned into sorted tables (integer microseconds)."""

    days: list[int]  # ordinals of the working days, ascending
    closings: list[datetime]  # closing time of each working day, aware, in the office zone
    starts: list[int]  # each office interval of the year, ascending
    ends: list[int]
    cum: list[int]  # office time before interval i; cum[i + 1] = cum[i] + ends[i] - starts[i]

    @property
    def total(self) -> int:
        return self.cum[-1]

    def position(self, moment: int) -> int:
        """Office time of the year that has run before `moment`."""
        i = bisect.bisect_right(self.ends, moment)
        if i == len(self.ends):
            return self.cum[-1]
        return self.cum[i] + max(0, moment - self.starts[i])


class OfficeCalendar:
    """Working days and office hours of one office (or the national default).

    Every method takes and returns timezone-aware datetimes; naive ones are refused with
    ValueError because their meaning depends on a zone the caller did not state. Results
    are in the office's zone. Year tables are built lazily and kept, so one calendar
    object should be reused (see `loket.workdays.services.calendar_for`).
    """

    def __init__(
        self,
        tz: ZoneInfo | str = DEFAULT_TIMEZONE,
        weekly_hours: Mapping[int, Iterable[Interval]] | None = None,
        closed_days: Collection[date] = frozenset(),
        open_days: Collection[date] = frozenset(),
        schedule_overrides: Sequence[ScheduleOverride] = (),
        holidays: Callable[[int], Collection[date]] = national_holiday_dates,
    ) -> None:
        self.tz = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        self.weekly_hours = normalize_hours(DEFAULT_HOURS if weekly_hours is None else weekly_hours)
        self.closed_days = frozenset(closed_days)
        self.open_days = frozenset(open_days)
        both = self.closed_days & self.open_days
        if both:
            raise ValueError(f"a day cannot be both closed and working: {sorted(both)[0]}")
        self.schedule_overrides = tuple(schedule_overrides)
        self._holidays = holidays
        # A day declared working on a weekday without hours (a Saturday) gets the hours of
        # the first weekday that has some: Monday's under the default schedule.
        self._fallback_hours: tuple[Interval, ...] = next(
            (self.weekly_hours[w] for w in range(7) if self.weekly_hours[w]), ()
        )
        self._years: dict[int, _Year] = {}

    # --- Days -------------------------------------------------------------------------

    def hours_on(self, day: date) -> tuple[Interval, ...]:
        """The office intervals on `day` ((start, end) local times); () when closed."""
        if not self._is_working(day, self._holidays(day.year)):
            return ()
        return self._scheduled(day) or self._fallback_hours

    def _scheduled(self, day: date) -> tuple[Interval, ...]:
        weekday = day.weekday()
        intervals: Iterable[Interval] = self.weekly_hours[weekday]
        for override in self.schedule_overrides:
            if override.first <= day <= override.last and weekday in override.hours:
                intervals = override.hours[weekday]
        return tuple(intervals)

    def _is_working(self, day: date, holidays: Collection[date]) -> bool:
        if day in self.closed_days:
            return False
        if day in self.open_days:
            return bool(self._scheduled(day) or self._fallback_hours)
        if day in holidays:
            return False
        return bool(self._scheduled(day))

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a working day of this office (see the module docstring)."""
        if isinstance(day, datetime):
            raise TypeError("is_working_day takes a date; convert the datetime first")
        table = self._year(day.year)
        ordinal = day.toordinal()
        i = bisect.bisect_left(table.days, ordinal)
        return i < len(table.days) and table.days[i] == ordinal

    def working_days_between(self, after: date, upto: date) -> int:
        """How many working days d satisfy after < d <= upto (negative when upto < after)."""
        if upto < after:
            return -self.working_days_between(upto, after)
        first, last = self._year(after.year), self._year(upto.year)
        before = bisect.bisect_right(first.days, after.toordinal())
        through = bisect.bisect_right(last.days, upto.toordinal())
        if after.year == upto.year:
            return through - before
        between = sum(len(self._year(year).days) for year in range(after.year + 1, upto.year))
        return len(first.days) - before + between + through

    def closing_time(self, day: date) -> datetime | None:
        """When the office closes on `day` (None when `day` is not a working day)."""
        intervals = self.hours_on(day)
        if not intervals:
            return None
        return datetime.combine(day, intervals[-1][1], tzinfo=self.tz)

    # --- Instants ---------------------------------------------------------------------

    def _local(self, moment: datetime) -> datetime:
        if not isinstance(moment, datetime):
            raise TypeError("expected a datetime")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("naive datetime refused: give a timezone-aware datetime")
        return moment.astimezone(self.tz)

    def _from_us(self, micros: int) -> datetime:
        return (_EPOCH + timedelta(microseconds=micros)).astimezone(self.tz)

    def is_open(self, moment: datetime) -> bool:
        """Whether `moment` lies inside an office interval [start, end)."""
        local = self._local(moment)
        table = self._year(local.year)
        micros = (local - _EPOCH) // _US
        i = bisect.bisect_right(table.ends, micros)
        return i < len(table.ends) and table.starts[i] <= micros

    def next_opening(self, moment: datetime) -> datetime:
        """The earliest instant at or after `moment` when the office is open: `moment`
        itself during office hours, else the start of the next interval (a closing time is
        already closed: 12:00 -> 13:00)."""
        local = self._local(moment)
        micros = (local - _EPOCH) // _US
        year = local.year
        table = self._year(year)
        i = bisect.bisect_right(table.ends, micros)
        if i < len(table.ends):
            return local if table.starts[i] <= micros else self._from_us(table.starts[i])
        for _ in range(_MAX_EMPTY_YEARS):
            year += 1
            table = self._year(year)
            if table.starts:
                return self._from_us(table.starts[0])
        raise ValueError("this calendar has no office hours")

    def add_working_days(self, received: datetime, days: int) -> datetime:
        """Closing time of the `days`-th working day after the calendar day of `received`
        (in the office zone). The day of receipt never counts. 0 days is `received`."""
        local = self._local(received)
        if days < 0:
            raise ValueError("the number of working days cannot be negative")
        if days == 0:
            return local
        year = local.year
        table = self._year(year)
        i = bisect.bisect_right(table.days, local.toordinal())
        left = days
        empty_years = 0
        while True:
            available = len(table.days) - i
            if left <= available:
                return table.closings[i + left - 1]
            left -= available
            empty_years = empty_years + 1 if not table.days else 0
            if empty_years > _MAX_EMPTY_YEARS:
                raise ValueError("this calendar has no working days")
            year += 1
            table = self._year(year)
            i = 0

    def add_office_hours(self, start: datetime, duration: timedelta) -> datetime:
        """The first instant at which `duration` of office time has run from `start` (or
        from the next opening). A result at a closing time stays at that closing time."""
        local = self._local(start)
        if duration < timedelta(0):
            raise ValueError("the office time to add cannot be negative")
        left = duration // _US
        if left == 0:
            return local
        year = local.year
        table = self._year(year)
        position = table.position((local - _EPOCH) // _US)
        empty_years = 0
        while True:
            target = position + left
            if target <= table.total:
                # First interval whose end reaches the target: closing-inclusive.
                j = bisect.bisect_left(table.cum, target, 1) - 1
                return self._from_us(table.starts[j] + target - table.cum[j])
            left = target - table.total
            empty_years = empty_years + 1 if not table.starts else 0
            if empty_years > _MAX_EMPTY_YEARS:
                raise ValueError("this calendar has no office hours")
            year += 1
            table = self._year(year)
            position = 0

    def office_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Office time inside [start, end); negative when `end` is before `start`."""
        a, b = self._local(start), self._local(end)
        if b < a:
            return -self.office_time_between(b, a)
        first, last = self._year(a.year), self._year(b.year)
        pos_a = first.position((a - _EPOCH) // _US)
        pos_b = last.position((b - _EPOCH) // _US)
        if a.year == b.year:
            return timedelta(microseconds=pos_b - pos_a)
        between = sum(self._year(year).total for year in range(a.year + 1, b.year))
        return timedelta(microseconds=first.total - pos_a + between + pos_b)

    def add(self, received: datetime, amount: int, unit: str) -> datetime:
        """The deadline `amount` `unit`s after `received`; unit is "hours", "minutes" or
        "working_days"."""
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError("the amount is a whole number")
        if amount < 0:
            raise ValueError("the amount cannot be negative")
        if unit == "working_days":
            return self.add_working_days(received, amount)
        if unit == "hours":
            return self.add_office_hours(received, timedelta(hours=amount))
        if unit == "minutes":
            return self.add_office_hours(received, timedelta(minutes=amount))
        raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")

    def extend_for_pause(
        self, due: datetime, paused_at: datetime, resumed_at: datetime, unit: str
    ) -> datetime:
        """The due time after a pause from `paused_at` to `resumed_at` stopped the clock.

        The due time moves by exactly the office time the pause covered, counted in the
        deadline's own unit:

        - "hours" / "minutes": the office time inside [paused_at, resumed_at) (breaks,
          nights, weekends and holidays inside the pause do not count) is added to `due`
          with office-hours arithmetic. Equivalently, the office time left at the pause
          runs again from the resumption.
        - "working_days": the clock counts whole working days, so the pause covers the
          working days d with pause day < d <= resumption day (calendar days in the office
          zone), and `due` moves that many working days later (to that day's closing time).
          The day of pausing was already running and stays counted; the day of resumption
          is treated like a day of receipt and never counts. So a pause that starts and
          ends on the same day, or spans only a weekend, moves nothing; a pause from
          Wednesday to Thursday moves the deadline by one working day. Equivalently, the
          working days left after the pause day are counted again from the resumption day.

        A pause with no office time (or no working day) leaves `due` unchanged.
        """
        paused, resumed = self._local(paused_at), self._local(resumed_at)
        if resumed < paused:
            raise ValueError("a pause cannot end before it starts")
        if unit in HOUR_UNITS:
            return self.add_office_hours(due, self.office_time_between(paused, resumed))
        if unit == DAY_UNIT:
            covered = self.working_days_between(paused.date(), resumed.date())
            return self.add_working_days(due, covered)
        raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")

    # --- Year tables ------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = self._build(year)
        return table

    def _build(self, year: int) -> _Year:
        tz = self.tz
        holidays = self._holidays(year)
        days: list[int] = []
        closings: list[datetime] = []
        starts: list[int] = []
        ends: list[int] = []
        cum = [0]
        day = date(year, 1, 1)
        one = timedelta(days=1)
        while day.year == year:
            if self._is_working(day, holidays):
                intervals = self._scheduled(day) or self._fallback_hours
                days.append(day.toordinal())
                closings.append(datetime.combine(day, intervals[-1][1], tzinfo=tz))
                for start, end in intervals:
                    s = (datetime.combine(day, start, tzinfo=tz) - _EPOCH) // _US
                    e = (datetime.combine(day, end, tzinfo=tz) - _EPOCH) // _US
                    starts.append(s)
                    ends.append(e)
                    cum.append(cum[-1] + e - s)
            day += one
        return _Year(days=days, closings=closings, starts=starts, ends=ends, cum=cum)
