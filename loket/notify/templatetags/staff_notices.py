"""`{% unread_notices %}`: the link to the notification list with the unread count, for the
staff header (one query, only where the header is rendered), refreshed by htmx every
`POLL_SECONDS` from `notify:badge`."""

from django import template

from .. import selectors

register = template.Library()

# How often the header's unread count refreshes itself (seconds).
POLL_SECONDS = 60


@register.inclusion_tag("notify/staff/badge.html", takes_context=True)
def unread_notices(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "count": selectors.unread_count(user) if user is not None else 0,
        "poll_seconds": POLL_SECONDS,
        "request": request,
    }
