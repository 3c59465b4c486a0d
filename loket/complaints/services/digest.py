"""The daily e-mail digest of a staff member's complaint work (issue 14): what is due today
and what is overdue, once per person, office and office-day, only to those who opted in on
their notification preferences (`loket.notify`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from loket.notify import services as notify
from loket.notify.kinds import StaffNoticeKind

if TYPE_CHECKING:
    from loket.offices.services import Office


def digest_items(
    rows: Sequence[dict[str, Any]],
    *,
    user: Any,
    is_officer: bool,
    is_head: bool,
    kinds: set[str],
    now: datetime,
) -> dict[str, list[dict[str, Any]]]:
    """Of the office's `rows` (`selectors.digest_rows`), those for `user`, split into
    `due_today` (due from `now` to the end of the office's today) and `overdue` (due before
    `now`), each kept only when `user` chose it (`kinds`: "due_soon" for due today,
    "overdue"). A complaint is the user's when it is assigned to them; an officer also gets
    the unassigned ones (they answer for them, as for the due-soon warning), the head every
    overdue one (the escalation). Pure: no query."""
    due_today: list[dict[str, Any]] = []
    overdue: list[dict[str, Any]] = []
    for row in rows:
        mine = user.pk in row["assignees"] or (is_officer and not row["assignees"])
        late = row["due_at"] < now
        if late and StaffNoticeKind.OVERDUE in kinds and (mine or is_head):
            overdue.append(row)
        elif not late and StaffNoticeKind.DUE_SOON in kinds and mine:
            due_today.append(row)
    return {"due_today": due_today, "overdue": overdue}


@transaction.atomic
def send_digest(
    office: Office,
    *,
    user: Any,
    day: date,
    items: dict[str, list[dict[str, Any]]],
    now: datetime | None = None,
) -> bool:
    """Queue `user`'s digest for `office` and the office-day `day` through the outbox, once:
    False when it was sent already that day (by an earlier or a concurrent run), or when the
    user has no e-mail address. A day with nothing due is claimed without a message. The
    e-mail names complaints by their reference and links to the staff pages: no complainant
    data, no tracking code."""
    now = now or timezone.now()
    if not user.email:
        return False
    count = len(items["due_today"]) + len(items["overdue"])
    if not notify.claim_digest(user=user, office=office.pk, day=day, items=count, now=now):
        return False
    if not count:
        return False

    def lines(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "reference": row["reference"],
                "due_at": row["due_at"],
                "url": settings.SITE_URL
                + reverse("complaints:staff_detail", args=[office.slug, row["reference"]]),
            }
            for row in rows
        ]

    context = {
        "office": office,
        "user": user,
        "day": day,
        "due_today": lines(items["due_today"]),
        "overdue": lines(items["overdue"]),
        "preferences_url": settings.SITE_URL + reverse("notify:preferences"),
    }
    subject, body, html = notify.render_email("complaints/email/staff_digest", context)
    notify.queue_email(
        to=user.email,
        subject=subject,
        body=body,
        html=html,
        topic="complaint.staff_digest",
        related=f"digest:{office.pk}:{day.isoformat()}",
        now=now,
    )
    return True
