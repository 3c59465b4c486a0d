"""The office admin's profile page with its complaint channels, and the system
administrator's list of offices with the page that creates one (issue 14: a province
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
from .forms import ChannelForm, OfficeCreateForm, OfficeProfileForm
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
                office, kind=data["kind"], value=data["value"], label=data["label"]
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
        services.remove_channel(channel)
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
