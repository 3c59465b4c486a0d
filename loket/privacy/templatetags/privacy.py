from django import template

from loket.offices.permissions import has_role

from ..roles import READERS

register = template.Library()


@register.simple_tag
def request_clock(item, now) -> str:
    """The mark of a request at `now` (3x24 hours): "overdue", "due_soon" or ""."""
    if item.is_overdue(now):
        return "overdue"
    if item.is_due_soon(now):
        return "due_soon"
    return ""


@register.simple_tag(takes_context=True)
def may_read_privacy(context, office) -> bool:
    """Whether the signed-in user may open the office's personal-data pages."""
    return has_role(context["request"].user, office, READERS)
