"""Accounts services: the contract other apps may call (`__all__`)."""

from .api_keys import (
    ApiKeyRefused,
    NewApiKey,
    authenticate_api_key,
    create_api_key,
    is_api_key,
    refuse_rate_limited,
    revoke_api_key,
)
from .events import record_security_event
from .passwords import change_password, password_was_reset
from .refusals import record_refusal
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
    "ApiKeyRefused",
    "NewApiKey",
    "authenticate_api_key",
    "change_password",
    "confirm_totp",
    "create_api_key",
    "deactivate_account",
    "disable_two_factor",
    "end_all_sessions",
    "grant_staff_role",
    "invite_staff",
    "is_api_key",
    "new_recovery_codes",
    "new_totp_device",
    "password_was_reset",
    "pending_totp_device",
    "record_refusal",
    "record_security_event",
    "refuse_rate_limited",
    "remove_staff_role",
    "reset_two_factor",
    "revoke_api_key",
    "session_ended",
    "session_key_changed",
    "session_started",
    "sign_out_other_sessions",
    "verify_second_factor",
]
