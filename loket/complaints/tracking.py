"""The complainant's tracking code as a secret, and the staff's reference number.

The tracking code (`loket.codes`, about 2**58.9 possibilities) is the complainant's only
credential: it opens the tracking page and lets them complete, reply, reopen and rate. It is
shown once at receipt and sent to them; Loket keeps only its keyed hash, HMAC-SHA256 under a
key derived from `LOKET_TRACKING_CODE_KEY` (or `SECRET_KEY` when that setting is empty) with
Django's `salted_hmac`. A keyed hash, not a plain one: whoever reads the table cannot try
every code offline. Changing the key makes every stored hash unusable, so a deployment that
rotates `SECRET_KEY` sets `LOKET_TRACKING_CODE_KEY` first (to the old key).

Staff work with the reference number instead (`ADU-2026-000123`): per office and year,
assigned at receipt, never a credential.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

from loket.codes import CODE_ALPHABET, CODE_LENGTH, format_code, normalize_code

SALT = "loket.complaints.tracking_code"
REFERENCE_PREFIX = "ADU"
# A reference in a URL or a search box: ADU-2026-000123 (the number may grow past six digits).
REFERENCE_PATTERN = r"ADU-[0-9]{4}-[0-9]{6,9}"


def _key() -> str:
    return settings.LOKET_TRACKING_CODE_KEY or settings.SECRET_KEY


def hash_code(code: str) -> str:
    """The stored form of a tracking code in its canonical form ("K7QM-2XPR-4TBD"):
    64 hex characters, HMAC-SHA256."""
    return salted_hmac(SALT, code, secret=_key(), algorithm="sha256").hexdigest()


def hash_typed_code(text: str | None) -> str | None:
    """The hash of a code as a person typed it (`codes.normalize_code`), None when the text
    cannot be a code."""
    canonical = normalize_code(text)
    return hash_code(canonical) if canonical else None


def code_for_idempotency_key(idempotency_key: str) -> str:
    """The tracking code of a complaint sent to the API with an Idempotency-Key, derived
    from the stored key with the same keyed HMAC: a retry of the same request must get its
    code back, and Loket keeps no plain code to return. Neither the stored key nor the key
    material ever reaches a page; without the key the code cannot be derived."""
    digest = salted_hmac(SALT + ".idempotency", idempotency_key, secret=_key(), algorithm="sha256")
    number = int.from_bytes(digest.digest(), "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    return format_code("".join(chars))


def format_reference(year: int, number: int) -> str:
    """`format_reference(2026, 123)` -> "ADU-2026-000123"."""
    return f"{REFERENCE_PREFIX}-{year:04d}-{number:06d}"


def normalize_reference(text: str | None) -> str | None:
    """A reference as staff type it ("adu 2026 123", "ADU-2026-000123") in its stored form,
    None when it cannot be one."""
    parts = [p for p in "".join(c if c.isalnum() else " " for c in (text or "")).split() if p]
    if len(parts) != 3 or parts[0].upper() != REFERENCE_PREFIX:
        return None
    year, number = parts[1], parts[2]
    if not (year.isdigit() and len(year) == 4 and number.isdigit() and 0 < len(number) <= 9):
        return None
    return format_reference(int(year), int(number))
