"""Provider secrets (access tokens, mailbox passwords) of an intake account, kept as one JSON
object in an encrypted column (`loket.crypto.EncryptedTextField`, keys
`LOKET_ENCRYPTION_KEYS`; tokens written before under `LOKET_INTAKE_KEYS` still open, and
`manage.py rotate_encryption_keys` moves them under the new keys). A secret is never shown back
in full: pages show `mask()`."""

from __future__ import annotations

import json

from loket.crypto import mask

__all__ = ["dumps", "loads", "mask"]


def dumps(values: dict[str, str]) -> str:
    """The secrets as the JSON text the encrypted column holds."""
    return json.dumps(values, sort_keys=True)


def loads(text: str) -> dict[str, str]:
    """The secrets of the column's text; {} for none."""
    return json.loads(text) if text else {}
