"""The record of processing activities (UU 27/2022 Pasal 31), generated from what Loket
processes in the office, with the additions the office admin keeps; printable."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from loket.offices.permissions import has_role

from .. import services
from ..forms import ProfileForm
from ..roles import KEEPERS, READERS
from .access import office_for


@login_required
@require_safe
def processing(request, office_slug):
    office = office_for(request, office_slug, READERS)
    return render(
        request,
        "privacy/staff/processing.html",
        {
            "office": office,
            "activities": services.activities(office),
            "profile": services.profile_of(office),
            "now": timezone.now(),
            "may_keep": has_role(request.user, office, KEEPERS),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def processing_edit(request, office_slug):
    office = office_for(request, office_slug, KEEPERS)
    profile = services.profile_of(office)
    initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_profile(office, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Catatan pemrosesan tersimpan."))
        return redirect("privacy:processing", office.slug)
    return render(
        request,
        "privacy/staff/processing_edit.html",
        {"office": office, "form": form},
        status=400 if form.errors else 200,
    )
