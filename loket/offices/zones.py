"""Every page of one office shows times in that office's zone (WIB, WITA or WIT), whatever
template or filter writes them: the function that finds the page's office activates its zone
for the rest of the request, and `loket.middleware.OfficeZoneMiddleware` returns to the
deployment's default zone (`TIME_ZONE`) before and after every request, so a zone never
leaks into the next request on the same worker thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from .models import Office


def shown_in_its_zone(office: Office) -> Office:
    """Activate `office`'s zone for the current request; returns `office`."""
    timezone.activate(office.tz)
    return office
