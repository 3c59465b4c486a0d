"""Re-authentication before a sensitive change (OWASP ASVS 4.0.3 V3.7.1, V3.3.4).

One rule for every app: a page that changes how someone signs in, what they may do, or how
the office works (one's own password or second factor, a colleague's roles, an invitation, a
deactivation, a second-factor reset, an API key, the office's profile and settings) needs the
password (and the second factor, when the account has one) typed again at most
`LOKET_REAUTH_MINUTES` ago. The confirmation page is `accounts:reauth`; it stamps the session
through `mark_reauthenticated` and sends the user back to where they were.

Call `demand_reauth(request)` in the view *after* the access check (so another office's staff
still get 404 and a colleague without the role 403, never a confirmation page):

- a GET (or HEAD) without a recent confirmation is sent to the confirmation page and back to
  the same URL with its query string, so nothing typed into the address is lost;
- a POST without one is refused, not carried out: the user is sent to confirm and then back to
  `back` (the page holding the form; by default the posted URL itself), to send it again.
"""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# The session key holding when the password was last typed (a Unix time, seconds).
REAUTH_AT = "loket_reauth_at"


def mark_reauthenticated(request: HttpRequest, now: float | None = None) -> None:
    """Record in the session that the user has just typed their password (and code)."""
    request.session[REAUTH_AT] = time.time() if now is None else now


def recently_reauthenticated(request: HttpRequest) -> bool:
    """Whether the password was typed at most `LOKET_REAUTH_MINUTES` ago in this session."""
    confirmed_at = request.session.get(REAUTH_AT)
    if confirmed_at is None:
        return False
    return time.time() - confirmed_at <= settings.LOKET_REAUTH_MINUTES * 60


def demand_reauth(request: HttpRequest, back: str | None = None) -> HttpResponse | None:
    """None when the user confirmed recently; otherwise the redirect to the confirmation page
    (see the module docstring). `back`: where a refused POST returns after the confirmation
    (a path on this site); ignored for a GET, which returns to itself."""
    if recently_reauthenticated(request):
        return None
    if request.method in ("GET", "HEAD"):
        target = request.get_full_path()
    else:
        target = back or request.get_full_path()
        messages.warning(
            request,
            _("Belum ada yang diubah: konfirmasi dulu kata sandi Anda, lalu kirim sekali lagi."),
        )
    response = redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': target})}")
    if request.method not in ("GET", "HEAD"):
        response.status_code = 303  # the confirmation page is fetched with GET
    return response


def reauth_required(view):
    """`demand_reauth` as a decorator, for views whose access check comes first anyway (the
    user's own account pages). Put it under `login_required`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        answer = demand_reauth(request)
        if answer is not None:
            return answer
        return view(request, *args, **kwargs)

    return wrapper
