"""django-axes hooks: the back-off, the lockout page, and what happens at a lockout.

Axes counts failed sign-ins per account and per client address (`AXES_LOCKOUT_PARAMETERS`)
and refuses both, even with the right password, once `AXES_FAILURE_LIMIT` is reached. The
cool-off doubles with each lockout of the same account or address in the last day
(5, 10, 20 ... minutes, at most a day): OWASP ASVS 4.0.3 V2.2.1.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from .client import Client, client_ip
from .models import SecurityEvent
from .services.events import record_security_event
from .services.notices import alert_office_admins

BACKOFF_WINDOW = timedelta(days=1)
MAX_COOL_OFF = timedelta(days=1)


def _username(request) -> str:
    credentials = getattr(request, "axes_credentials", None) or {}
    username = credentials.get("username")
    if not username and getattr(request, "method", "") == "POST":
        username = request.POST.get("username", "")
    if not username and hasattr(request, "session"):
        username = (request.session.get("loket_pending_sign_in") or {}).get("username", "")
    return (username or "")[:150]


def _address(request) -> str | None:
    return getattr(request, "axes_ip_address", None) or client_ip(request)


def cool_off(request=None) -> timedelta:
    """How long a lockout lasts: LOKET_LOCKOUT_MINUTES, doubled per earlier lockout today."""
    base = timedelta(minutes=settings.LOKET_LOCKOUT_MINUTES)
    if request is None or not hasattr(request, "META"):
        return base
    username, address = _username(request), _address(request)
    match = Q(ip_address=address) if address else Q(pk__in=[])
    if username:
        match |= Q(username=username)
    lockouts = SecurityEvent.objects.filter(
        match,
        action=SecurityEvent.Action.LOCKED_OUT,
        at__gte=timezone.now() - BACKOFF_WINDOW,
    ).count()
    return min(base * 2 ** max(lockouts - 1, 0), MAX_COOL_OFF)


def locked_out_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets: 429, what happened, when to try again."""
    minutes = max(1, int(cool_off(request).total_seconds() // 60))
    response = render(request, "accounts/public/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    """axes' `user_locked_out`: sent at the lockout and again at each refused try during it.
    The first one records the event and alerts the office admins."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    user = get_user_model().objects.filter(username=username).first() if username else None
    client = Client(ip=ip_address, user_agent=request.headers.get("User-Agent", "")[:300])
    record_security_event(
        SecurityEvent.Action.LOCKED_OUT, user=user, username=username or "", client=client
    )
    if user is not None:
        minutes = int(cool_off(request).total_seconds() // 60)
        alert_office_admins(user, ip_address=ip_address, minutes=minutes)
