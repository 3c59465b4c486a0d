"""Booking codes: the site's read-aloud codes (loket/codes.py), shared with the complaints'
tracking codes without visits depending on the complaints app (DESIGN).

Booking codes issued before the alphabet lost 0 and 1 stay valid until their day passes, so a
booking lookup accepts the legacy alphabet too, with the look-alike letters people type for
those digits (O -> 0, I/L -> 1) and U -> V mapped.
"""

from __future__ import annotations

from loket import codes


def new_booking_code() -> str:
    return codes.new_code()


def normalize_code(text: str) -> str:
    """A booking code as a person typed it, in its stored form ("bfv8 fbof m1va" ->
    "BFV8-FB0F-M1VA"); "" when it cannot be a code."""
    return codes.normalize_code(text, legacy=True) or ""
