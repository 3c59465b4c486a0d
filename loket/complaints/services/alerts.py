"""Deadline alerts for one complaint at a time (the periodic job loops over them): the
due-soon warning to the assignees and the overdue escalation to the head, each at most once
per deadline, claimed by a conditional update so two runs or two workers never notify
twice. Each is an e-mail and an in-app notification (`loket.notify`), the latter keyed by
complaint, kind and deadline so that it is created once even if a claim is reset."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.offices.services import staff_with_role

from ..models import Complaint, Event
from ..notifications import deadline_key, notify_in_app, notify_staff
from ..roles import ESCALATION, FALLBACK_HANDLERS
from .rules import iso, record


def handlers_of(complaint: Complaint) -> list[Any]:
    """Who answers for a complaint's deadline: its assignees, else the complaint officers."""
    assigned = list(
        get_user_model().objects.filter(complaint_assignments__complaint=complaint).order_by("pk")
    )
    return assigned or staff_with_role(complaint.office, FALLBACK_HANDLERS)


@transaction.atomic
def warn_due_soon(complaint_id: int, *, now: datetime | None = None) -> bool:
    """Warn the handlers that 75% of the complaint's time has run. False when it was
    already warned for this deadline (by another run)."""
    now = now or timezone.now()
    claimed = Complaint.objects.filter(pk=complaint_id, due_soon_notified_at__isnull=True).update(
        due_soon_notified_at=now
    )
    if not claimed:
        return False
    complaint = Complaint.objects.select_related("office").get(pk=complaint_id)
    record(complaint, Event.Action.DUE_SOON, now=now, data={"due_at": iso(complaint.due_at)})
    handlers = handlers_of(complaint)
    notify_staff(complaint, handlers, "due_soon", now=now)
    notify_in_app(complaint, handlers, "due_soon", now=now, key=deadline_key(complaint, "due_soon"))
    return True


@transaction.atomic
def escalate_overdue(complaint_id: int, *, now: datetime | None = None) -> bool:
    """Report an overdue complaint to the head (and its handlers), once per deadline."""
    now = now or timezone.now()
    claimed = Complaint.objects.filter(pk=complaint_id, overdue_notified_at__isnull=True).update(
        overdue_notified_at=now, due_soon_notified_at=now
    )
    if not claimed:
        return False
    complaint = Complaint.objects.select_related("office").get(pk=complaint_id)
    heads = staff_with_role(complaint.office, ESCALATION)
    record(
        complaint,
        Event.Action.ESCALATED,
        now=now,
        data={
            "due_at": iso(complaint.due_at),
            "heads": [u.get_full_name() or u.username for u in heads],
        },
    )
    recipients = [*heads, *handlers_of(complaint)]
    notify_staff(complaint, recipients, "overdue", now=now)
    notify_in_app(complaint, recipients, "overdue", now=now, key=deadline_key(complaint, "overdue"))
    return True
