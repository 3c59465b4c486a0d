"""Provider secrets (access tokens, mailbox passwords) encrypted at rest with Fernet
(AES-128-CBC + HMAC-SHA256, from the `cryptography` package).

The keys come from the setting `LOKET_INTAKE_KEYS` (comma-separated Fernet keys, the first
encrypts, all decrypt: rotation without downtime); without it a key is derived from
`SECRET_KEY`, so development needs nothing. A secret is never shown back in full: pages show
`mask()`.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _fernet() -> MultiFernet:
    keys = [k.strip() for k in settings.LOKET_INTAKE_KEYS if k.strip()]
    if not keys:
        digest = hashlib.sha256(b"loket.intake.secrets:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "LOKET_INTAKE_KEYS holds a key that is not a Fernet key"
        ) from exc


def encrypt(values: dict[str, str]) -> str:
    """The secrets as one opaque token."""
    return _fernet().encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict[str, str]:
    """The secrets of `token`; {} for an empty token. A token no configured key opens
    raises ImproperlyConfigured (a lost key is an operator's problem, not a silent empty)."""
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Stored intake secrets cannot be decrypted with LOKET_INTAKE_KEYS"
        ) from exc


def mask(secret: str) -> str:
    """What a page may show of a secret: its last four characters at most."""
    if not secret:
        return ""
    if len(secret) <= 8:
        return "••••"
    return "••••" + secret[-4:]
