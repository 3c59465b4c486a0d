"""The messages a visitor receives (booking copy, consultation outcome), queued in the notify
outbox inside the change's transaction, so a message leaves only if the change commits."""

from __future__ import annotations

from django.urls import reverse

from loket.notify.services import queue_email, render_email

from ..models import Consultation, Visit
from .lookup import absolute, survey_url


def mail_visitor(
    visit: Visit, template: str, *, topic: str, consultation: Consultation | None = None
) -> bool:
    """Queue `template` (subject / text / html) to the visitor in the language they used.
    Nothing leaves for a visit whose processing the visitor had restricted (UU 27/2022
    Pasal 11, `retention.restrict_processing`): returns whether a message was queued."""
    if visit.processing_restricted_at is not None:
        return False
    context = {
        "visit": visit,
        "office": visit.office,
        "consultation": consultation,
        "url": absolute(reverse("visits:summary", args=[visit.token])),
        # The notify outbox carries no attachments: the booking's .ics is a link instead.
        "ics_url": absolute(reverse("visits:calendar", args=[visit.token])),
        "survey_url": survey_url(visit),
    }
    subject, body, html = render_email(template, context, visit.language)
    queue_email(
        to=visit.email,
        subject=subject,
        body=body,
        html=html,
        topic=topic,
        related=f"visit:{visit.pk}",
    )
    return True
