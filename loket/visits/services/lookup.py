"""Finding a visit from what a visitor holds: the secret link (token) or the booking code,
both compared in constant time; and the absolute links sent to them."""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING

from django.conf import settings

from ..codes import normalize_code
from ..models import Visit

if TYPE_CHECKING:
    from loket.offices.models import Office


def new_token() -> str:
    """A visitor's secret link token (192 bits)."""
    return secrets.token_urlsafe(24)


def visit_by_token(token: str) -> Visit | None:
    """The visit behind a visitor's link; the secret is compared in constant time."""
    visit = (
        Visit.objects.select_related("office", "service", "division")
        .filter(token=token or "-")
        .first()
    )
    if visit is None or not hmac.compare_digest(visit.token, token):
        return None
    return visit


def visit_by_code(code: str, office: Office | None = None) -> Visit | None:
    """The visit with the booking code as a person typed it, in `office` when given."""
    normalized = normalize_code(code)
    if not normalized:
        return None
    rows = Visit.objects.select_related("office", "service", "division")
    if office is not None:
        rows = rows.filter(office=office)
    visit = rows.filter(booking_code=normalized).first()
    if visit is None or not hmac.compare_digest(visit.booking_code, normalized):
        return None
    return visit


def absolute(path: str) -> str:
    """A link for a message or a QR code: the site's address plus `path`."""
    return f"{settings.SITE_URL}{path}"


def survey_url(visit: Visit) -> str:
    """The satisfaction-survey link shown to a visitor after the consultation.

    `LOKET_VISIT_SURVEY_URL` (settings.py, .env.example) is a URL template with `{token}` (the
    visit's secret token) and `{office}` (the office slug). Empty (the default) shows no link
    at all: there is no survey page to send anyone to yet.
    """
    template = settings.LOKET_VISIT_SURVEY_URL
    if not template or visit.status != Visit.Status.DONE:
        return ""
    return template.format(token=visit.token, office=visit.office.slug)
