"""Session timeouts and the second-factor requirement, for every staff request."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from loket.offices.permissions import OutOfScope

from . import selectors, services
from .client import client_of
from .models import SecurityEvent

AUTH_AT = "loket_auth_at"
SEEN_AT = "loket_seen_at"
# The last-seen time is written at most this often (a session write per request otherwise).
SEEN_RESOLUTION = 60
# Sent by the pages' automatic refreshes (htmx `hx-headers`, e.g. the staff header's unread
# count every minute): such a request is not the user's activity, so it does not keep an
# idle session alive (it still ends an expired one).
POLL_HEADER = "X-Loket-Poll"


def mark_signed_in(request, now: float | None = None) -> None:
    """Start both session clocks (called by the sign-in view right after `login`)."""
    now = now or time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """End a staff session idle for LOKET_IDLE_TIMEOUT_MINUTES (30 by default) or older than
    SESSION_COOKIE_AGE (8 hours) since sign-in, whichever comes first (OWASP ASVS 4.0.3
    V3.3.2). The session cookie alone cannot do both: each save renews its expiry. A
    page's automatic refresh (`POLL_HEADER`) is not activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._check(request)
            if expired:
                return expired
        return self.get_response(request)

    def _check(self, request):
        now = time.time()
        session = request.session
        auth_at = session.get(AUTH_AT)
        seen_at = session.get(SEEN_AT)
        if auth_at is None or seen_at is None:
            # Every sign-in (the staff sign-in page; the admin's redirects there) starts the
            # clocks; a session without them was opened otherwise (a test's force_login, or
            # one from before this rule, which its cookie's own 8 hours still end).
            return None
        idle = settings.LOKET_IDLE_TIMEOUT_MINUTES * 60
        if now - seen_at > idle:
            reason = "idle"
        elif now - auth_at > settings.SESSION_COOKIE_AGE:
            reason = "absolute"
        else:
            if now - seen_at >= SEEN_RESOLUTION and request.headers.get(POLL_HEADER) != "1":
                session[SEEN_AT] = now
            return None
        user, key = request.user, session.session_key
        services.session_ended(
            user,
            session_key=key,
            action=SecurityEvent.Action.SESSION_EXPIRED,
            client=client_of(request),
            data={"reason": reason},
        )
        logout(request)
        if reason == "idle":
            text = _(
                "Sesi Anda berakhir karena %(minutes)s menit tidak ada kegiatan. "
                "Silakan masuk lagi."
            ) % {"minutes": settings.LOKET_IDLE_TIMEOUT_MINUTES}
        else:
            text = _("Sesi Anda sudah berumur %(hours)s jam dan berakhir. Silakan masuk lagi.") % {
                "hours": settings.SESSION_COOKIE_AGE // 3600
            }
        messages.info(request, text)
        return redirect_to_login(request.get_full_path())


# Staff areas a user who must use a second factor cannot enter without it; their own
# account pages (to set it up) and signing in and out stay open.
GUARDED_PREFIXES = ("/staf/", "/admin-sistem/", "/api/v1/staff/")
OPEN_PREFIXES = ("/staf/masuk/", "/staf/keluar/", "/staf/akun/", "/staf/lupa-sandi/")


class TwoFactorRequiredMiddleware:
    """Where a second factor is required (production: every role that sees personal data and
    every system administrator), a session without a verified one reaches only the pages
    that set it up (OWASP ASVS 4.0.3 V2.7, V4.1.1: enforced on the server, every request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path_info
        if (
            user is not None
            and user.is_authenticated
            and path.startswith(GUARDED_PREFIXES)
            and not path.startswith(OPEN_PREFIXES)
            and not user.is_verified()
            and selectors.two_factor_required(user)
        ):
            if path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "A second factor is required: set it up at /staf/akun/."},
                    status=403,
                )
            if selectors.has_two_factor(user):
                target = reverse("accounts:verify")
            else:
                target = reverse("accounts:two_factor_setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class AccessRefusedMiddleware:
    """Record every 403 a signed-in user gets (an attempt beyond one's role) and every 404 of
    a record or office outside their scope (`OutOfScope`: another office's or division's) in
    the security log: the view's name, never the URL (staff URLs may carry a reference or a
    code). A burst of them alerts the office admins (`services.record_refusal`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 403 and user is not None and user.is_authenticated:
            self._record(request, user, status=403)
        return response

    def process_exception(self, request, exception):
        user = getattr(request, "user", None)
        if isinstance(exception, OutOfScope) and user is not None and user.is_authenticated:
            self._record(request, user, status=404)
        return None  # the ordinary 404 page

    @staticmethod
    def _record(request, user, *, status: int) -> None:
        match = getattr(request, "resolver_match", None)
        data = {"view": match.view_name if match else "", "method": request.method}
        if status != 403:
            data["status"] = status
        services.record_refusal(user, client=client_of(request), data=data)
