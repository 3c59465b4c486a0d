"""Staff pages: office admins create services, edit a draft standard, preview and publish
it, and keep the maklumat pelayanan. Outsiders get 404, colleagues without the role 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.offices.models import Office, Role
from loket.offices.permissions import get_office_or_404, require_role

from . import forms, services
from .models import Pledge, Service, StandardEvent
from .services import StandardError
from .templatetags.standards import management_rows

EDITORS = [Role.OFFICE_ADMIN]


def _office(request, slug: str) -> Office:
    office = get_office_or_404(request.user, slug)
    require_role(request.user, office, EDITORS)
    return office


def _service(office: Office, slug: str) -> Service:
    return get_object_or_404(Service, office=office, slug=slug)


@login_required
@require_safe
def service_list(request, office_slug):
    office = _office(request, office_slug)
    rows = [
        (s, services.published_standard(s), services.draft_of(s))
        for s in office.services.order_by("position", "name")
    ]
    return render(
        request,
        "standards/staff/service_list.html",
        {"office": office, "rows": rows, "form": forms.ServiceCreateForm()},
    )


@login_required
@require_POST
def service_create(request, office_slug):
    office = _office(request, office_slug)
    form = forms.ServiceCreateForm(request.POST)
    if form.is_valid():
        try:
            service = services.create_service(
                office, name=form.cleaned_data["name"], actor=request.user
            )
        except StandardError as exc:
            form.add_error("name", str(exc))
        else:
            services.create_draft(service, actor=request.user)
            return redirect("standards:staff_draft", office.slug, service.slug)
    rows = [
        (s, services.published_standard(s), services.draft_of(s))
        for s in office.services.order_by("position", "name")
    ]
    return render(
        request,
        "standards/staff/service_list.html",
        {"office": office, "rows": rows, "form": form},
        status=400,
    )


@login_required
@require_safe
def service_detail(request, office_slug, service_slug):
    office = _office(request, office_slug)
    service = _service(office, service_slug)
    events = (
        StandardEvent.objects.filter(service=service)
        .select_related("actor", "standard")
        .order_by("-at", "-id")[:100]
    )
    return render(
        request,
        "standards/staff/service_detail.html",
        {
            "office": office,
            "service": service,
            "draft": services.draft_of(service),
            "versions": services.published_versions(service),
            "events": events,
        },
    )


@login_required
@require_POST
def new_version(request, office_slug, service_slug):
    office = _office(request, office_slug)
    service = _service(office, service_slug)
    try:
        services.start_new_version(service, actor=request.user)
    except StandardError as exc:
        messages.error(request, str(exc))
        return redirect("standards:staff_service", office.slug, service.slug)
    return redirect("standards:staff_draft", office.slug, service.slug)


def _draft_or_redirect(request, office, service):
    draft = services.draft_of(service)
    if draft is None:
        messages.info(request, _("Layanan ini tidak memiliki draf. Buat versi baru dulu."))
    return draft


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def draft_edit(request, office_slug, service_slug):
    office = _office(request, office_slug)
    service = _service(office, service_slug)
    draft = _draft_or_redirect(request, office, service)
    if draft is None:
        return redirect("standards:staff_service", office.slug, service.slug)
    data = request.POST if request.method == "POST" else None
    text_form = forms.StandardTextForm(
        data, initial={f: getattr(draft, f) for f in forms.TEXT_FIELDS}
    )
    lists = [
        (
            prefix,
            heading,
            formset_class(
                data, prefix=prefix, initial=forms.initial_rows(field, getattr(draft, field))
            ),
            field,
        )
        for prefix, heading, formset_class, field in forms.LISTS
    ]
    if request.method == "POST":
        valid = text_form.is_valid() & all([fs.is_valid() for _p, _h, fs, _f in lists])  # noqa: C419 - validate every formset
        if valid:
            changes = dict(text_form.cleaned_data)
            if changes["fee_amount"] is None:
                changes.pop("fee_amount")  # read it from the fee text
            for _prefix, _heading, formset, field in lists:
                changes[field] = forms.rows_from(field, formset)
            try:
                changed = services.update_draft(draft, actor=request.user, **changes)
            except StandardError as exc:
                text_form.add_error(None, str(exc))
            else:
                if changed:
                    messages.success(request, _("Draf disimpan."))
                else:
                    messages.info(request, _("Tidak ada perubahan."))
                if "preview" in request.POST:
                    return redirect("standards:staff_preview", office.slug, service.slug)
                return redirect("standards:staff_draft", office.slug, service.slug)
    return render(
        request,
        "standards/staff/draft_edit.html",
        {
            "office": office,
            "service": service,
            "draft": draft,
            "form": text_form,
            "lists": lists,
            "invalid_lists": [h for _p, h, fs, _f in lists if fs.is_bound and not fs.is_valid()],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def draft_preview(request, office_slug, service_slug):
    office = _office(request, office_slug)
    service = _service(office, service_slug)
    draft = _draft_or_redirect(request, office, service)
    if draft is None:
        return redirect("standards:staff_service", office.slug, service.slug)
    return render(
        request,
        "standards/staff/draft_preview.html",
        {
            "office": office,
            "service": service,
            "standard": draft,
            "management": management_rows(draft),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def draft_publish(request, office_slug, service_slug):
    office = _office(request, office_slug)
    service = _service(office, service_slug)
    draft = _draft_or_redirect(request, office, service)
    if draft is None:
        return redirect("standards:staff_service", office.slug, service.slug)
    form = forms.PublishForm(
        request.POST if request.method == "POST" else None,
        warnings=draft.import_warnings,
        initial={"decree_number": draft.decree_number},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publish(
                draft,
                actor=request.user,
                decree_number=form.cleaned_data["decree_number"],
                effective_date=form.cleaned_data["effective_date"],
                warnings_confirmed=form.cleaned_data.get("warnings_confirmed", False),
            )
        except StandardError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Versi %(version)s diterbitkan.") % {"version": draft.version},
            )
            return redirect("standards:staff_service", office.slug, service.slug)
    return render(
        request,
        "standards/staff/draft_publish.html",
        {"office": office, "service": service, "draft": draft, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pledge_edit(request, office_slug):
    office = _office(request, office_slug)
    draft = office.pledges.filter(status=Pledge.Status.DRAFT).first()
    current = services.published_pledge(office)
    source = draft or current
    form = forms.PledgeForm(
        request.POST if request.method == "POST" else None,
        initial={"text": source.text, "signatory": source.signatory} if source else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.save_pledge_draft(office, actor=request.user, **form.cleaned_data)
            if "publish" in request.POST:
                services.publish_pledge(pledge, actor=request.user)
                messages.success(request, _("Maklumat pelayanan diterbitkan."))
            else:
                messages.success(request, _("Draf maklumat disimpan."))
        except StandardError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("standards:staff_pledge", office.slug)
    return render(
        request,
        "standards/staff/pledge_edit.html",
        {"office": office, "form": form, "draft": draft, "current": current},
        status=400 if request.method == "POST" else 200,
    )
