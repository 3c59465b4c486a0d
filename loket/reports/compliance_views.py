"""The public compliance report card (rapor kepatuhan) of an office and of each of its
services: `/instansi/<office>/rapor-kepatuhan/` and `.../rapor-kepatuhan/<service>/`. No
sign-in (the Ombudsman publishes its own results); the links to fix a gap lead to staff
pages. Cached per office, service and language (`compliance.published_card`) and answered
conditionally by `loket.conditional.conditional_page` (ETag of the card's items, Last-Modified
the moment they last changed), like the public statistics page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from loket.conditional import conditional_page
from loket.offices.services import office_or_404
from loket.standards.selectors import public_services

from . import compliance

PUBLIC_RATE = "60/m"


def _page(request, office, service):
    published = compliance.published_card(office, service)
    card = published["card"]
    return conditional_page(
        request,
        parts=(published["etag"],),
        last_modified=published["since"],
        render=lambda: render(
            request,
            "reports/public/compliance.html",
            {
                "office": office,
                "service": service,
                "card": card,
                "now": timezone.localtime(card.computed_at, office.tz),
                "pass_share": f"{float(compliance.PASS_SHARE) * 100:.0f}%",
            },
        ),
    )


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def office_card(request, office_slug: str):
    office = office_or_404(office_slug)
    return _page(request, office, None)


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def service_card(request, office_slug: str, service_slug: str):
    office = office_or_404(office_slug)
    service = public_services(office).filter(slug=service_slug).first()
    if service is None:
        raise Http404
    return _page(request, office, service)
