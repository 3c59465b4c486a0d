"""Report periods in the Indonesian government calendar: the fiscal year is the calendar year
(UU 17/2003 Pasal 4), split into triwulan (quarters) and semesters, as monthly, quarterly and
semester reports are made. Pure: no database, no clock of its own (the caller passes the
office's today).

A period is a range of office-local days, both ends included; `bounds` turns it into the
instants [start, end) in the office's zone (midnight WIB is 17:00 UTC the day before), which
the queries compare with the stored UTC timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

THIS_MONTH = "bulan-ini"
LAST_MONTH = "bulan-lalu"
THIS_QUARTER = "triwulan-ini"
LAST_QUARTER = "triwulan-lalu"
THIS_SEMESTER = "semester-ini"
LAST_SEMESTER = "semester-lalu"
THIS_YEAR = "tahun-ini"
LAST_YEAR = "tahun-lalu"
CUSTOM = "rentang"

PRESETS = (
    (THIS_MONTH, _("Bulan ini")),
    (LAST_MONTH, _("Bulan lalu")),
    (THIS_QUARTER, _("Triwulan ini")),
    (LAST_QUARTER, _("Triwulan lalu")),
    (THIS_SEMESTER, _("Semester ini")),
    (LAST_SEMESTER, _("Semester lalu")),
    (THIS_YEAR, _("Tahun ini")),
    (LAST_YEAR, _("Tahun lalu")),
    (CUSTOM, _("Rentang tanggal")),
)
ROMAN = ("I", "II", "III", "IV")
# A custom range may cover at most this many days (a year and a leap day).
LONGEST_DAYS = 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included
    preset: str = CUSTOM

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[first instant, first instant after) of the period in the zone `tz`."""
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    @property
    def label(self) -> str:
        """ "November 2026", "Triwulan IV 2026", "Semester II 2026", "2026" or "1 Nov 2026 –
        15 Nov 2026" (month names in the active language)."""
        s, e = self.start, self.end
        if s.day == 1 and e == month_end(s):
            return dateformat.format(s, "F Y")
        if s.day == 1 and s.month % 3 == 1 and e == month_end(add_months(s, 2)):
            return str(_("Triwulan %(n)s %(year)s") % {"n": ROMAN[s.month // 3], "year": s.year})
        if (s.month, s.day) in ((1, 1), (7, 1)) and e == month_end(add_months(s, 5)):
            number = "I" if s.month == 1 else "II"
            return str(_("Semester %(n)s %(year)s") % {"n": number, "year": s.year})
        if (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31) and s.year == e.year:
            return str(s.year)
        return f"{dateformat.format(s, 'j M Y')} – {dateformat.format(e, 'j M Y')}"

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        result, month = [], self.start.replace(day=1)
        while month <= self.end:
            result.append(month)
            month = add_months(month, 1)
        return result


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def preset_period(preset: str, today: date) -> Period:
    """The period a preset names, seen from the office's `today`; whole months, quarters,
    semesters and years (days still to come included). ValueError for CUSTOM or an unknown
    name."""
    month = today.replace(day=1)
    quarter = add_months(month, -((today.month - 1) % 3))
    semester = date(today.year, 1 if today.month <= 6 else 7, 1)
    starts_and_months = {
        THIS_MONTH: (month, 1),
        LAST_MONTH: (add_months(month, -1), 1),
        THIS_QUARTER: (quarter, 3),
        LAST_QUARTER: (add_months(quarter, -3), 3),
        THIS_SEMESTER: (semester, 6),
        LAST_SEMESTER: (add_months(semester, -6), 6),
        THIS_YEAR: (date(today.year, 1, 1), 12),
        LAST_YEAR: (date(today.year - 1, 1, 1), 12),
    }
    if preset not in starts_and_months:
        raise ValueError(f"not a preset period: {preset!r}")
    start, length = starts_and_months[preset]
    return Period(start, month_end(add_months(start, length - 1)), preset)


def weeks(period: Period) -> list[date]:
    """The Monday of every ISO week the period touches."""
    first = period.start - timedelta(days=period.start.weekday())
    return [first + timedelta(days=7 * i) for i in range((period.end - first).days // 7 + 1)]
