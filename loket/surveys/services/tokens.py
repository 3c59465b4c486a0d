"""Single-use survey links for finished visits and closed complaints.

The token is derived from the visit or complaint id with a keyed hash (Django's
`salted_hmac`, keyed by SECRET_KEY), so issuing twice for the same visit gives the same link
(the visitor's page, the kiosk ticket and the outcome e-mail show one link), and a used link
stays used: it cannot be re-issued fresh for the same visit. Only a SHA-256 of the token is
stored; the visit or complaint id is erased from the row when the token is used.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..models import SurveyToken

SALT = "loket.surveys.token"


def _token_for(kind: str, subject_id: int) -> str:
    digest = salted_hmac(SALT, f"{kind}:{int(subject_id)}", algorithm="sha256").digest()
    return base64.b32encode(digest[:15]).decode().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().lower().encode()).hexdigest()


def token_path(token: str) -> str:
    return reverse("surveys:by_token", args=[token])


def _issue(kind: str, subject_id: int, office, service, now: datetime | None) -> str:
    now = now or timezone.now()
    token = _token_for(kind, subject_id)
    digest = hash_token(token)
    if not SurveyToken.objects.filter(token_hash=digest).exists():
        ties = {"visit_id": subject_id} if kind == SurveyToken.Kind.VISIT else {}
        if kind == SurveyToken.Kind.COMPLAINT:
            ties = {"complaint_id": subject_id}
        try:
            with transaction.atomic():
                SurveyToken.objects.create(
                    token_hash=digest,
                    kind=kind,
                    office=office,
                    service=service,
                    issued_on=now.astimezone(office.tz).date(),
                    **ties,
                )
        except IntegrityError:
            pass  # issued at the same moment by another request: the same token
    return token_path(token)


def issue_token_for_visit(visit_id: int, office, service=None, now: datetime | None = None) -> str:
    """The survey link (a path; prefix SITE_URL for an e-mail) for a finished visit.

    Idempotent: the same visit always gets the same link; once answered it shows the
    "already used" page.
    """
    return _issue(SurveyToken.Kind.VISIT, visit_id, office, service, now)


def issue_token_for_complaint(
    complaint_id: int, office, service=None, now: datetime | None = None
) -> str:
    """The survey link (a path) for a closed complaint, for its closing message. `service`
    is the complaint's service (None when it names none): the questionnaire is preset to it
    and the token counts in that service's periods (`selectors.computed_population`)."""
    return _issue(SurveyToken.Kind.COMPLAINT, complaint_id, office, service, now)


@dataclass(frozen=True)
class TokenState:
    token: SurveyToken | None

    @property
    def known(self) -> bool:
        return self.token is not None

    @property
    def used(self) -> bool:
        return self.token is not None and self.token.used


def token_state(token: str) -> TokenState:
    """What a link leads to: unknown, used, or open (with its office and service)."""
    if not token or len(token) > 64:
        return TokenState(None)
    row = (
        SurveyToken.objects.select_related("office", "service")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return TokenState(row)


def claim(token: str) -> SurveyToken:
    """Mark the token used and forget its visit or complaint (conditional update: of two
    simultaneous submissions exactly one wins). Call inside the transaction that writes the
    response. Raises SurveyError (token_unknown / token_used)."""
    from .errors import token_unknown, token_used

    row = (
        SurveyToken.objects.select_related("office", "service")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if row is None:
        raise token_unknown()
    won = SurveyToken.objects.filter(pk=row.pk, used=False).update(
        used=True, visit_id=None, complaint_id=None
    )
    if won != 1:
        raise token_used()
    return row
