"""Second factor: an authenticator app (TOTP, RFC 6238) plus single-use recovery codes
(django-otp devices). OWASP ASVS 4.0.3 V2.7-V2.8: codes are checked with django-otp's
throttling, a confirmed app replaces the previous one, recovery codes are shown once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..client import Client
from ..errors import AccountError
from ..models import SecurityEvent
from ..selectors import two_factor_required
from .events import record_security_event
from .notices import notify_owner
from .sessions import end_all_sessions

Action = SecurityEvent.Action
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Loket"


def _clean(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def new_totp_device(user: Any) -> TOTPDevice:
    """An unconfirmed authenticator-app secret for `user` to scan; earlier unconfirmed ones go."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def pending_totp_device(user: Any, device_id: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_totp(
    user: Any,
    device: TOTPDevice,
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
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
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
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                return device
        for device in StaticDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                remaining = device.token_set.count()
                record_security_event(
                    Action.RECOVERY_CODE_USED,
                    user=user,
                    client=client,
                    data={"remaining": remaining},
                    now=now,
                )
                return device
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
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
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
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
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
