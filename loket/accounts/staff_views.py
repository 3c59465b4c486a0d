"""The staff member's own account (second factor, password, sessions) and the office's
security log. Changing the password or the second factor needs the password again first."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login

from loket.errors import DomainError
from loket.offices.permissions import (
    get_office_or_404,
    offices_for,
    require_role,
    roles_held,
    system_admin_only,
)
from loket.offices.roles import Role
from loket.offices.services import divisions_of
from loket.reauth import demand_reauth, mark_reauthenticated, reauth_required

from . import selectors, services
from .client import client_of
from .forms import (
    ApiKeyForm,
    InviteForm,
    NewPasswordForm,
    ReauthForm,
    ResetReasonForm,
    RoleForm,
    SetupCodeForm,
)
from .lockout import locked_out_response
from .models import SecurityEvent
from .public_views import safe_next
from .roles import API_KEY_MANAGERS, SECURITY_LOG_READERS

SETUP_DEVICE = "loket_totp_setup"
PAGE_SIZE = 50


@login_required
@never_cache
@require_safe
def account(request):
    user = request.user
    return render(
        request,
        "accounts/staff/account.html",
        {
            "has_two_factor": selectors.has_two_factor(user),
            "two_factor_required": selectors.two_factor_required(user),
            "two_factor_enforced": selectors.two_factor_enforced(),
            "verified": user.is_verified(),
            "sessions": selectors.sessions_of(user),
            "current_key": request.session.session_key,
            "events": SecurityEvent.objects.filter(user=user).order_by("-at", "-id")[:10],
            "admin_offices": offices_for(user, SECURITY_LOG_READERS),
        },
    )


@login_required
@sensitive_post_parameters("password", "token")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reauth(request):
    """The password again, and the second factor's code when the account has one, before a
    sensitive change (`loket.reauth`); then back to `next`. A wrong password or code is a
    failed sign-in for the lockout and the security log."""
    user = request.user
    with_code = selectors.has_two_factor(user)
    form = ReauthForm(request.POST if request.method == "POST" else None, with_code=with_code)
    if request.method == "POST":
        credentials = {"username": user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            return locked_out_response(request)
        if form.is_valid():
            confirmed = authenticate(
                request, username=user.get_username(), password=form.cleaned_data["password"]
            )
            if confirmed is None or confirmed.pk != user.pk:
                services.record_security_event(
                    SecurityEvent.Action.SIGN_IN_FAILED,
                    user=user,
                    client=client_of(request),
                    data={"step": "reauth"},
                )
                form.add_error("password", _("Kata sandi salah."))
            elif with_code and (
                services.verify_second_factor(
                    user, form.cleaned_data["token"], client=client_of(request)
                )
                is None
            ):
                # Counts for the lockout like a wrong password (django-axes listens).
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
                form.add_error("token", _("Kode itu tidak cocok."))
            else:
                mark_reauthenticated(request)
                services.record_security_event(
                    SecurityEvent.Action.REAUTHENTICATED, user=user, client=client_of(request)
                )
                return redirect(safe_next(request, "accounts:account"))
    return render(
        request,
        "accounts/staff/reauth.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "reauth_minutes": settings.LOKET_REAUTH_MINUTES,
        },
    )


@login_required
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@reauth_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_password(request):
    form = NewPasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        old_key = request.session.session_key
        services.change_password(
            request.user, form.cleaned_data["new_password1"], client=client_of(request)
        )
        update_session_auth_hash(request, request.user)
        services.session_key_changed(old_key, request.session.session_key)
        messages.success(
            request, _("Kata sandi diganti. Sesi Anda di perangkat lain sudah berakhir.")
        )
        return redirect("accounts:account")
    return render(request, "accounts/staff/password.html", {"form": form})


def _qr_svg(url: str) -> str:
    """The provisioning URL as an inline SVG QR code (no image request, no inline style)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=5, border=2, title=_("Kode QR untuk aplikasi autentikator")
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - our own SVG


@login_required
@sensitive_post_parameters("token")
@never_cache
@reauth_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request):
    """Scan, type the first code, receive the recovery codes once."""
    user = request.user
    device = services.pending_totp_device(user, request.session.get(SETUP_DEVICE))
    if device is None:
        device = services.new_totp_device(user)
        request.session[SETUP_DEVICE] = device.pk
    form = SetupCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp(
                user, device, form.cleaned_data["token"], client=client_of(request)
            )
        except DomainError as error:
            form.add_error("token", str(error))
        else:
            request.session.pop(SETUP_DEVICE, None)
            otp_login(request, device)
            return render(
                request,
                "accounts/staff/recovery_codes.html",
                {"codes": codes, "just_enabled": True, "next": safe_next(request)},
            )
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return render(
        request,
        "accounts/staff/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "replacing": selectors.has_two_factor(user),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@never_cache
@reauth_required
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request):
    if not selectors.has_two_factor(request.user):
        return redirect("accounts:two_factor_setup")
    if request.method == "POST":
        codes = services.new_recovery_codes(request.user, client=client_of(request))
        return render(
            request,
            "accounts/staff/recovery_codes.html",
            {"codes": codes, "just_enabled": False, "next": reverse("accounts:account")},
        )
    return render(request, "accounts/staff/recovery_codes_new.html")


@login_required
@never_cache
@reauth_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_disable(request):
    if request.method == "POST":
        try:
            services.disable_two_factor(request.user, client=client_of(request))
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
        return redirect("accounts:account")
    return render(
        request,
        "accounts/staff/two_factor_disable.html",
        {"required": selectors.two_factor_required(request.user)},
    )


@login_required
@require_POST
def sign_out_others(request):
    if answer := demand_reauth(request, back=reverse("accounts:account")):
        return answer
    ended = services.sign_out_other_sessions(
        request.user, current_key=request.session.session_key, client=client_of(request)
    )
    messages.success(request, _("%(count)s sesi lain diakhiri.") % {"count": ended})
    return redirect("accounts:account")


# --- The security log -------------------------------------------------------------------

CSV_COLUMNS = ["time_utc", "action", "event", "account", "by", "office", "ip", "browser", "note"]


def _cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


def _csv_response(rows, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(CSV_COLUMNS)
        for event in rows.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    _cell(value)
                    for value in (
                        event.at.astimezone(UTC).isoformat(),
                        event.action,
                        event.get_action_display(),
                        event.username,
                        event.actor.get_username() if event.actor else "",
                        event.office.slug if event.office else "",
                        event.ip_address or "",
                        event.user_agent,
                        event.note,
                    )
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _log_page(request, rows, *, office, csv_url: str):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "accounts/staff/security_log.html",
        {"office": office, "page": page, "csv_url": csv_url},
    )


@login_required
@never_cache
@require_safe
def security_log(request, slug):
    office = get_office_or_404(request.user, slug, SECURITY_LOG_READERS)
    rows = selectors.security_events(office=office)
    return _log_page(
        request, rows, office=office, csv_url=reverse("accounts:security_log_csv", args=[slug])
    )


@login_required
@never_cache
@require_safe
def security_log_csv(request, slug):
    office = get_office_or_404(request.user, slug, SECURITY_LOG_READERS)
    rows = selectors.security_events(office=office)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return _csv_response(rows, f"log-keamanan-{office.slug}-{stamp}.csv")


@login_required
@system_admin_only
@never_cache
@require_safe
def security_log_all(request):
    return _log_page(
        request,
        selectors.security_events(),
        office=None,
        csv_url=reverse("accounts:security_log_all_csv"),
    )


@login_required
@system_admin_only
@never_cache
@require_safe
def security_log_all_csv(request):
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return _csv_response(selectors.security_events(), f"log-keamanan-{stamp}.csv")


# --- The office admin's staff page ------------------------------------------------------

STAFF_MANAGERS = SECURITY_LOG_READERS


def _member_or_404(office, pk):
    member = selectors.office_member(office, pk)
    if member is None:
        raise Http404
    return member


@login_required
@never_cache
@require_safe
def staff_list(request, slug):
    """Who works in the office: last sign-in, second factor, active or not."""
    office = get_office_or_404(request.user, slug, STAFF_MANAGERS)
    return render(
        request,
        "accounts/staff/staff_list.html",
        {"office": office, "members": selectors.office_staff(office)},
    )


@login_required
@require_POST
def staff_deactivate(request, slug, pk):
    office = get_office_or_404(request.user, slug, STAFF_MANAGERS)
    member = _member_or_404(office, pk)
    if answer := demand_reauth(request, back=reverse("accounts:staff_list", args=[slug])):
        return answer
    try:
        services.deactivate_account(
            member, actor=request.user, office=office, client=client_of(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Akun %(name)s dinonaktifkan.") % {"name": member.get_username()}
        )
    return redirect("accounts:staff_list", slug)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def staff_reset_two_factor(request, slug, pk):
    office = get_office_or_404(request.user, slug, STAFF_MANAGERS)
    member = _member_or_404(office, pk)
    if answer := demand_reauth(request):
        return answer
    form = ResetReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_two_factor(
                member,
                actor=request.user,
                office=office,
                reason=form.cleaned_data["reason"],
                client=client_of(request),
            )
        except DomainError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(
                request,
                _("Verifikasi dua langkah %(name)s diatur ulang.")
                % {"name": member.get_username()},
            )
            return redirect("accounts:staff_list", slug)
    return render(
        request,
        "accounts/staff/staff_reset_two_factor.html",
        {"office": office, "member": member, "form": form},
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def staff_invite(request, slug):
    office = get_office_or_404(request.user, slug, STAFF_MANAGERS)
    if answer := demand_reauth(request):
        return answer
    form = InviteForm(
        request.POST if request.method == "POST" else None, divisions=divisions_of(office)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.invite_staff(
                office=office,
                username=data["username"],
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                division=data["division"],
                actor=request.user,
                client=client_of(request),
            )
        except DomainError as error:
            form.add_error(error.field or "role", str(error))
        else:
            messages.success(
                request,
                _("Undangan untuk %(name)s dikirim ke %(email)s.")
                % {"name": member.get_username(), "email": data["email"]},
            )
            return redirect("accounts:staff_list", slug)
    return render(request, "accounts/staff/staff_invite.html", {"office": office, "form": form})


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def staff_roles(request, slug, pk):
    """A colleague's roles in the office: give one, take one."""
    office = get_office_or_404(request.user, slug, STAFF_MANAGERS)
    member = _member_or_404(office, pk)
    if answer := demand_reauth(request):
        return answer
    form = RoleForm(
        request.POST if request.POST.get("give") else None, divisions=divisions_of(office)
    )
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                services.remove_staff_role(
                    member,
                    office=office,
                    role=request.POST["remove"],
                    actor=request.user,
                    client=client_of(request),
                )
                return redirect("accounts:staff_roles", slug, pk)
            if form.is_valid():
                services.grant_staff_role(
                    member,
                    office=office,
                    role=form.cleaned_data["role"],
                    division=form.cleaned_data["division"],
                    actor=request.user,
                    client=client_of(request),
                )
                return redirect("accounts:staff_roles", slug, pk)
        except DomainError as error:
            form.add_error(None, str(error))
    # The supervisor's role too (issue 16), which `roles_in` leaves out of every access rule.
    roles = sorted(roles_held(member, office)) if not member.is_superuser else []
    labels = dict(Role.choices)
    return render(
        request,
        "accounts/staff/staff_roles.html",
        {
            "office": office,
            "member": member,
            "form": form,
            "roles": [(role, labels.get(role, role)) for role in roles],
        },
    )


# --- The office admin's API keys ----------------------------------------------------------


def _key_office(request, slug):
    """The office if the user works there (404 otherwise) and manages its keys (403)."""
    office = get_office_or_404(request.user, slug)
    require_role(request.user, office, API_KEY_MANAGERS)
    return office


def _expiry(office, day):
    """The end of `day` in the office's zone (the key works through its last day), in UTC."""
    if day is None:
        return None
    start = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=office.tz)
    return start.astimezone(UTC)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def api_keys(request, slug):
    """The office's API keys (name, operations, expiry, last use, revoked or not) and the form
    for a new one. A created key is shown on the answer to the POST only, once: it is not
    stored and cannot be shown again."""
    office = _key_office(request, slug)
    if answer := demand_reauth(request):
        return answer
    form = ApiKeyForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_api_key(
                office=office,
                name=form.cleaned_data["name"],
                operations=form.cleaned_data["operations"],
                expires_at=_expiry(office, form.cleaned_data["expires_on"]),
                rate_per_minute=form.cleaned_data["rate_per_minute"],
                actor=request.user,
                client=client_of(request),
            )
        except DomainError as error:
            field = {"expires_at": "expires_on"}.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            form = ApiKeyForm()
    return render(
        request,
        "accounts/staff/api_keys.html",
        {
            "office": office,
            "form": form,
            "created": created,
            "keys": selectors.api_keys_of(office),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def api_key_revoke(request, slug, pk):
    office = _key_office(request, slug)
    key = selectors.api_key_of(office, pk)
    if key is None:
        raise Http404
    if answer := demand_reauth(request, back=reverse("accounts:api_keys", args=[slug])):
        return answer
    services.revoke_api_key(key, actor=request.user, client=client_of(request))
    messages.success(request, _("Kunci %(name)s dicabut.") % {"name": key.name})
    return redirect("accounts:api_keys", slug)
