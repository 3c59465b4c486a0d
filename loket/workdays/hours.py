"""Office hours for display and for the calendar. The default is Perpres 21/2023 (37.5 hours
a week from 07:30 local time, a 60-minute break Mon-Thu and 90 minutes on Friday); an office
may store its own weekly hours (`WeeklyHours`)."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .calendar import DEFAULT_HOURS, Interval
from .models import WeeklyHours

if TYPE_CHECKING:
    from loket.offices.models import Office

__all__ = ["DEFAULT_HOURS", "WEEKDAY_NAMES", "hours_table", "weekly_hours"]


def weekly_hours(office: Office | None) -> dict[int, tuple[tuple[time, time], ...]]:
    """The office's regular weekly hours (weekday -> intervals); the Perpres 21/2023
    default for an office that stored none (or for None, the national default)."""
    if office is None or office.pk is None:
        return dict(DEFAULT_HOURS)
    row = WeeklyHours.objects.filter(office=office).only("hours").first()
    if row is None:
        return dict(DEFAULT_HOURS)
    stored = row.as_hours()
    return {weekday: stored.get(weekday, ()) for weekday in range(7)}


WEEKDAY_NAMES = (
    _("Senin"),
    _("Selasa"),
    _("Rabu"),
    _("Kamis"),
    _("Jumat"),
    _("Sabtu"),
    _("Minggu"),
)


def group_hours(hours: dict[int, tuple[Interval, ...]]) -> list[dict]:
    """Rows for display: consecutive weekdays with the same hours are grouped
    ("Senin – Kamis"). Each row: `days` (label), `intervals` ((start, end) times),
    `first` and `last` (weekday numbers)."""
    rows: list[dict] = []
    for weekday in range(7):
        intervals = tuple(hours.get(weekday, ()))
        if rows and rows[-1]["intervals"] == intervals:
            rows[-1]["last"] = weekday
            continue
        rows.append({"first": weekday, "last": weekday, "intervals": intervals})
    for row in rows:
        first, last = WEEKDAY_NAMES[row["first"]], WEEKDAY_NAMES[row["last"]]
        row["days"] = first if row["first"] == row["last"] else f"{first} – {last}"
    return rows


def hours_table(office: Office | None) -> list[dict]:
    """The office's weekly hours grouped for display (see `group_hours`)."""
    return group_hours(weekly_hours(office))
