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
from django.utils import translation
from django.utils.translation import gettext as _

from loket.notify import services as notify
from loket.notify.kinds import StaffNoticeKind
from loket.offices.services import staff_with_role

from .models import Complaint
from .roles import VIEWERS


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


def _in_app_title(complaint: Complaint, kind: str) -> str:
    reference = complaint.reference
    titles = {
        StaffNoticeKind.ASSIGNED: _("%(reference)s ditugaskan kepada Anda"),
        StaffNoticeKind.REPLY: _("%(reference)s: tanggapan baru dari pengadu"),
        StaffNoticeKind.DUE_SOON: _("%(reference)s segera jatuh tempo"),
        StaffNoticeKind.OVERDUE: _("%(reference)s lewat tenggat"),
        StaffNoticeKind.APPROVAL_REQUESTED: _("%(reference)s: jawaban menunggu persetujuan Anda"),
    }
    return titles[StaffNoticeKind(kind)] % {"reference": reference}


def notify_in_app(
    complaint: Complaint, users: Iterable[Any], kind: str, *, now: datetime, key: str = ""
) -> int:
    """In-app notifications (`loket.notify`) of `kind` about `complaint` for those of `users`
    who still hold a complaint role (`roles.VIEWERS`) in its office (one query): a user of
    another office or without the role gets none. The title names the complaint by its
    reference only (no complainant data, never the tracking code), in the site's language;
    the link is the staff page. Returns how many were created."""
    allowed = {user.pk for user in staff_with_role(complaint.office, VIEWERS)}
    recipients = [user for user in users if user.pk in allowed]
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        title = _in_app_title(complaint, kind)
    return notify.notify_staff(
        recipients=recipients,
        office=complaint.office_id,
        kind=kind,
        title=title,
        link=complaint.get_staff_url(),
        key=key,
        now=now,
    )


def deadline_key(complaint: Complaint, kind: str) -> str:
    """One in-app notification per complaint, kind and deadline."""
    due = complaint.due_at.isoformat() if complaint.due_at else ""
    return f"complaint:{complaint.pk}:{kind}:{due}"
