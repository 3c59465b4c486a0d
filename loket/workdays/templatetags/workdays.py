"""Office hours and calendar rights in templates, for the office pages' fragments
(`loket.offices.pages`) and this app's own pages."""

from django import template

from loket.workdays import services
from loket.workdays.hours import hours_table

register = template.Library()


@register.simple_tag
def office_hours(office) -> list[dict]:
    """The office's weekly hours grouped for display: {% office_hours office as hours %}
    (each row: `days`, `intervals`; see `loket.workdays.hours.group_hours`)."""
    return hours_table(office)


@register.simple_tag(takes_context=True)
def may_edit_calendar(context, office) -> bool:
    """{% may_edit_calendar office as editor %}: the signed-in user edits this calendar."""
    return services.may_edit_calendar(context["request"].user, office)
