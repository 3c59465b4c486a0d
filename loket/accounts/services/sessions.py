"""Staff sessions: started at sign-in, ended by signing out, by the user for their other
sessions, or by the office admin deactivating the account (OWASP ASVS 4.0.3 V3.3)."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..client import Client
from ..models import SecurityEvent, StaffSession
from .events import record_security_event

Action = SecurityEvent.Action


def _session_store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


@transaction.atomic
def session_started(
    user: Any,
    *,
    session_key: str,
    client: Client,
    second_factor: bool,
    now: datetime | None = None,
) -> StaffSession:
    """Record a sign-in: the session row and the `signed_in` event."""
    now = now or timezone.now()
    StaffSession.objects.filter(session_key=session_key).delete()
    row = StaffSession.objects.create(
        user=user,
        session_key=session_key,
        created_at=now,
        ip_address=client.ip,
        user_agent=client.user_agent[:300],
    )
    record_security_event(
        Action.SIGNED_IN,
        user=user,
        client=client,
        data={"second_factor": second_factor},
        now=now,
    )
    return row


def session_key_changed(old_key: str | None, new_key: str | None) -> None:
    """Follow a session whose key Django cycled (a password change keeps the user signed in)."""
    if old_key and new_key and old_key != new_key:
        StaffSession.objects.filter(session_key=old_key).update(session_key=new_key)


@transaction.atomic
def session_ended(
    user: Any,
    *,
    session_key: str | None,
    action: str = Action.SIGNED_OUT,
    client: Client | None = None,
    data: dict | None = None,
    now: datetime | None = None,
) -> None:
    """Record that `session_key` ended (signed out, or expired: `action`)."""
    if session_key:
        StaffSession.objects.filter(session_key=session_key).delete()
    record_security_event(action, user=user, client=client, data=data, now=now)


def _end(rows) -> int:
    ended = 0
    for row in rows:
        _session_store(row.session_key).delete()
        row.delete()
        ended += 1
    return ended


@transaction.atomic
def sign_out_other_sessions(
    user: Any, *, current_key: str | None, client: Client, now: datetime | None = None
) -> int:
    """End every session of `user` but the current one; returns how many ended."""
    ended = _end(StaffSession.objects.filter(user=user).exclude(session_key=current_key or ""))
    record_security_event(
        Action.OTHER_SESSIONS_ENDED, user=user, client=client, data={"ended": ended}, now=now
    )
    return ended


def end_all_sessions(user: Any) -> int:
    """End every session of `user` (deactivation, a second factor reset); the caller records
    the event that explains why."""
    return _end(StaffSession.objects.filter(user=user))
