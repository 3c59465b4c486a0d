"""Public pages: an office's services, each service's standard (newest and earlier published
versions), its PDF, and the office's maklumat pelayanan. Staff pages live in staff_views."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from loket.offices.models import Office

from . import pdf, services
from .models import Service, Standard


def _office(slug: str) -> Office:
    return get_object_or_404(Office, slug=slug)


def _service(office: Office, slug: str) -> Service:
    return get_object_or_404(Service.objects.select_related("office"), office=office, slug=slug)


def _published(service: Service, version: int | None) -> Standard:
    versions = services.published_versions(service)
    standard = versions.first() if version is None else versions.filter(version=version).first()
    if standard is None:
        raise Http404
    return standard


@require_safe
def service_list(request, office_slug):
    office = _office(office_slug)
    rows = [
        (service, services.published_standard(service))
        for service in services.public_services(office)
    ]
    return render(
        request,
        "standards/public/service_list.html",
        {"office": office, "rows": rows, "pledge": services.published_pledge(office)},
    )


@require_safe
def service_detail(request, office_slug, service_slug, version=None):
    office = _office(office_slug)
    service = _service(office, service_slug)
    standard = _published(service, version)
    newest = services.published_standard(service)
    return render(
        request,
        "standards/public/service_detail.html",
        {
            "office": office,
            "service": service,
            "standard": standard,
            "is_newest": standard.pk == newest.pk,
            "newest": newest,
            "versions": services.published_versions(service),
        },
    )


@require_safe
def service_pdf(request, office_slug, service_slug, version=None):
    office = _office(office_slug)
    service = _service(office, service_slug)
    standard = _published(service, version)
    url = request.build_absolute_uri(standard.get_absolute_url())
    response = HttpResponse(pdf.render_standard(standard, url=url), content_type="application/pdf")
    filename = f"standar-pelayanan-{office.slug}-{service.slug}-v{standard.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def pledge_detail(request, office_slug):
    office = _office(office_slug)
    return render(
        request,
        "standards/public/pledge.html",
        {
            "office": office,
            "pledge": services.published_pledge(office),
            "services": services.public_services(office),
        },
    )
