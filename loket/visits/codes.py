"""Booking codes: random, unguessable, and easy to read aloud, print and type on a kiosk.

The alphabet is the complaint tracking codes' (loket/complaints/models.py): Crockford-like
base32 without 0/O, 1/I/L and U, so no character on a slip can be read as another. 30**12 is
about 2**58.9: unguessable, and every lookup is rate-limited. Kept here rather than imported
from complaints so that visits does not depend on the complaints app (DESIGN: visits depends
on offices, standards and workdays only); a shared `loket/codes.py` could serve both.
"""

from __future__ import annotations

import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
CODE_GROUP = 4
# Codes issued before this alphabet used Crockford's base32 (with 0 and 1); they stay valid
# until their day passes, so a lookup still accepts 0 and 1, and maps the letters people type
# for them (O -> 0, I/L -> 1) and U -> V, as Crockford's decoding does. New codes contain none
# of these, so the mapping can never turn one new code into another.
_LEGACY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def new_booking_code() -> str:
    return format_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def normalize_code(text: str) -> str:
    """A code as a person typed it, in its stored form ("bfv8 fbof m1va" -> "BFV8-FB0F-M1VA"):
    case, spaces and dashes ignored, look-alike letters mapped; "" when it cannot be a code."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != CODE_LENGTH or any(ch not in _LEGACY_ALPHABET for ch in cleaned):
        return ""
    return format_code(cleaned)
