"""API keys for systems (issue 12, finding 3; OWASP ASVS 4.0.3 V2.10, V13.1.3).

A key reads `lkt_<prefix>_<secret>`: the prefix (12 hex characters) is public, names the row
(unique index) and appears on the office admin's page and in the security log; the secret (32
random bytes, URL-safe base64) is shown once, at creation, and never stored.

What is stored is HMAC-SHA256 of the secret under a key derived from `SECRET_KEY` (Django's
`salted_hmac`), compared in constant time. Not a password hasher (PBKDF2, Argon2): those are
slow on purpose to protect low-entropy passwords, but a 256-bit random secret cannot be guessed
offline whatever the hash, and a slow hash would cost every API request tens of milliseconds and
give anyone with a made-up key a cheap way to load the server. The key (a pepper) means that
whoever reads the table alone cannot even test a candidate. Changing `SECRET_KEY` invalidates
every API key (they are then created anew).

Every use and every refusal is a security event (`api_key_used`, `api_key_refused`); creating
and revoking too.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from ..client import Client
from ..errors import AccountError
from ..models import ApiKey, ApiOperation, SecurityEvent
from .events import record_security_event

KEY_PREFIX = "lkt_"
SALT = "loket.accounts.api_key"
Action = SecurityEvent.Action


def hash_secret(secret: str) -> str:
    """64 hex characters: HMAC-SHA256 of `secret` under a key derived from SECRET_KEY."""
    return salted_hmac(SALT, secret, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class NewApiKey:
    """A key just created: the row and the whole key, to be shown once."""

    key: ApiKey
    secret: str


@transaction.atomic
def create_api_key(
    *,
    office: Any,
    name: str,
    operations: list[str],
    expires_at: datetime | None = None,
    rate_per_minute: int = 60,
    actor: Any,
    client: Client,
    now: datetime | None = None,
) -> NewApiKey:
    """A new key of `office` for `operations` (values of `ApiOperation`), optionally expiring
    at `expires_at` (aware, in the future). Returns the key with its full text
    (`lkt_<prefix>_<secret>`), which is never available again. AccountError `operations`
    for an unknown or empty list, `expires_at` for a past expiry."""
    now = now or timezone.now()
    valid = set(ApiOperation.values)
    chosen = sorted(set(operations))
    if not chosen or not set(chosen) <= valid:
        raise AccountError(
            _("Pilih operasi yang diizinkan."), code="operations", field="operations"
        )
    if expires_at is not None and expires_at <= now:
        raise AccountError(
            _("Tanggal berakhir harus di masa depan."), code="expires_at", field="expires_at"
        )
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        office=office,
        name=name.strip()[:100],
        prefix=prefix,
        secret_hash=hash_secret(secret),
        operations=chosen,
        rate_per_minute=rate_per_minute,
        expires_at=expires_at,
        created_at=now,
        created_by=actor,
    )
    record_security_event(
        Action.API_KEY_CREATED,
        actor=actor,
        office=office,
        client=client,
        data={"key": prefix, "name": key.name, "operations": chosen},
        now=now,
    )
    return NewApiKey(key=key, secret=f"{KEY_PREFIX}{prefix}_{secret}")


@transaction.atomic
def revoke_api_key(key: ApiKey, *, actor: Any, client: Client, now: datetime | None = None) -> None:
    """Revoke `key` now: the next request with it is refused (401). Revoking twice does
    nothing more."""
    if key.revoked_at is not None:
        return
    now = now or timezone.now()
    key.revoked_at = now
    key.revoked_by = actor
    key.save(update_fields=["revoked_at", "revoked_by"])
    record_security_event(
        Action.API_KEY_REVOKED,
        actor=actor,
        office=key.office,
        client=client,
        data={"key": key.prefix, "name": key.name},
        now=now,
    )


class ApiKeyRefused(AccountError):
    """A request's key was refused. `status` is the HTTP answer: 401 (unknown, malformed,
    revoked or expired key), 403 (the key does not name the operation), 404 (another office)."""

    default_code = "api_key_refused"

    def __init__(self, message: Any, *, code: str, status: int) -> None:
        super().__init__(message, code=code)
        self.status = status


def _split(text: str) -> tuple[str, str] | None:
    if not text.startswith(KEY_PREFIX):
        return None
    prefix, sep, secret = text[len(KEY_PREFIX) :].partition("_")
    if not sep or len(prefix) != 12 or not secret:
        return None
    return prefix, secret


def is_api_key(text: str) -> bool:
    """Whether `text` is shaped like a Loket API key (a bearer token that is not one is
    left to other sign-in methods)."""
    return text.startswith(KEY_PREFIX)


def authenticate_api_key(
    text: str,
    *,
    operation: str,
    office_slug: str | None,
    client: Client,
    now: datetime | None = None,
) -> ApiKey:
    """The key `text` if it may run `operation` (an `ApiOperation` value) on the office
    `office_slug` (None: the operation names no office, the key's own is used). Records the
    use, and `last_used_at`, or the refusal as a security event; raises ApiKeyRefused with
    its HTTP status otherwise. One indexed lookup by prefix, a constant-time comparison."""
    now = now or timezone.now()
    parts = _split(text)
    key = ApiKey.objects.select_related("office").filter(prefix=parts[0]).first() if parts else None
    if (
        key is None
        or parts is None
        or not constant_time_compare(key.secret_hash, hash_secret(parts[1]))
    ):
        _refuse(None, client, now, "unknown")
        raise ApiKeyRefused(_("Kunci API tidak dikenal."), code="invalid_key", status=401)
    if key.revoked_at is not None:
        _refuse(key, client, now, "revoked")
        raise ApiKeyRefused(_("Kunci API sudah dicabut."), code="revoked_key", status=401)
    if key.expires_at is not None and key.expires_at <= now:
        _refuse(key, client, now, "expired")
        raise ApiKeyRefused(_("Kunci API sudah berakhir."), code="expired_key", status=401)
    if office_slug is not None and office_slug != key.office.slug:
        _refuse(key, client, now, "office", operation=operation)
        raise ApiKeyRefused(_("Tidak ditemukan."), code="not_found", status=404)
    if operation not in key.operations:
        _refuse(key, client, now, "operation", operation=operation)
        raise ApiKeyRefused(
            _("Kunci API ini tidak diizinkan untuk operasi ini."), code="forbidden", status=403
        )
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now, last_used_ip=client.ip)
    key.last_used_at, key.last_used_ip = now, client.ip
    record_security_event(
        Action.API_KEY_USED,
        office=key.office,
        client=client,
        data={"key": key.prefix, "operation": operation},
        now=now,
    )
    return key


def refuse_rate_limited(key: ApiKey, *, operation: str, client: Client) -> None:
    """Record that `key` passed its own rate limit (the API answers 429)."""
    _refuse(key, client, timezone.now(), "rate_limited", operation=operation)


def _refuse(
    key: ApiKey | None, client: Client, now: datetime, reason: str, operation: str = ""
) -> None:
    data = {"reason": reason}
    if key is not None:
        data["key"] = key.prefix
    if operation:
        data["operation"] = operation
    record_security_event(
        Action.API_KEY_REFUSED,
        office=key.office if key is not None else None,
        client=client,
        data=data,
        now=now,
    )
