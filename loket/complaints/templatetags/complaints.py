from datetime import datetime

from django import template

register = template.Library()


@register.filter
def parse_iso(value):
    """An ISO-8601 string stored in an event's data as a datetime (then shown in the
    office zone by the surrounding {% timezone %})."""
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
