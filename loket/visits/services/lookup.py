"""Finding a visit from what a visitor holds: the secret link (token) or the booking code,
both compared in constant time; and the absolute links sent to them."""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing

from loket.surveys.services import issue_token_for_visit

from ..codes import normalize_code
from ..models import Visit

if TYPE_CHECKING:
    from loket.offices.models import Office

SURVEY_TICKET_SALT = "visits.survey-ticket"


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
    """The visitor's single-use satisfaction-survey link (absolute URL) once the visit is
    finished (status "Selesai"); "" before that and for a visit that ended otherwise.

    The link comes from `loket.surveys` (`issue_token_for_visit`, idempotent: the visitor's
    page and the outcome e-mail show the same link) and works once; the answer keeps the
    office, service and date only (issue #15).
    """
    if visit.status != Visit.Status.DONE:
        return ""
    return absolute(issue_token_for_visit(visit.pk, visit.office, visit.service))


def survey_ticket(visit: Visit) -> str:
    """The signed id printed in the slip's survey QR code (`/kunjungan/survei/<id>/`): the
    slip is printed at arrival, so the code leads to the survey only once the visit is
    finished. Carries the visit's id only, signed so that it cannot be guessed."""
    return signing.dumps(visit.pk, salt=SURVEY_TICKET_SALT, compress=False)


def visit_by_survey_ticket(ticket: str) -> Visit | None:
    """The visit behind a slip's survey code; None when the id is forged or the visit gone."""
    try:
        pk = signing.loads(ticket, salt=SURVEY_TICKET_SALT)
    except signing.BadSignature:
        return None
    return Visit.objects.select_related("office", "service").filter(pk=pk).first()
