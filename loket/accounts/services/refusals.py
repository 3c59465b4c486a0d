"""Refused access: each one in the security log, and a burst of them an alert to the office
admins (OWASP ASVS 4.0.3 V7.2.2, V8.1.4, V11.1.7, V11.1.8).

A refusal is a 403 (a colleague beyond their role) or the 404 of a record or office that
exists outside the user's scope (`loket.offices.permissions.OutOfScope`: another office's,
another division's). `LOKET_REFUSAL_ALERT_LIMIT` refusals of one account within
`LOKET_REFUSAL_ALERT_MINUTES` alert the admins of each office the account works in, once per
window: the alert is itself a security event (`refusals_alerted`), and no second one is sent
while one lies within the window.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from ..client import Client
from ..models import SecurityEvent
from .events import record_security_event
from .notices import alert_office_admins_of_refusals

Action = SecurityEvent.Action


@transaction.atomic
def record_refusal(
    user: Any, *, client: Client, data: dict[str, Any], now: datetime | None = None
) -> SecurityEvent:
    """Record one refused access of `user` (`data`: the view's name, the method and the
    status, never the URL); alert the office admins when this one completes a burst. Returns
    the refusal's event."""
    event = record_security_event(
        Action.ACCESS_REFUSED, user=user, client=client, data=data, now=now
    )
    since = event.at - timedelta(minutes=settings.LOKET_REFUSAL_ALERT_MINUTES)
    recent = SecurityEvent.objects.filter(user=user, at__gt=since)
    count = recent.filter(action=Action.ACCESS_REFUSED).count()
    if count < settings.LOKET_REFUSAL_ALERT_LIMIT:
        return event
    if recent.filter(action=Action.REFUSALS_ALERTED).exists():
        return event
    mails = alert_office_admins_of_refusals(
        user, count=count, minutes=settings.LOKET_REFUSAL_ALERT_MINUTES
    )
    record_security_event(
        Action.REFUSALS_ALERTED,
        user=user,
        client=client,
        data={"refusals": count, "mails": mails},
        now=event.at,
    )
    return event
