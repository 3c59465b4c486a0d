"""Dates and times as a visitor reads them: in the office's zone, with Indonesian day and month
names (the active language's, through Django's own catalogues) and the zone's abbreviation:
"Selasa, 1 Desember 2026 09.00 WIB". Never ISO on a page."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils.formats import date_format

from loket.moments import for_language

DAY_FORMAT = "l, j F Y"  # Selasa, 1 Desember 2026
# 09.00: the Indonesian separator (PUEBI); 09:00 in English (`loket.moments`).
TIME_FORMAT = "H.i"


def _zone(office) -> ZoneInfo:
    return office.tz if office is not None else ZoneInfo("Asia/Pontianak")


def day_text(day: date | datetime | None, office=None) -> str:
    """ "Selasa, 1 Desember 2026"; a datetime is first moved to the office zone."""
    if not day:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone(_zone(office)).date()
    return date_format(day, DAY_FORMAT)


def moment_text(moment: datetime | None, office=None) -> str:
    """ "Selasa, 1 Desember 2026 09.00 WIB" ("Tuesday, 1 December 2026 09:00 WIB" in
    English): an instant shown in the office zone."""
    if not moment:
        return ""
    local = moment.astimezone(_zone(office))
    clock = date_format(local, for_language(TIME_FORMAT))
    return f"{date_format(local, DAY_FORMAT)} {clock} {local.tzname()}"


def local_text(day: date | None, at: time | None, office=None) -> str:
    """A wall-clock day and hour of the office (a booking's date and time) with the zone."""
    if not day:
        return ""
    if not at:
        return day_text(day)
    return moment_text(datetime.combine(day, at, tzinfo=_zone(office)), office)
