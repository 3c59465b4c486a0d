"""Template filters for stored phone numbers, one rule for every app (`loket.validators`):
`{% load phones %}` then `{{ number|phone }}` ("+6281234567890" -> "0812-3456-7890") and
`{{ number|tel_href }}` (the `tel:` link; "" when the number does not parse, the sign that
the page should mark it for review). Registered as the `phones` library in `TEMPLATES`."""

from django import template

from loket import validators

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored number as Indonesians read it (`validators.format_phone`)."""
    return validators.format_phone(value or "")


@register.filter
def tel_href(value: str) -> str:
    """The `tel:` link of a stored number (`validators.phone_href`); "" when it does not parse."""
    return validators.phone_href(value or "")
