"""`{% demo_logins as logins %}`: the demo logins `load_demo` created, for the sign-in page's
hint (never in production, where load_demo creates none)."""

from django import template
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from loket.offices.roles import Role
from loket.site.demo import DEMO_PASSWORD, DEMO_SYSTEM_ADMIN, DEMO_USERS

register = template.Library()


@register.simple_tag
def demo_logins() -> dict:
    """{"password": the demo password, "logins": [(login, role label)]} of every demo login
    present, in the demo's order; no logins in production."""
    if settings.LOKET_PRODUCTION:
        return {"password": "", "logins": []}
    demos = [(demo.username, str(Role(demo.role).label)) for demo in DEMO_USERS]
    demos.append((DEMO_SYSTEM_ADMIN.username, _("Admin sistem")))
    present = set(
        get_user_model()
        .objects.filter(username__in=[name for name, _ in demos])
        .values_list("username", flat=True)
    )
    return {
        "password": DEMO_PASSWORD,
        "logins": [(name, label) for name, label in demos if name in present],
    }
