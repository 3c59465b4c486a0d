"""Public page "Hari dan jam layanan": an office's weekly hours, dated schedule overrides and
the year's closing days with their names. Staff pages live in staff_views."""

import itertools
from datetime import date
from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from loket.offices.services import office_or_404

from . import services
from .hours import WEEKDAY_NAMES, group_hours, weekly_hours

if TYPE_CHECKING:
    from loket.offices.models import Office

# Years the page shows. Outside this range (or not a number) `?tahun=` is a 404: a year
# the holiday data cannot describe is better refused than shown as if it had no holidays.
MIN_YEAR = 2000
MAX_YEAR = 2100


def selected_year(request, today: date) -> int:
    """The year in `?tahun=` (this year in the office's zone when absent); 404 when the
    value is not a year between MIN_YEAR and MAX_YEAR."""
    raw = request.GET.get("tahun")
    if raw is None or raw == "":
        return today.year
    if not raw.isascii() or not raw.isdigit():
        raise Http404
    year = int(raw)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def hours_rows(hours) -> list[dict]:
    """Weekly hours grouped for display, with the breaks between intervals."""
    rows = group_hours(hours)
    for row in rows:
        row["breaks"] = [(a[1], b[0]) for a, b in itertools.pairwise(row["intervals"])]
    return rows


def override_rows(override) -> list[dict]:
    """The weekdays a schedule override changes, consecutive equal ones grouped."""
    hours = override.as_hours()
    rows: list[dict] = []
    for weekday in sorted(hours):
        intervals = hours[weekday]
        if rows and rows[-1]["intervals"] == intervals and rows[-1]["last"] == weekday - 1:
            rows[-1]["last"] = weekday
            continue
        rows.append({"first": weekday, "last": weekday, "intervals": intervals})
    for row in rows:
        first, last = WEEKDAY_NAMES[row["first"]], WEEKDAY_NAMES[row["last"]]
        row["days"] = first if row["first"] == row["last"] else f"{first} – {last}"
    return rows


def schedules_in_year(office: "Office", year: int) -> list[tuple]:
    rows = services.schedule_overrides_for(office)
    # Nationwide dated hours (entered by a system administrator) apply to every office too.
    rows += services.schedule_overrides_for(None)
    return sorted(
        (
            (row, override_rows(row))
            for row in rows
            if row.first_day.year <= year <= row.last_day.year
        ),
        key=lambda pair: (pair[0].first_day, pair[0].pk),
    )


@require_safe
def service_days(request, slug):
    office = office_or_404(slug)
    today = timezone.localdate(timezone=office.tz)
    year = selected_year(request, today)
    days = services.closing_days(office, year)
    calendar = services.calendar_for(office)
    working_days = calendar.working_days_between(date(year - 1, 12, 31), date(year, 12, 31))
    return render(
        request,
        "workdays/public/service_days.html",
        {
            "office": office,
            "year": year,
            "previous_year": year - 1 if year > MIN_YEAR else None,
            "next_year": year + 1 if year < MAX_YEAR else None,
            "hours": hours_rows(weekly_hours(office)),
            "schedules": schedules_in_year(office, year),
            "closed": [day for day in days if not day.working],
            "working": [day for day in days if day.working],
            "working_days": working_days,
        },
    )
