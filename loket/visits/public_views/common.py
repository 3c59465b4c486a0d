"""What the visitor pages share: the per-client rate limit, the QR codes, the privacy notice
and finding a visit by the visitor's secret link."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import segno
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_ratelimit.core import is_ratelimited

from .. import services
from ..models import Visit

if TYPE_CHECKING:
    from loket.offices.models import Office

LINK_RATE = "60/m"


def limited(request, group: str, rate: str) -> bool:
    return is_ratelimited(
        request, group=f"visits:{group}", key="ip", rate=rate, method="POST", increment=True
    )


def qr_code(data: str) -> segno.QRCode:
    """A regular QR code, never a Micro QR: segno picks Micro QR for short data (a booking
    code) unless told not to, and ordinary phone cameras cannot read Micro QR (issue #11)."""
    return segno.make_qr(data, error="m")


def qr_svg(data: str, title: str, scale: int = 4) -> str:
    """An inline SVG QR code (segno; no image request, no external service), scaled by the
    page's stylesheet (`.qr`, `.slip-qr`) through its viewBox."""
    buffer = io.BytesIO()
    qr_code(data).save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=scale,
        title=title,
        border=4,
        omitsize=True,  # a viewBox: the stylesheet sizes it, never clipped
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 - segno's own SVG output


def privacy(office: Office) -> dict:
    return {"visit_settings": services.settings_for(office)}


def visit_or_404(token: str) -> Visit:
    visit = services.visit_by_token(token)
    if visit is None:
        raise Http404
    return visit


PAPERS = ("58mm", "80mm", "a6")
# The papers as people name them on the page.
PAPER_NAMES = {"58mm": "58 mm", "80mm": "80 mm", "a6": "A6"}


def paper_asked(value: str) -> str:
    """`?kertas=` as people write it ("58", "58mm", "58 mm", "A6") as one of `PAPERS`, or
    "" when it names none."""
    key = value.strip().lower().replace(" ", "")
    key = f"{key}mm" if key.isdigit() else key
    return key if key in PAPERS else ""


def slip_context(request, visit: Visit, **extra) -> dict:
    """The printable slip: the office's paper (58 mm or 80 mm receipt roll, or A6) unless the
    page was asked for another one (`?kertas=`); each paper has its own print stylesheet."""
    from django.utils.translation import gettext as _

    paper = paper_asked(request.GET.get("kertas", ""))
    paper = paper or services.settings_for(visit.office).ticket_paper
    link = services.absolute(visit.get_absolute_url())
    return {
        "office": visit.office,
        "visit": visit,
        "paper": paper,
        "papers": PAPER_NAMES.items(),
        "qr": qr_svg(link, _("Tautan kunjungan Anda"), scale=3),
        "survey_qr": qr_svg(
            services.absolute(reverse("visits:survey", args=[services.survey_ticket(visit)])),
            _("Survei kepuasan"),
            scale=3,
        ),
        "base_template": "visits/public/base.html",
        **extra,
    }
