"""Links to the consultation desk from the office pages (one line in each shared template)."""

from django import template

from loket.offices.models import Role
from loket.offices.permissions import memberships

register = template.Library()


@register.inclusion_tag("visits/includes/public_link.html")
def visits_public_link(office):
    return {"office": office}


@register.inclusion_tag("visits/includes/staff_links.html", takes_context=True)
def visits_staff_links(context, office):
    """Only the pages the signed-in user may open."""
    user = context["request"].user
    if user.is_superuser:
        roles = set(Role.values)
    else:
        roles = set(memberships(user).filter(office=office).values_list("role", flat=True))
    return {
        "office": office,
        "desk": bool(roles & {Role.RECEPTIONIST, Role.HEAD, Role.OFFICE_ADMIN}),
        "divisions": bool(roles & {Role.CONSULTANT, Role.HEAD, Role.OFFICE_ADMIN}),
        "report": bool(roles & {Role.HEAD, Role.OFFICE_ADMIN}),
        "settings": Role.OFFICE_ADMIN in roles,
    }
