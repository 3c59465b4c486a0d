"""Second factor: an authenticator app (TOTP, RFC 6238) plus single-use recovery codes
(django-otp devices of Loket's own, `models.EncryptedTOTPDevice` and `RecoveryCodeDevice`).
OWASP ASVS 4.0.3 V2.6-V2.8: codes are checked with django-otp's throttling, a confirmed app
replaces the previous one, the app's seed is encrypted at rest, recovery codes have 120 random
bits, are shown once and stored only as hashes."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..client import Client
from ..errors import AccountError
from ..models import (
    EncryptedTOTPDevice,
    RecoveryCode,
    RecoveryCodeDevice,
    SecurityEvent,
    recovery_code_digest,
)
from ..selectors import two_factor_required
from .events import record_security_event
from .notices import notify_owner
from .sessions import end_all_sessions

Action = SecurityEvent.Action
RECOVERY_CODE_COUNT = 10
# 15 random bytes: 24 base32 characters, 120 bits (ASVS V2.6.2 asks 112), in 4 groups of 6.
RECOVERY_CODE_BYTES = 15
RECOVERY_CODE_GROUP = 6
DEVICE_NAME = "Loket"


def _clean(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def new_totp_device(user: Any) -> EncryptedTOTPDevice:
    """An unconfirmed authenticator-app secret for `user` to scan; earlier unconfirmed ones go."""
    EncryptedTOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return EncryptedTOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def pending_totp_device(user: Any, device_id: Any) -> EncryptedTOTPDevice | None:
    return EncryptedTOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


def new_recovery_code() -> str:
    """A fresh recovery code: 24 base32 characters (120 random bits) in groups of six joined
    by hyphens, e.g. "K7QX2M-4TBDHJ-NPQRSV-2XPR4T". Typed back with or without the hyphens
    and spaces, in either case."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode()
    step = RECOVERY_CODE_GROUP
    return "-".join(text[i : i + step] for i in range(0, len(text), step))


def _new_recovery_codes(user: Any) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


@transaction.atomic
def confirm_totp(
    user: Any,
    device: EncryptedTOTPDevice,
    token: str,
    *,
    client: Client,
    now: datetime | None = None,
) -> list[str]:
    """Confirm the app with its first code; returns the new recovery codes (shown once)."""
    if device.user_id != user.pk or device.confirmed:
        raise AccountError(_("Mulai lagi dari awal."), code="setup_expired")
    if not device.verify_token(_clean(token)):
        record_security_event(Action.TWO_FACTOR_FAILED, user=user, client=client, now=now)
        raise AccountError(
            _("Kode itu tidak cocok. Tulis kode 6 angka yang sedang tampil di aplikasi."),
            code="wrong_code",
            field="token",
        )
    EncryptedTOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record_security_event(Action.TWO_FACTOR_ENABLED, user=user, client=client, now=now)
    notify_owner(user, Action.TWO_FACTOR_ENABLED)
    return codes


@transaction.atomic
def new_recovery_codes(user: Any, *, client: Client, now: datetime | None = None) -> list[str]:
    """Replace the recovery codes (the old ones stop working); returns the new ones."""
    codes = _new_recovery_codes(user)
    record_security_event(Action.RECOVERY_CODES_CREATED, user=user, client=client, now=now)
    notify_owner(user, Action.RECOVERY_CODES_CREATED)
    return codes


def verify_second_factor(user: Any, token: str, *, client: Client, now: datetime | None = None):
    """The device that accepts `token` (an app code or an unused recovery code), or None.
    A recovery code is used up; a wrong code is recorded."""
    token = _clean(token)
    if token:
        for device in EncryptedTOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                return device
        for codes in RecoveryCodeDevice.objects.filter(user=user, confirmed=True):
            if codes.verify_token(token):
                remaining = codes.codes.count()
                record_security_event(
                    Action.RECOVERY_CODE_USED,
                    user=user,
                    client=client,
                    data={"remaining": remaining},
                    now=now,
                )
                return codes
    record_security_event(Action.TWO_FACTOR_FAILED, user=user, client=client, now=now)
    return None


@transaction.atomic
def disable_two_factor(user: Any, *, client: Client, now: datetime | None = None) -> None:
    """Remove one's own second factor, where it is not required."""
    if two_factor_required(user):
        raise AccountError(
            _("Peran Anda mewajibkan verifikasi dua langkah; ganti aplikasinya saja."),
            code="two_factor_required",
        )
    EncryptedTOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    record_security_event(Action.TWO_FACTOR_DISABLED, user=user, client=client, now=now)
    notify_owner(user, Action.TWO_FACTOR_DISABLED)


@transaction.atomic
def reset_two_factor(
    user: Any,
    *,
    actor: Any,
    office: Any,
    reason: str,
    client: Client,
    now: datetime | None = None,
) -> None:
    """An office admin removes a colleague's second factor (a lost phone), with a reason:
    every session of the colleague ends; they set up a new one at their next sign-in."""
    if not reason.strip():
        raise AccountError(_("Tulis alasannya."), code="reason_required", field="reason")
    EncryptedTOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    ended = end_all_sessions(user)
    record_security_event(
        Action.TWO_FACTOR_RESET,
        user=user,
        actor=actor,
        office=office,
        client=client,
        note=reason.strip(),
        data={"sessions_ended": ended},
        now=now,
    )
    notify_owner(user, Action.TWO_FACTOR_RESET)
