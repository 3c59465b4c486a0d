"""Public pages: an office's services, each service's standard (the version in force, the
next one announced, earlier and withdrawn versions at their own URL), its PDF, and the office's
maklumat pelayanan. Staff pages live in staff_views."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from loket.conditional import row_state, stamped_page
from loket.offices.services import office_or_404

from . import pdf, selectors
from .models import Service, Standard


def _service(office, slug: str) -> Service:
    return get_object_or_404(Service.objects.select_related("office"), office=office, slug=slug)


def _shown(service: Service, version: int | None) -> tuple[Standard, Standard | None]:
    """(the version to show, the version in force now). Without a version number: the one in
    force, or the announced one when none is in force yet."""
    now = timezone.now()
    current = selectors.standard_in_force(service, now)
    if version is None:
        standard = current or selectors.next_standard(service, now)
    else:
        standard = selectors.published_versions(service).filter(version=version).first()
    if standard is None:
        raise Http404
    return standard, current


@require_safe
def service_list(request, office_slug):
    office = office_or_404(office_slug)
    in_force = selectors.in_force_by_service(office)
    rows = [
        (s, in_force.get(s.pk) or selectors.next_standard(s))
        for s in selectors.public_services(office)
    ]
    return render(
        request,
        "standards/public/service_list.html",
        {"office": office, "rows": rows, "pledge": selectors.published_pledge(office)},
    )


@require_safe
def service_detail(request, office_slug, service_slug, version=None):
    """The standard's page. Published versions are frozen, so the page changes only with
    the versions' states, the service, the office and the day a version comes into force:
    those make its ETag, and a browser that holds it gets a 304 without a render. While the
    offices' and standards' rows stand (their content stamps, `apps.py`), an anonymous
    visitor's request runs no query (`loket.conditional.stamped_page`)."""

    def build():
        office = office_or_404(office_slug)
        service = _service(office, service_slug)
        standard, current = _shown(service, version)
        upcoming = selectors.next_standard(service)
        versions = list(selectors.published_versions(service))
        context = {
            "office": office,
            "service": service,
            "standard": standard,
            "is_current": current is not None and standard.pk == current.pk,
            "current": current,
            "upcoming": upcoming,
            "starts": selectors.starts_at(standard),
            "versions": versions,
        }
        parts = (
            row_state(office),
            row_state(service),
            standard.pk,
            current.pk if current else None,
            upcoming.pk if upcoming else None,
            tuple((v.pk, v.status, v.updated_at) for v in versions),
        )
        changed = [office.updated_at, *(v.updated_at for v in versions)]
        return (
            parts,
            max(changed),
            lambda: render(request, "standards/public/service_detail.html", context),
        )

    return stamped_page(request, stamps=("offices", "standards"), build=build)


@require_safe
def service_pdf(request, office_slug, service_slug, version=None):
    office = office_or_404(office_slug)
    service = _service(office, service_slug)
    standard, _current = _shown(service, version)
    url = request.build_absolute_uri(standard.get_absolute_url())
    response = HttpResponse(pdf.render_standard(standard, url=url), content_type="application/pdf")
    filename = f"standar-pelayanan-{office.slug}-{service.slug}-v{standard.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def pledge_detail(request, office_slug):
    office = office_or_404(office_slug)
    return render(
        request,
        "standards/public/pledge.html",
        {
            "office": office,
            "pledge": selectors.published_pledge(office),
            "services": selectors.public_services(office),
        },
    )
