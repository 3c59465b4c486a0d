"""Writing the security log (OWASP ASVS 4.0.3 V7.1-V7.2): one row per event, never changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from loket.events import actor_or_none

from ..client import Client
from ..models import SecurityEvent

Action = SecurityEvent.Action


def record_security_event(
    action: str,
    *,
    user: Any = None,
    username: str = "",
    actor: Any = None,
    office: Any = None,
    client: Client | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> SecurityEvent:
    """Append one security event. `user` is the account it is about (None when the typed
    username names no account: `username` keeps what was typed); `actor` who did it (None for
    the user themself or no one). Other apps call this for their own events (an API key used,
    a kiosk enrolled, access refused). Never logs a password, a code or a token: callers put
    only identifiers into `data`."""
    user = actor_or_none(user)
    client = client or Client()
    return SecurityEvent.objects.create(
        at=now or timezone.now(),
        action=action,
        actor=actor_or_none(actor),
        user=user,
        username=(user.get_username() if user else username)[:150],
        office=office,
        ip_address=client.ip,
        user_agent=client.user_agent[:300],
        note=note,
        data=data or {},
    )
