"""Password changes (OWASP ASVS 4.0.3 V2.1): validated by AUTH_PASSWORD_VALIDATORS (12
characters at least, not a common password), recorded, and told to the owner."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from ..client import Client
from ..models import SecurityEvent
from .events import record_security_event
from .notices import notify_owner

Action = SecurityEvent.Action


@transaction.atomic
def change_password(
    user: Any, new_password: str, *, client: Client, now: datetime | None = None
) -> None:
    """Set `user`'s password (the form has validated it; validated again here so no caller can
    skip the rules). Other sessions of the user stop working: Django ties a session to the
    password hash."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_security_event(Action.PASSWORD_CHANGED, user=user, client=client, now=now)
    notify_owner(user, Action.PASSWORD_CHANGED)


def password_was_reset(user: Any, *, client: Client, now: datetime | None = None) -> None:
    """Record a password set through the e-mailed reset link."""
    record_security_event(Action.PASSWORD_RESET, user=user, client=client, now=now)
    notify_owner(user, Action.PASSWORD_RESET)
