"""Messages to the complainant and to staff, queued in the outbox inside the caller's
transaction (`loket.notify`): e-mail when an address is known, else WhatsApp."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from loket.notify import services as notify
from loket.offices.models import Membership, Office

from .models import Complaint


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def notify_complainant(complaint: Complaint, topic: str, **extra) -> None:
    """Queue a message to the complainant: e-mail when given, else WhatsApp to the phone."""
    context = {
        "complaint": complaint,
        "office": complaint.office,
        "url": _site_url(complaint.get_absolute_url()),
        **extra,
    }
    related = f"complaint:{complaint.pk}"
    if complaint.complainant_email:
        subject, body, html = notify.render_email(f"complaints/email/{topic}", context)
        notify.queue_email(
            to=complaint.complainant_email,
            subject=subject,
            body=body,
            html=html,
            topic=f"complaint.{topic}",
            related=related,
        )
    elif complaint.complainant_phone:
        _subject, body, _html = notify.render_email(f"complaints/email/{topic}", context)
        notify.queue_text(
            channel="whatsapp",
            to=complaint.complainant_phone,
            body=body,
            topic=f"complaint.{topic}",
            related=related,
        )


def notify_staff(complaint: Complaint, users: Iterable, topic: str, **extra) -> int:
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
        )
        sent += 1
    return sent


def staff_with_role(office: Office, roles: Sequence[str]) -> QuerySet:
    member_ids = Membership.objects.filter(office=office, role__in=list(roles)).values("user_id")
    return get_user_model().objects.filter(pk__in=member_ids, is_active=True).order_by("pk")
