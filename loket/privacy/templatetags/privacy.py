from django import template

register = template.Library()


@register.simple_tag
def request_clock(item, now) -> str:
    """ "overdue", "due_soon" or "" for a data subject's request at `now` (3x24 hours)."""
    if item.is_overdue(now):
        return "overdue"
    if item.is_due_soon(now):
        return "due_soon"
    return ""
