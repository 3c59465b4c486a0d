"""The calendar of due dates (issue 14 "Lists people can work from"): one month of the
office's open complaints by the day they are due, in the office's zone, for the head and
the Pejabat Pengelola Pengaduan (`roles.CALENDAR_READERS`). Weeks are rows from Monday;
the days the office does not work (its working-day calendar, `loket.workdays`) are shaded
with their reason. A fixed number of queries per month whatever the number of complaints:
the office and roles, the calendar's freshness stamp, the year's closing days, the rows."""

from __future__ import annotations

import calendar as month_calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from loket.offices.permissions import get_office_or_404
from loket.workdays.services import calendar_for, closing_days

from .. import selectors
from ..models import Complaint
from ..roles import CALENDAR_READERS

if TYPE_CHECKING:
    from loket.offices.services import Office

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# The months the page opens (a typed address beyond them shows the current month).
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass
class Day:
    """One day of the month in the grid: its complaints due (with `overdue` set), whether
    the office works that day and, when not, why."""

    day: date
    today: bool
    working: bool
    reason: str = ""
    complaints: list[Complaint] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for complaint in self.complaints if complaint.overdue)


def parse_month(value: str, today: date) -> date:
    """The first day of the month `value` ("YYYY-MM"); the month of `today` when `value`
    is empty, malformed or outside FIRST_YEAR..LAST_YEAR."""
    match = MONTH.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _closed_reason(day: date, names: dict[date, str]) -> str:
    if day in names:
        return names[day]
    if day.weekday() >= 5:
        return _("Akhir pekan")
    return _("Tidak ada jam layanan")


def month_weeks(office: Office, first: date, now: datetime) -> list[list[Day | None]]:
    """The weeks (Monday first) of the month starting `first`: each a list of seven `Day`s,
    None for the days of the neighbouring months. Complaints bucketed by their due time's
    date in the office's zone."""
    tz = office.tz
    after = _shift(first, 1)
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(after, time.min, tzinfo=tz)
    today = now.astimezone(tz).date()
    office_calendar = calendar_for(office)
    names = {
        closing.day: closing.name
        for closing in closing_days(office, first.year)
        if not closing.working
    }
    days: dict[date, Day] = {}
    for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        for day in week:
            if day.month != first.month:
                continue
            working = office_calendar.is_working_day(day)
            days[day] = Day(
                day=day,
                today=day == today,
                working=working,
                reason="" if working else _closed_reason(day, names),
            )
    for complaint in selectors.due_between(office, start, end):
        complaint.overdue = complaint.is_overdue(now)
        due_day = complaint.due_at.astimezone(tz).date()  # type: ignore[union-attr]
        if due_day in days:
            days[due_day].complaints.append(complaint)
    return [
        [days.get(day) for day in week]
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(
            first.year, first.month
        )
    ]


@login_required
@require_safe
def due_calendar(request, office_slug):
    """`?bulan=YYYY-MM` (default: this month in the office's zone): the month's open
    complaints by due day, the previous and next months linked."""
    office = get_office_or_404(request.user, office_slug, CALENDAR_READERS)
    now = timezone.now()
    today = now.astimezone(office.tz).date()
    first = parse_month(request.GET.get("bulan", ""), today)
    weeks = month_weeks(office, first, now)
    days = [day for week in weeks for day in week if day is not None]
    weekdays = [date(2024, 1, 1 + n) for n in range(7)]  # 1 January 2024 was a Monday
    return render(
        request,
        "complaints/staff/calendar.html",
        {
            "office": office,
            "first": first,
            "month_label": date_format(first, "F Y"),
            "weeks": weeks,
            "weekdays": weekdays,
            "total": sum(len(day.complaints) for day in days),
            "overdue_total": sum(day.overdue_count for day in days),
            "previous": _shift(first, -1).strftime("%Y-%m"),
            "next": _shift(first, 1).strftime("%Y-%m"),
            "this_month": today.strftime("%Y-%m"),
            "is_this_month": first == today.replace(day=1),
        },
    )
