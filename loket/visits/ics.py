"""A booking as an iCalendar event (RFC 5545, the `icalendar` library), for the visitor's
phone calendar: the office's address as the place, the slot as the time (in the office's own
zone, with its VTIMEZONE), the visitor's link and booking code in the description, and a
stable UID, so a rescheduled booking imported again replaces the old event."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import services
from .models import Visit

PRODID = "-//Loket//Buku tamu//ID"


def booking_calendar(visit: Visit, now: datetime | None = None) -> bytes:
    """The .ics file of a booked visit, in the visitor's language."""
    office = visit.office
    assert visit.preferred_date is not None
    assert visit.preferred_time is not None
    start = datetime.combine(visit.preferred_date, visit.preferred_time, tzinfo=office.tz)
    minutes = services.slot_minutes(office)
    with translation.override(visit.language or "id"):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        event = Event()
        event.add("uid", f"kunjungan-{visit.booking_code}@loket")
        event.add("dtstamp", now or timezone.now())
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=minutes))
        event.add(
            "summary",
            _("Kunjungan %(service)s · %(office)s")
            % {"service": visit.service.name, "office": office.name},
        )
        place = ", ".join(part for part in (office.name, office.address.strip()) if part)
        event.add("location", " ".join(place.split()))
        event.add(
            "description",
            _("Kode pemesanan: %(code)s\nTautan kunjungan Anda: %(url)s")
            % {"code": visit.booking_code, "url": services.absolute(visit.get_absolute_url())},
        )
        event.add("url", services.absolute(visit.get_absolute_url()))
        calendar.add_component(event)
        calendar.add_missing_timezones()
    return calendar.to_ical()
