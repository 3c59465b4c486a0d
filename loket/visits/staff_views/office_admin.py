"""The office admin's pages of the consultation desk: the settings (personal data, the
waiting-room screen's running line, the kiosk's whereabouts, slot length, ticket paper), the
office's kiosks (add one with a one-time enrolment link, revoke one) and the booking capacity
of each division's slots."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from loket.offices.permissions import get_office_or_404
from loket.reauth import demand_reauth

from .. import selectors, services
from ..roles import SETTINGS_EDITORS
from ..services import VisitError
from ..settings_forms import CapacityForm, KioskForm, SettingsForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def visit_settings(request, office_slug):
    office = get_office_or_404(request.user, office_slug, SETTINGS_EDITORS)
    current = services.settings_for(office)
    form = SettingsForm(
        request.POST or None,
        initial={name: getattr(current, name) for name in SettingsForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        services.save_settings(office, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Pengaturan tersimpan."))
        return redirect("visits:settings", office.slug)
    return render(
        request,
        "visits/staff/settings.html",
        {"office": office, "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kiosks(request, office_slug):
    """The office's kiosks. Adding one shows its enrolment link once (only its hash is kept)."""
    office = get_office_or_404(request.user, office_slug, SETTINGS_EDITORS)
    if answer := demand_reauth(request):
        return answer
    form = KioskForm(request.POST or None)
    enrolment_url = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                device, token = services.add_kiosk(
                    office, name=form.cleaned_data["name"], actor=request.user
                )
            except VisitError as exc:
                form.add_error("name", str(exc))
            else:
                enrolment_url = services.absolute(
                    reverse("visits:kiosk_enrol", args=[office.slug, token])
                )
                messages.success(request, _("Kios “%(name)s” ditambahkan.") % {"name": device.name})
                form = KioskForm()
        status = 400 if form.errors else 200
    return render(
        request,
        "visits/staff/kiosks.html",
        {
            "office": office,
            "form": form,
            "devices": selectors.kiosks_of(office),
            "enrolment_url": enrolment_url,
            "valid_hours": int(services.ENROLMENT_VALID.total_seconds() // 3600),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_revoke(request, office_slug, pk):
    """Are you sure? The kiosk is revoked only by the POST of this page."""
    office = get_office_or_404(request.user, office_slug, SETTINGS_EDITORS)
    device = selectors.kiosk_of(office, pk)
    if device is None:
        raise Http404
    if answer := demand_reauth(request):
        return answer
    if request.method == "POST":
        try:
            services.revoke_kiosk(device, actor=request.user)
        except VisitError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Kios “%(name)s” dicabut.") % {"name": device.name})
        return redirect("visits:kiosks", office.slug)
    return render(request, "visits/staff/kiosk_revoke.html", {"office": office, "device": device})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def capacity(request, office_slug):
    """The capacity of each division's slots: one for every slot, and slot overrides."""
    office = get_office_or_404(request.user, office_slug, SETTINGS_EDITORS)
    form = CapacityForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_capacity(
                office,
                actor=request.user,
                division=data["division"],
                starts_at=data["starts_at"],
                capacity=data["capacity"],
            )
        except VisitError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Kapasitas tersimpan."))
            return redirect("visits:capacity", office.slug)
    return render(
        request,
        "visits/staff/capacity.html",
        {
            "office": office,
            "form": form,
            "rows": services.capacity_rows(office),
            "slot_minutes": services.slot_minutes(office),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def capacity_remove(request, office_slug, pk):
    office = get_office_or_404(request.user, office_slug, SETTINGS_EDITORS)
    row = next((row for row in services.capacity_rows(office) if row.pk == pk), None)
    if row is None:
        raise Http404
    services.set_capacity(
        office, actor=request.user, division=row.division, starts_at=row.starts_at, capacity=None
    )
    messages.success(request, _("Batas kapasitas dihapus."))
    return redirect("visits:capacity", office.slug)
