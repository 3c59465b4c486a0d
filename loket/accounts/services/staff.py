"""The office admin's part in colleagues' accounts (issue 12, finding 14): deactivate an
account, ending its sessions; the second-factor reset is in `two_factor`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..client import Client
from ..errors import AccountError
from ..models import SecurityEvent
from .events import record_security_event
from .sessions import end_all_sessions


@transaction.atomic
def deactivate_account(
    user: Any, *, actor: Any, office: Any, client: Client, now: datetime | None = None
) -> int:
    """Switch `user` off: no sign-in any more, every session ends now. Returns how many
    sessions ended. Not one's own account, not a system administrator's."""
    if user.pk == actor.pk:
        raise AccountError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), code="self")
    if user.is_superuser:
        raise AccountError(
            _("Akun administrator sistem hanya dapat diubah oleh administrator sistem."),
            code="system_admin",
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_all_sessions(user)
    record_security_event(
        SecurityEvent.Action.ACCOUNT_DEACTIVATED,
        user=user,
        actor=actor,
        office=office,
        client=client,
        data={"sessions_ended": ended},
        now=now,
    )
    return ended
