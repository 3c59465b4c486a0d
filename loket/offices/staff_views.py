"""The office admin's profile page with its complaint channels, its divisions page, and the
system administrator's list of offices with the page that creates one (issue 14: a province
deployment with dozens of offices is run without the Django admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.errors import DomainError
from loket.reauth import demand_reauth

from . import pages, permissions, services
from .forms import ChannelForm, DivisionForm, OfficeCreateForm, OfficeProfileForm
from .roles import PROFILE_EDITORS


def _add_errors(form, error: ValidationError) -> None:
    """A model's `ValidationError` on the form's fields (a field it lacks: the form's)."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


def _profile_page(request, office, form, channel_form):
    return render(
        request,
        "offices/staff/profile.html",
        {
            "office": office,
            "form": form,
            "channel_form": channel_form,
            "channels": services.channels_of(office),
            "events": services.office_events(office, services.PROFILE_ACTIONS),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request, slug):
    """The office's details and its published complaint channels: office admin only."""
    office = permissions.get_office_or_404(request.user, slug, PROFILE_EDITORS)
    if answer := demand_reauth(request):
        return answer
    form = OfficeProfileForm.for_office(office, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_office_profile(
                office, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if changed:
                messages.success(request, _("Profil instansi disimpan."))
            else:
                messages.info(request, _("Tidak ada yang berubah."))
            return redirect("offices:profile", office.slug)
    channel_form = ChannelForm(kinds=services.unused_channel_kinds(office))
    return _profile_page(request, office, form, channel_form)


@login_required
@require_POST
def channel_add(request, slug):
    office = permissions.get_office_or_404(request.user, slug, PROFILE_EDITORS)
    if answer := demand_reauth(request, back=reverse("offices:profile", args=[slug])):
        return answer
    channel_form = ChannelForm(request.POST, kinds=services.unused_channel_kinds(office))
    if channel_form.is_valid():
        data = channel_form.cleaned_data
        try:
            channel = services.add_channel(
                office,
                kind=data["kind"],
                value=data["value"],
                label=data["label"],
                actor=request.user,
            )
        except DomainError as error:
            channel_form.add_error(error.field, str(error))
        except ValidationError as error:
            _add_errors(channel_form, error)
        else:
            messages.success(
                request, _("Kanal %(kind)s diumumkan.") % {"kind": channel.get_kind_display()}
            )
            return redirect("offices:profile", office.slug)
    form = OfficeProfileForm.for_office(office)
    return _profile_page(request, office, form, channel_form)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def channel_remove(request, slug, pk):
    """GET asks to confirm; POST stops publishing the channel."""
    office = permissions.get_office_or_404(request.user, slug, PROFILE_EDITORS)
    channel = services.channel_of(office, pk)
    if channel is None:
        raise Http404
    if answer := demand_reauth(request):
        return answer
    if request.method == "POST":
        services.remove_channel(channel, actor=request.user)
        messages.success(
            request, _("Kanal %(kind)s dihapus.") % {"kind": channel.get_kind_display()}
        )
        return redirect("offices:profile", office.slug)
    return render(
        request, "offices/staff/channel_remove.html", {"office": office, "channel": channel}
    )


@login_required
@permissions.system_admin_only
@never_cache
@require_safe
def system_offices(request):
    """Every office of the deployment, with a link to its profile and, while it has none,
    to invite its first office admin."""
    return render(
        request,
        "offices/staff/system_offices.html",
        {"offices": services.offices_with_admin_counts(), "sections": pages.sections()},
    )


@login_required
@permissions.system_admin_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def office_create(request):
    if answer := demand_reauth(request):
        return answer
    form = OfficeCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            office = services.create_office(slug=data.pop("slug"), name=data.pop("name"), **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Instansi %(name)s dibuat. Undang admin instansinya yang pertama.")
                % {"name": office.name},
            )
            return redirect("offices:system_offices")
    return render(request, "offices/staff/office_create.html", {"form": form})


# --- Divisions (issue 14) -------------------------------------------------------------------


def _division_or_404(request, slug, pk):
    """The office (office admin only: 403 for a colleague, 404 for anyone else) and its
    division `pk` (404 when it is another office's)."""
    office = permissions.get_office_or_404(request.user, slug, PROFILE_EDITORS)
    division = services.division_of(office, pk)
    if division is None:
        raise Http404
    return office, division


def _divisions_page(request, office, form):
    divisions = list(services.all_divisions_of(office))
    consultants = services.consultants_by_division(office)
    return render(
        request,
        "offices/staff/divisions.html",
        {
            "office": office,
            "form": form,
            "rows": [(d, consultants.get(d.pk, [])) for d in divisions],
            "events": services.office_events(office, services.DIVISION_ACTIONS),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def divisions(request, slug):
    """The office's divisions with their consultants; POST adds one. Office admin only."""
    office = permissions.get_office_or_404(request.user, slug, PROFILE_EDITORS)
    form = DivisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            division = services.add_division(office, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, str(error))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Bagian ditambahkan: %(name)s.") % {"name": division.name})
            return redirect("offices:divisions", office.slug)
    return _divisions_page(request, office, form)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def division_edit(request, slug, pk):
    """One division: rename it, change its code; links to deactivate or delete it."""
    office, division = _division_or_404(request, slug, pk)
    initial = {"name": division.name, "slug": division.slug}
    form = DivisionForm(
        request.POST if request.method == "POST" else None, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_division(division, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, str(error))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if changed:
                messages.success(
                    request, _("Bagian disimpan: %(name)s.") % {"name": form.cleaned_data["name"]}
                )
            else:
                messages.info(request, _("Tidak ada yang berubah."))
            return redirect("offices:divisions", office.slug)
    return render(
        request,
        "offices/staff/division_edit.html",
        {
            "office": office,
            "division": division,
            "form": form,
            "consultants": services.consultants_by_division(office).get(division.pk, []),
            "has_history": services.division_has_history(division),
        },
    )


@login_required
@require_POST
def division_move(request, slug, pk):
    """Move the division one place up (`arah=naik`) or down (`arah=turun`)."""
    office, division = _division_or_404(request, slug, pk)
    up = request.POST.get("arah") == "naik"
    if services.move_division(division, actor=request.user, up=up):
        messages.success(request, _("Urutan bagian diubah: %(name)s.") % {"name": division.name})
    return redirect(f"{reverse('offices:divisions', args=[office.slug])}#division-{division.pk}")


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def division_deactivate(request, slug, pk):
    """GET asks to confirm; POST deactivates the division (its history is kept)."""
    office, division = _division_or_404(request, slug, pk)
    if request.method == "POST":
        if services.set_division_active(division, actor=request.user, active=False):
            messages.success(
                request, _("Bagian dinonaktifkan: %(name)s.") % {"name": division.name}
            )
        return redirect("offices:divisions", office.slug)
    return render(
        request,
        "offices/staff/division_deactivate.html",
        {
            "office": office,
            "division": division,
            "consultants": services.consultants_by_division(office).get(division.pk, []),
        },
    )


@login_required
@require_POST
def division_activate(request, slug, pk):
    office, division = _division_or_404(request, slug, pk)
    if services.set_division_active(division, actor=request.user, active=True):
        messages.success(request, _("Bagian aktif kembali: %(name)s.") % {"name": division.name})
    return redirect("offices:divisions", office.slug)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def division_delete(request, slug, pk):
    """GET asks to confirm (or says why it cannot be deleted); POST deletes a division that
    has no history."""
    office, division = _division_or_404(request, slug, pk)
    has_history = services.division_has_history(division)
    if request.method == "POST" and not has_history:
        try:
            services.delete_division(division, actor=request.user)
        except DomainError as error:  # history came between the check and the lock
            messages.error(request, str(error))
        else:
            messages.success(request, _("Bagian dihapus: %(name)s.") % {"name": division.name})
        return redirect("offices:divisions", office.slug)
    return render(
        request,
        "offices/staff/division_delete.html",
        {"office": office, "division": division, "has_history": has_history},
        status=409 if request.method == "POST" else 200,
    )
