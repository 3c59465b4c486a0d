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
from loket.complaints.selectors import pending_answer_count
from loket.offices.permissions import roles_in

register = template.Library()


@register.inclusion_tag("complaints/includes/staff_links.html", takes_context=True)
def complaints_staff_links(context, office):
    """The complaint pages the signed-in user may open (one line in the staff office page),
    with the number of answers waiting for an approver's decision."""
    roles = roles_in(context["request"].user, office)
    approvals = bool(roles & set(ANSWER_APPROVERS))
    return {
        "office": office,
        "queue": bool(roles & set(VIEWERS)),
        "intake": bool(roles & set(OFFICERS)),
        "all": bool(roles & set(HEAD_LIST)),
        "approvals": approvals,
        "pending_answers": pending_answer_count(office) if approvals else 0,
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
