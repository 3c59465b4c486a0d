"""Links to the consultation desk from the office pages (one line in each shared template),
and dates as visitors read them (`loket.visits.dates`): "Selasa, 1 Desember 2026 09.00 WIB".
Phone numbers are shown with the shared `phones` library (`loket.phone_tags`)."""

from django import template

from loket.offices.permissions import roles_in
from loket.visits import dates, roles

register = template.Library()


@register.inclusion_tag("visits/includes/public_link.html")
def visits_public_link(office):
    return {"office": office}


@register.inclusion_tag("visits/includes/staff_links.html", takes_context=True)
def visits_staff_links(context, office):
    """Only the pages the signed-in user may open."""
    held = roles_in(context["request"].user, office)
    return {
        "office": office,
        "desk": bool(held.intersection(roles.DESK_READERS)),
        "divisions": bool(held.intersection(roles.DIVISION_READERS)),
        "report": bool(held.intersection(roles.REPORT_READERS)),
        "settings": bool(held.intersection(roles.SETTINGS_EDITORS)),
    }


@register.filter
def office_moment(moment, office):
    """An instant in the office's zone: {{ visit.checked_in_at|office_moment:office }}."""
    return dates.moment_text(moment, office)


@register.filter
def office_day(day, office):
    """A day: {{ today|office_day:office }} -> "Selasa, 1 Desember 2026"."""
    return dates.day_text(day, office)


@register.simple_tag
def office_when(day, at, office):
    """A booked day and hour of the office, with its zone: {% office_when d t office %}."""
    return dates.local_text(day, at, office)
