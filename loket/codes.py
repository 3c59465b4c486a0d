"""Reference codes people read aloud, print on a slip and type on a kiosk: the complaints'
tracking codes and the visits' booking codes. Site-level, so that visits need not import
complaints (DESIGN: visits depends on offices, standards and workdays only).

A code is 12 characters drawn with `secrets` from a Crockford-like base32 without 0/O, 1/I/L
and U, written in groups of four (K7QM-2XPR-4TBD), so no character on a slip can be read as
another. 30**12 is about 2**58.9: far above the 40 bits a guessable reference must exceed,
and every lookup is rate-limited as well.
"""

from __future__ import annotations

import math
import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
CODE_GROUP = 4
ENTROPY_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))

# Booking codes issued before the alphabet above used Crockford's base32, with 0 and 1; a
# lookup that must still find them passes legacy=True.
LEGACY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# The letters people type for a character of the code, as Crockford's decoding maps them.
# None of them is in either alphabet, so mapping one can never turn one valid code into
# another: a pair applies only when its target is a character the lookup accepts.
CONFUSABLE = {"O": "0", "I": "1", "L": "1", "U": "V"}


def _translation(alphabet: str) -> dict[int, str]:
    return str.maketrans({k: v for k, v in CONFUSABLE.items() if v in alphabet})


_STRICT = _translation(CODE_ALPHABET)
_LEGACY = _translation(LEGACY_ALPHABET)


def format_code(raw: str) -> str:
    """Groups of four joined by dashes: "K7QM2XPR4TBD" -> "K7QM-2XPR-4TBD"."""
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def new_code() -> str:
    """A fresh random code in its stored form, drawn with `secrets` (never `random`)."""
    return format_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def normalize_code(text: str | None, *, legacy: bool = False) -> str | None:
    """A code as a person typed it, in its stored form ("k7qm 2xpr-4tbd" -> "K7QM-2XPR-4TBD"):
    case, spaces and dashes (any character that is not a letter or a digit) ignored, and the
    look-alike letters of CONFUSABLE mapped where the mapping lands in the accepted alphabet
    (CODE_ALPHABET, or LEGACY_ALPHABET with legacy=True). None when it cannot be a code."""
    alphabet, table = (LEGACY_ALPHABET, _LEGACY) if legacy else (CODE_ALPHABET, _STRICT)
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(table)
    if len(cleaned) != CODE_LENGTH or any(ch not in alphabet for ch in cleaned):
        return None
    return format_code(cleaned)
