"""Signing in and out: password, then (when the account has one) the second factor.

The password step goes through Django's `authenticate`, where django-axes refuses a locked
account or client before the password is checked. A wrong second-factor code counts as a
failed sign-in for the same lockout. The session starts only once both steps pass.
"""

from __future__ import annotations

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from loket.offices.forms import StaffAuthenticationForm
from loket.reauth import mark_reauthenticated

from . import selectors, services
from .client import client_of
from .forms import CodeForm, NewPasswordForm
from .lockout import locked_out_response
from .middleware import mark_signed_in
from .models import SecurityEvent

AXES_BACKEND = "axes.backends.AxesBackend"
PENDING = "loket_pending_sign_in"
# The password step is good for this long while the second factor is asked.
PENDING_SECONDS = 5 * 60


def safe_next(request, default: str | None = None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default or settings.LOGIN_REDIRECT_URL)


def complete_sign_in(request, user, device=None) -> None:
    """Open the session: Django's login (a new session key), the verified second factor,
    the session clocks, the session row and the `signed_in` event."""
    login(request, user, backend=AXES_BACKEND)
    if device is not None:
        otp_login(request, device)
    mark_signed_in(request)
    mark_reauthenticated(request)  # the password was typed just now
    request.session.save()
    services.session_started(
        user,
        session_key=request.session.session_key,
        client=client_of(request),
        second_factor=device is not None,
    )


def _record_failure(request, username: str) -> None:
    user = get_user_model().objects.filter(username=username).first() if username else None
    services.record_security_event(
        SecurityEvent.Action.SIGN_IN_FAILED,
        user=user,
        username=username,
        client=client_of(request),
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.method != "POST":
        return redirect(safe_next(request))
    form = StaffAuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            if selectors.has_two_factor(user):
                request.session.cycle_key()
                request.session[PENDING] = {
                    "user_id": user.pk,
                    "username": user.get_username(),
                    "at": time.time(),
                    "next": safe_next(request),
                }
                return redirect("accounts:verify")
            complete_sign_in(request, user)
            return redirect(safe_next(request))
        _record_failure(request, request.POST.get("username", "")[:150])
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "password_only_demo": not selectors.two_factor_enforced(),
        },
    )


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    return user, pending


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """The second step: a code from the app or a recovery code. Also where a signed-in
    session without a verified second factor is sent when its role requires one."""
    if request.user.is_authenticated:
        user, pending = request.user, None
        if user.is_verified() or not selectors.has_two_factor(user):
            return redirect(safe_next(request))
    else:
        user, pending = _pending_user(request)
        if user is None:
            return redirect("login")
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, credentials):
            return locked_out_response(request)
        if form.is_valid():
            device = services.verify_second_factor(
                user, form.cleaned_data["token"], client=client_of(request)
            )
            if device is not None:
                if pending is None:
                    otp_login(request, device)
                    return redirect(safe_next(request))
                request.session.pop(PENDING, None)
                complete_sign_in(request, user, device)
                return redirect(pending["next"])
            # Counts for the lockout like a wrong password (django-axes listens).
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            form.add_error(
                "token",
                _(
                    "Kode itu tidak cocok. Tulis kode yang sedang tampil di aplikasi (berganti "
                    "tiap 30 detik), atau satu kode pemulihan."
                ),
            )
    return render(
        request,
        "accounts/public/verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@require_POST
@csrf_protect
def sign_out(request):
    if request.user.is_authenticated:
        services.session_ended(
            request.user, session_key=request.session.session_key, client=client_of(request)
        )
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


class StaffPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's reset-link page with the 12-character rules' labels, recorded in the log."""

    form_class = NewPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_was_reset(form.user, client=client_of(self.request))
        services.end_all_sessions(form.user)
        return response


class InvitationView(PasswordResetConfirmView):
    """The invitation link: a new colleague sets the first password (the link is Django's
    single-use password token), then signs in and sets up the second factor."""

    form_class = NewPasswordForm
    template_name = "accounts/public/invitation.html"
    reset_url_token = "buat-sandi"  # noqa: S105 - a URL segment, not a secret

    def get_success_url(self):
        return resolve_url("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_security_event(
            SecurityEvent.Action.PASSWORD_CHANGED,
            user=form.user,
            client=client_of(self.request),
            data={"invitation": True},
        )
        messages.success(self.request, _("Kata sandi dibuat. Silakan masuk."))
        return response
