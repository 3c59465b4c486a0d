from datetime import datetime

from django import template

from loket.complaints.roles import HEAD_LIST, OFFICERS, VIEWERS
from loket.offices.permissions import has_role

register = template.Library()


@register.inclusion_tag("complaints/includes/staff_links.html", takes_context=True)
def complaints_staff_links(context, office):
    """The complaint pages the signed-in user may open (one line in the staff office page)."""
    user = context["request"].user
    return {
        "office": office,
        "queue": has_role(user, office, VIEWERS),
        "intake": has_role(user, office, OFFICERS),
        "all": has_role(user, office, HEAD_LIST),
    }


@register.filter
def parse_iso(value):
    """An ISO-8601 string stored in an event's data as a datetime (then shown in the
    office zone by the surrounding {% timezone %})."""
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
