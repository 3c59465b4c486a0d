"""The office's personal-data register (UU 27/2022): retention per record type, data
subjects' requests with their 3x24-hour clock, the records of a person and the access
export. The office admin keeps it; the head reads it; another office's staff get 404."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.offices.permissions import has_role, require_role

from .. import selectors, services
from ..forms import DecisionForm, LiftForm, RequestForm, RetentionForm
from ..models import RecordType
from ..pdf import export_pdf
from ..roles import KEEPERS, READERS
from .access import office_for


@login_required
@require_safe
def home(request, office_slug):
    office = office_for(request, office_slug, READERS)
    return render(
        request,
        "privacy/staff/home.html",
        {
            "office": office,
            "retention": services.retention_for(office),
            "requests": selectors.office_requests(office)[:50],
            "events": selectors.recent_events(office),
            "now": timezone.now(),
            "may_keep": _may_keep(request, office),
        },
    )


def _may_keep(request, office) -> bool:
    return has_role(request.user, office, KEEPERS)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def retention(request, office_slug, record_type):
    office = office_for(request, office_slug, READERS)
    require_role(request.user, office, KEEPERS)
    if record_type not in RecordType.values or record_type in services.DEPLOYMENT_WIDE:
        raise Http404
    current = next(r for r in services.retention_for(office) if r.record_type == record_type)
    form = RetentionForm(
        request.POST or None,
        initial={"days": current.days, "jra_reference": current.jra_reference},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_retention(
                office, record_type=record_type, actor=request.user, **form.cleaned_data
            )
        except services.PrivacyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Masa simpan tersimpan."))
            return redirect("privacy:home", office.slug)
    return render(
        request,
        "privacy/staff/retention.html",
        {"office": office, "form": form, "current": current},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_request(request, office_slug):
    office = office_for(request, office_slug, READERS)
    require_role(request.user, office, KEEPERS)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.record_request(office, actor=request.user, **form.cleaned_data)
        except services.PrivacyError as error:
            form.add_error(None, str(error))
        else:
            return redirect("privacy:request", office.slug, created.pk)
    return render(
        request,
        "privacy/staff/new_request.html",
        {"office": office, "form": form},
        status=400 if form.errors else 200,
    )


def _request(request, office_slug, pk, roles):
    office = office_for(request, office_slug, READERS)
    require_role(request.user, office, roles)
    found = selectors.request_of(office, pk)
    if found is None:
        raise Http404
    return office, found


@login_required
@require_safe
def request_detail(request, office_slug, pk):
    office, subject_request = _request(request, office_slug, pk, READERS)
    return render(
        request,
        "privacy/staff/request.html",
        {
            "office": office,
            "item": subject_request,
            "records": services.records_for(subject_request),
            "decided_kinds": services.DECIDED_KINDS,
            "now": timezone.now(),
            "may_keep": _may_keep(request, office),
        },
    )


@login_required
@require_safe
def export(request, office_slug, pk, fmt):
    """The access export, JSON or PDF; only the office admin makes one (it is logged)."""
    if fmt not in ("json", "pdf"):
        raise Http404
    _office, subject_request = _request(request, office_slug, pk, KEEPERS)
    data = services.access_export(subject_request, actor=request.user)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
    else:
        response = HttpResponse(export_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{pk}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def answered(request, office_slug, pk):
    office, subject_request = _request(request, office_slug, pk, KEEPERS)
    try:
        services.mark_answered(subject_request, actor=request.user)
    except services.PrivacyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Permintaan ditandai sudah dijawab."))
    return redirect("privacy:request", office.slug, subject_request.pk)


@login_required
@require_POST
def erase(request, office_slug, pk):
    """Fulfil a deletion request: erase the person's finished records (see the service)."""
    office, subject_request = _request(request, office_slug, pk, KEEPERS)
    try:
        counts = services.erase_for_request(subject_request, actor=request.user)
    except services.PrivacyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Data pribadi dihapus: %(visits)s kunjungan, %(complaints)s pengaduan. Masih "
                "berjalan, disimpan: %(open_visits)s kunjungan, %(open_complaints)s pengaduan."
            )
            % {
                "visits": counts["visits"],
                "complaints": counts["complaints"],
                "open_visits": counts["kept_open_visits"],
                "open_complaints": counts["kept_open_complaints"],
            },
        )
    return redirect("privacy:request", office.slug, subject_request.pk)


@login_required
@require_POST
def withdraw(request, office_slug, pk):
    """Fulfil a withdrawal of consent: record it and erase the optional data (see the
    service)."""
    office, subject_request = _request(request, office_slug, pk, KEEPERS)
    try:
        counts = services.withdraw_consent(subject_request, actor=request.user)
    except services.PrivacyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Penarikan persetujuan dicatat dan data opsional dihapus: e-mail pada "
                "%(visits)s kunjungan, NIK pada %(complaints)s pengaduan. Pemohon diberi tahu."
            )
            % counts,
        )
    return redirect("privacy:request", office.slug, subject_request.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def decide(request, office_slug, pk):
    """Decide a correction, restriction or objection request (see `services.decide`)."""
    office, subject_request = _request(request, office_slug, pk, KEEPERS)
    if subject_request.kind not in services.DECIDED_KINDS or not subject_request.is_open:
        raise Http404
    form = DecisionForm(request.POST or None, kind=subject_request.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(subject_request, actor=request.user, **form.cleaned_data)
        except services.PrivacyError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Keputusan tersimpan dan pemohon diberi tahu."))
            return redirect("privacy:request", office.slug, subject_request.pk)
    return render(
        request,
        "privacy/staff/decide.html",
        {
            "office": office,
            "item": subject_request,
            "form": form,
            "records": services.records_for(subject_request),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lift(request, office_slug, pk):
    """Lift a granted restriction (see `services.lift_restriction`)."""
    office, subject_request = _request(request, office_slug, pk, KEEPERS)
    if not subject_request.may_lift_restriction:
        raise Http404
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lift_restriction(subject_request, actor=request.user, **form.cleaned_data)
        except services.PrivacyError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Pembatasan dicabut dan pemohon diberi tahu."))
            return redirect("privacy:request", office.slug, subject_request.pk)
    return render(
        request,
        "privacy/staff/lift.html",
        {
            "office": office,
            "item": subject_request,
            "form": form,
            "records": services.records_for(subject_request),
        },
        status=400 if form.errors else 200,
    )
