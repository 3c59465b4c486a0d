"""Staff pages: office admins create services, import SIPPN texts (with a preview), edit a
draft standard, preview and publish it, correct a version published by mistake, and keep the
maklumat pelayanan. Outsiders get 404, colleagues without the role 403."""

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.offices.permissions import get_office_or_404, require_role

from . import forms, selectors, services
from .components import management_rows
from .models import Pledge, Service, Standard
from .roles import EDITORS
from .services import StandardError


def _office(request, slug: str):
    office = get_office_or_404(request.user, slug)
    require_role(request.user, office, EDITORS)
    return office


def _service(office, slug: str) -> Service:
    return get_object_or_404(Service, office=office, slug=slug)


@login_required
@require_safe
def service_list(request, office_slug):
    office = _office(request, office_slug)
    return render(
        request,
        "standards/staff/service_list.html",
        {"office": office, "rows": _rows(office), "form": forms.ServiceCreateForm()},
    )


def _rows(office) -> list:
    in_force = selectors.in_force_by_service(office)
    drafts = {
        s.service_id: s
        for s in Standard.objects.filter(service__office=office, status=Standard.Status.DRAFT)
    }
    return [
        (s, in_force.get(s.pk), drafts.get(s.pk))
        for s in office.services.order_by("position", "name")
    ]


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
    return render(
        request,
        "standards/staff/service_list.html",
        {"office": office, "rows": _rows(office), "form": form},
        status=400,
    )


@login_required
@require_safe
def service_detail(request, office_slug, service_slug):
    office = _office(request, office_slug)
    service = _service(office, service_slug)
    return render(
        request,
        "standards/staff/service_detail.html",
        {
            "office": office,
            "service": service,
            "draft": selectors.draft_of(service),
            "current": selectors.standard_in_force(service),
            "upcoming": selectors.next_standard(service),
            "versions": selectors.published_versions(service),
            "events": selectors.events_of(service),
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
    draft = selectors.draft_of(service)
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
        has_classes=bool(draft.complaint_classes),
        initial={"decree_number": draft.decree_number, "effective_date": draft.effective_date},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.publish(
                draft,
                actor=request.user,
                decree_number=data["decree_number"],
                effective_date=data["effective_date"],
                warnings_confirmed=data.get("warnings_confirmed", False),
                no_classes_confirmed=data.get("no_classes_confirmed", False),
                backdate_confirmed=data.get("backdate_confirmed", False),
            )
        except StandardError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
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
    current = selectors.published_pledge(office)
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


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start_correction(request, office_slug, service_slug, version):
    """Withdraw a version published by mistake: a correcting draft, with the reason."""
    office = _office(request, office_slug)
    service = _service(office, service_slug)
    wrong = get_object_or_404(selectors.published_versions(service), version=version)
    form = forms.CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_correction(wrong, actor=request.user, reason=form.cleaned_data["reason"])
        except StandardError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request,
                _("Draf koreksi dibuat. Versi %(version)s ditarik saat koreksi ini terbit.")
                % {"version": wrong.version},
            )
            return redirect("standards:staff_draft", office.slug, service.slug)
    return render(
        request,
        "standards/staff/correct.html",
        {"office": office, "service": service, "wrong": wrong, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _encode(source: bytes) -> str:
    return base64.b64encode(source).decode("ascii")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_text(request, office_slug):
    """Upload a SIPPN text: a preview of every draft it gives (what was read, what was not
    placed, what to confirm, the share placed), then "Buat draf" writes them. The text travels
    back with the confirmation (base64 in a hidden field) and is read again, so nothing is
    kept between the two steps."""
    office = _office(request, office_slug)
    context = {"office": office, "service": None, "form": forms.ImportForm()}
    if request.method == "POST" and "confirm" in request.POST:
        try:
            source = base64.b64decode(request.POST.get("source", ""), validate=True)
            outcomes = services.import_standards(source, office=office, actor=request.user)
        except (binascii.Error, ValueError):
            context["error"] = _("Teks tidak terbaca; unggah lagi.")
        except StandardError as exc:
            context["error"] = str(exc)
        else:
            messages.success(
                request,
                _("%(count)s draf dibuat atau diperbarui dari teks SIPPN.")
                % {"count": sum(1 for o in outcomes if o.status != "unchanged")},
            )
            if len(outcomes) == 1 and outcomes[0].service is not None:
                return redirect("standards:staff_draft", office.slug, outcomes[0].service.slug)
            return redirect("standards:staff_services", office.slug)
        return render(request, "standards/staff/import.html", context, status=400)
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                context["outcomes"] = services.preview(form.cleaned_data["source"], office=office)
            except StandardError as exc:
                form.add_error("file", str(exc))
            else:
                context["source"] = _encode(form.cleaned_data["source"])
                return render(request, "standards/staff/import.html", context)
        return render(request, "standards/staff/import.html", context, status=400)
    return render(request, "standards/staff/import.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def system_office_import(request):
    """The system administrator creates an office from a SIPPN text (issue 14): the office
    from the text's header (name, parent, address, postal code, phone, e-mail) with the time
    zone chosen here, each service of the text as a draft, all or nothing; then the list of
    offices, to invite its first admin. Anyone else: 404."""
    if not (request.user.is_active and request.user.is_superuser):
        raise Http404
    form = forms.OfficeImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcomes = services.import_standards(
                data["source"],
                actor=request.user,
                create_office=True,
                office_slug=data["slug"] or None,
                timezone_name=data["timezone"],
            )
        except StandardError as exc:
            if exc.code == "import_office_exists":
                form.add_error(
                    "slug",
                    _(
                        "Instansi dengan kode ini sudah ada. Impor teksnya dari halaman standar "
                        "instansi itu, atau tulis kode lain."
                    ),
                )
            else:
                form.add_error("slug" if exc.code.startswith("import_office") else "file", str(exc))
        else:
            office = outcomes[0].service.office
            messages.success(
                request,
                _(
                    "Instansi %(name)s dibuat dari teks SIPPN dengan %(count)s draf standar. "
                    "Periksa profilnya, lalu undang admin instansinya yang pertama."
                )
                % {"name": office.name, "count": len(outcomes)},
            )
            for note in outcomes[0].parsed.warnings:
                if note.code in services.HEADER_NOTE_CODES:
                    messages.warning(request, str(note))
            return redirect("offices:system_offices")
    return render(
        request,
        "standards/staff/system_office_import.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
