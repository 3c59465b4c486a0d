"""Messages to the complainant and to staff, queued in the outbox inside the caller's
transaction (`loket.notify`): e-mail when an address is known, else WhatsApp.

Staff messages name the complaint by its reference and link to the staff page; they never
carry the tracking code (the complainant's secret). The complainant's acknowledgement and
forwarding notice carry the code (known only right after receipt); later messages link to
the tracking page only where the request itself came with the code, else to the lookup
page. The plain-text templates turn autoescaping off: text mail is not HTML."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings

from loket.notify import services as notify

from .models import Complaint


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def notify_complainant(complaint: Complaint, topic: str, *, now: datetime, **extra: Any) -> None:
    """Queue a message to the complainant: e-mail when given, else WhatsApp to the phone.
    Nothing for a complainant who restricted the processing of this complaint (UU 27/2022
    Pasal 11, `services.retention.restrict_processing`)."""
    if complaint.processing_restricted_at is not None:
        return
    context = {
        "complaint": complaint,
        "office": complaint.office,
        "url": _site_url(complaint.get_absolute_url()),
        **extra,
    }
    related = f"complaint:{complaint.pk}"
    # In the language the complainant used (issue 11 §5), whatever the request's.
    language = complaint.language or settings.LANGUAGE_CODE
    if complaint.complainant_email:
        subject, body, html = notify.render_email(
            f"complaints/email/{topic}", context, language=language
        )
        notify.queue_email(
            to=complaint.complainant_email,
            subject=subject,
            body=body,
            html=html,
            topic=f"complaint.{topic}",
            related=related,
            now=now,
        )
    elif complaint.complainant_phone:
        _subject, body, _html = notify.render_email(
            f"complaints/email/{topic}", context, language=language
        )
        notify.queue_text(
            channel="whatsapp",
            to=complaint.complainant_phone,
            body=body,
            topic=f"complaint.{topic}",
            related=related,
            now=now,
        )


def notify_staff(
    complaint: Complaint, users: Iterable[Any], topic: str, *, now: datetime, **extra: Any
) -> int:
    """Queue an e-mail to each of `users` who has an address; returns how many."""
    context = {
        "complaint": complaint,
        "office": complaint.office,
        "url": _site_url(complaint.get_staff_url()),
        **extra,
    }
    sent = 0
    for user in users:
        if not user.email:
            continue
        context["user"] = user
        subject, body, html = notify.render_email(f"complaints/email/staff_{topic}", context)
        notify.queue_email(
            to=user.email,
            subject=subject,
            body=body,
            html=html,
            topic=f"complaint.staff_{topic}",
            related=f"complaint:{complaint.pk}",
            now=now,
        )
        sent += 1
    return sent
