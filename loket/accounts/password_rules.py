"""Password rules Django does not ship, used in AUTH_PASSWORD_VALIDATORS (settings.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MaximumLengthValidator:
    """At most `max_length` characters (128 by default): every passphrase a person types or a
    password manager makes fits, and none so long that hashing it becomes a way to tie up the
    server (OWASP ASVS 4.0.3 V2.1.2: allow at least 64, deny more than 128). Raises
    `ValidationError` (code `password_too_long`)."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "Kata sandi ini terlalu panjang: paling banyak %(max_length)d karakter.",
                    "Kata sandi ini terlalu panjang: paling banyak %(max_length)d karakter.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Kata sandi paling banyak %(max_length)d karakter.",
            "Kata sandi paling banyak %(max_length)d karakter.",
            self.max_length,
        ) % {"max_length": self.max_length}
