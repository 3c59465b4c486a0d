import io

import segno
from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


@register.simple_tag(takes_context=True)
def privacy_notice(context, office) -> dict[str, str]:
    """The office's privacy notice address, absolute, and for a kiosk (whose pages may link
    nowhere outside the kiosk) an inline SVG QR code of it to open on one's own phone."""
    request = context["request"]
    url = request.build_absolute_uri(reverse("privacy:notice", args=[office.slug]))
    if not getattr(request, "kiosk", None):
        return {"url": url, "qr": ""}
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=3,
        title=gettext("Kode QR pemberitahuan privasi"),
        border=4,
        omitsize=True,
    )
    return {"url": url, "qr": mark_safe(buffer.getvalue().decode())}  # noqa: S308 (segno's own SVG)
