"""The office's reception kiosks (issue #12, finding 4): only a browser an office admin
provisioned gives queue numbers. The admin adds a kiosk and receives a one-time enrolment
link (valid `ENROLMENT_VALID`); confirming it on the tablet gives the browser a device secret
kept in a signed, HttpOnly cookie; the admin may revoke a kiosk at any time. Only SHA-256
hashes of the enrolment token and of the device secret are stored: the values carry 256 bits
of randomness, so a plain hash is enough and a lookup stays indexed."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import actor_or_none

from ..models import KioskDevice
from .rules import VisitError

if TYPE_CHECKING:
    from loket.offices.models import Office

ENROLMENT_VALID = timedelta(hours=24)
# A kiosk's last-seen time is written at most this often (not on every page of the kiosk).
SEEN_EVERY = timedelta(minutes=10)


class KioskRefused(VisitError):
    """An enrolment link that is unknown, used, expired or revoked; a kiosk already revoked."""

    default_code = "kiosk_refused"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@transaction.atomic
def add_kiosk(
    office: Office, *, name: str, actor: Any, now: datetime | None = None
) -> tuple[KioskDevice, str]:
    """A new kiosk of `office`, waiting for its enrolment: returns the device and the one-time
    enrolment token (shown once, in a link, to the admin; only its hash is kept)."""
    now = now or timezone.now()
    name = " ".join(name.split())[:80]
    if not name:
        raise KioskRefused(_("Tulis nama kios."), code="kiosk_name_missing", field="name")
    token = secrets.token_urlsafe(32)
    device = KioskDevice.objects.create(
        office=office,
        name=name,
        enrolment_hash=_hash(token),
        enrolment_expires_at=now + ENROLMENT_VALID,
        created_at=now,
        created_by=actor_or_none(actor),
    )
    return device, token


def pending_enrolment(office: Office, token: str, now: datetime | None = None) -> KioskDevice:
    """The kiosk a still-valid enrolment link of `office` names (read only: the page that asks
    the person at the tablet to confirm); refused when unknown, used, expired or revoked."""
    now = now or timezone.now()
    device = KioskDevice.objects.filter(
        office=office, enrolment_hash=_hash(token or "-"), enrolled_at__isnull=True
    ).first()
    if device is None or device.revoked_at is not None:
        raise KioskRefused(
            _("Tautan pendaftaran kios ini tidak dikenal, sudah dipakai atau sudah dicabut."),
            code="enrolment_unknown",
        )
    if device.enrolment_expires_at is None or device.enrolment_expires_at <= now:
        raise KioskRefused(
            _("Tautan pendaftaran kios ini sudah kedaluwarsa. Minta tautan baru kepada admin."),
            code="enrolment_expired",
        )
    return device


@transaction.atomic
def enrol_kiosk(
    office: Office, token: str, *, now: datetime | None = None
) -> tuple[KioskDevice, str]:
    """Make this browser the kiosk the enrolment link names: the link is claimed with a
    conditional update (it works once, whoever comes second is refused) and a new device
    secret is returned, to be set in the device's cookie (`kiosk_credential`)."""
    now = now or timezone.now()
    device = pending_enrolment(office, token, now)
    secret = secrets.token_urlsafe(32)
    claimed = KioskDevice.objects.filter(
        pk=device.pk, enrolment_hash=device.enrolment_hash, enrolled_at__isnull=True
    ).update(enrolment_hash=None, enrolled_at=now, last_seen_at=now, secret_hash=_hash(secret))
    if not claimed:
        raise KioskRefused(
            _("Tautan pendaftaran kios ini tidak dikenal, sudah dipakai atau sudah dicabut."),
            code="enrolment_unknown",
        )
    device.refresh_from_db()
    return device, secret


@transaction.atomic
def revoke_kiosk(device: KioskDevice, *, actor: Any, now: datetime | None = None) -> KioskDevice:
    """The kiosk gives no more numbers; its cookie is refused from the next request on. A
    pending enrolment link dies with it."""
    now = now or timezone.now()
    claimed = KioskDevice.objects.filter(pk=device.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor_or_none(actor), enrolment_hash=None
    )
    if not claimed:
        raise KioskRefused(_("Kios ini sudah dicabut."), code="kiosk_revoked")
    device.refresh_from_db()
    return device


def kiosk_credential(device: KioskDevice, secret: str) -> str:
    """The value of the device cookie (the view signs it): the device's id and its secret."""
    return f"{device.pk}:{secret}"


def kiosk_for(
    office: Office, credential: str | None, now: datetime | None = None
) -> KioskDevice | None:
    """The enrolled, unrevoked kiosk of `office` the cookie value names; None otherwise. The
    secret is compared in constant time; the last-seen time is refreshed now and then."""
    pk, _sep, secret = (credential or "").partition(":")
    if not pk.isdigit() or not secret:
        return None
    device = KioskDevice.objects.filter(
        pk=int(pk), office=office, revoked_at__isnull=True, enrolled_at__isnull=False
    ).first()
    if device is None or not hmac.compare_digest(device.secret_hash, _hash(secret)):
        return None
    now = now or timezone.now()
    if device.last_seen_at is None or now - device.last_seen_at > SEEN_EVERY:
        KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
    return device
