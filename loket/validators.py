"""Validators of personal data shared by the web forms and the APIs of every app.

The messages are Indonesian msgids (English in loket/locale/en), one per mistake, each
saying what to write instead (GOV.UK error messages)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

PHONE_DIGITS = (9, 13)  # Indonesian numbers: 9 to 13 digits after the leading 0 or +62
PHONE_PREFIXES = ("+62", "62", "0")
# The rule as a form hint states it, next to every phone field.
PHONE_HINT = _("Nomor Indonesia, diawali 0 atau +62, misalnya 081234567890.")

nik_validator = RegexValidator(r"^\d{16}$", _("NIK terdiri atas 16 angka."))


def normalize_phone(value: str) -> str:
    """The number without the spaces, dashes, dots and brackets people write between the
    digits ("+62 (812) 3456-7890" -> "+6281234567890"); not checked."""
    return re.sub(r"[\s().-]", "", value or "")


def phone_validator(value: str) -> None:
    """An Indonesian phone or WhatsApp number: 0 or +62 (or 62), then 9 to 13 digits
    (landlines such as 0561 736541 have 9, mobiles such as 0812 3456 7890 have 11-12);
    spaces, dashes, dots and brackets are allowed between the digits. Each mistake gets
    its own message."""
    compact = normalize_phone(value)
    if not re.fullmatch(r"\+?\d+", compact):
        raise ValidationError(
            _("Tulis nomor telepon dengan angka, misalnya 081234567890."), code="digits"
        )
    for prefix in PHONE_PREFIXES:
        if compact.startswith(prefix):
            rest = compact[len(prefix) :]
            break
    else:
        raise ValidationError(
            _("Awali nomor telepon dengan 0 atau +62, misalnya 081234567890."), code="prefix"
        )
    low, high = PHONE_DIGITS
    if len(rest) < low:
        raise ValidationError(
            _(
                "Nomor telepon terlalu pendek: setelah 0 atau +62 harus ada %(low)s sampai "
                "%(high)s angka, misalnya 081234567890."
            )
            % {"low": low, "high": high},
            code="short",
        )
    if len(rest) > high:
        raise ValidationError(
            _(
                "Nomor telepon terlalu panjang: setelah 0 atau +62 harus ada %(low)s sampai "
                "%(high)s angka, misalnya 081234567890."
            )
            % {"low": low, "high": high},
            code="long",
        )
