"""Accounts services: the contract other apps may call (`__all__`)."""

from .events import record_security_event
from .passwords import change_password, password_was_reset
from .sessions import (
    end_all_sessions,
    session_ended,
    session_key_changed,
    session_started,
    sign_out_other_sessions,
)
from .staff import deactivate_account, grant_staff_role, invite_staff, remove_staff_role
from .two_factor import (
    confirm_totp,
    disable_two_factor,
    new_recovery_codes,
    new_totp_device,
    pending_totp_device,
    reset_two_factor,
    verify_second_factor,
)

__all__ = [
    "change_password",
    "confirm_totp",
    "deactivate_account",
    "disable_two_factor",
    "end_all_sessions",
    "grant_staff_role",
    "invite_staff",
    "new_recovery_codes",
    "new_totp_device",
    "password_was_reset",
    "pending_totp_device",
    "record_security_event",
    "remove_staff_role",
    "reset_two_factor",
    "session_ended",
    "session_key_changed",
    "session_started",
    "sign_out_other_sessions",
    "verify_second_factor",
]
