"""Dates and times as a visitor reads them: in the office's zone, with Indonesian day and month
names (the active language's, through Django's own catalogues) and the zone's abbreviation:
"Selasa, 1 Desember 2026 09.00 WIB". Never ISO on a page."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils.formats import date_format

DAY_FORMAT = "l, j F Y"  # Selasa, 1 Desember 2026
TIME_FORMAT = "%H.%M"  # 09.00: the Indonesian separator (KBBI / PUEBI)


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
    """ "Selasa, 1 Desember 2026 09.00 WIB": an instant shown in the office zone."""
    if not moment:
        return ""
    local = moment.astimezone(_zone(office))
    return f"{date_format(local, DAY_FORMAT)} {local.strftime(TIME_FORMAT)} {local.tzname()}"


def local_text(day: date | None, at: time | None, office=None) -> str:
    """A wall-clock day and hour of the office (a booking's date and time) with the zone."""
    if not day:
        return ""
    if not at:
        return day_text(day)
    return moment_text(datetime.combine(day, at, tzinfo=_zone(office)), office)
