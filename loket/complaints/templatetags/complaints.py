from datetime import datetime

from django import template

from loket.complaints.roles import (
    ANSWER_APPROVERS,
    HEAD_LIST,
    OFFICERS,
    SETTINGS_EDITORS,
    TEMPLATE_EDITORS,
    VIEWERS,
)
from loket.offices.permissions import roles_in

register = template.Library()


@register.inclusion_tag("complaints/includes/staff_links.html", takes_context=True)
def complaints_staff_links(context, office):
    """The complaint pages the signed-in user may open (one line in the staff office page)."""
    roles = roles_in(context["request"].user, office)
    return {
        "office": office,
        "queue": bool(roles & set(VIEWERS)),
        "intake": bool(roles & set(OFFICERS)),
        "all": bool(roles & set(HEAD_LIST)),
        "approvals": bool(roles & set(ANSWER_APPROVERS)),
        "settings": bool(roles & set(SETTINGS_EDITORS)),
        "templates": bool(roles & set(TEMPLATE_EDITORS)),
    }


@register.filter
def parse_iso(value):
    """An ISO-8601 string stored in an event's data as a datetime (then shown in the
    office zone by the surrounding {% timezone %})."""
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
