"""The clock: deadlines from the office's deadline classes and working-day calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from loket.offices.models import Office
from loket.standards.services import DeadlineClass, complaint_classes
from loket.workdays.calendar import OfficeCalendar
from loket.workdays.services import calendar_for

from ..models import (
    Complaint,
    Pause,
)
from .rules import ComplaintError

# Staff are warned when this share of the time to the deadline has run (issue: 75%).
DUE_SOON_SHARE = 0.75


def classes_for(office: Office) -> list[DeadlineClass]:
    """The office's deadline classes from its published standard (never hard-coded)."""
    return complaint_classes(office)


def _find_class(office: Office, code: str) -> DeadlineClass:
    for cls in classes_for(office):
        if cls.code == code:
            return cls
    raise ComplaintError(_("Klasifikasi tidak dikenal untuk instansi ini."))


def compute_due(complaint: Complaint, calendar: OfficeCalendar | None = None) -> datetime | None:
    """Deadline = clock start + class duration in the office calendar, moved by every
    finished pause since the clock started. None before classification."""
    if not complaint.class_code:
        return None
    calendar = calendar or calendar_for(complaint.office)
    start = complaint.clock_started_at or complaint.received_at
    due = calendar.add(start, complaint.class_amount, complaint.class_unit)
    pauses = Pause.objects.filter(
        complaint=complaint, resumed_at__isnull=False, paused_at__gte=start
    ).order_by("paused_at", "id")
    for pause in pauses:
        due = calendar.extend_for_pause(
            due, pause.paused_at, pause.resumed_at, complaint.class_unit
        )
    return due


def _due_soon(
    complaint: Complaint, due: datetime | None, calendar: OfficeCalendar
) -> datetime | None:
    if due is None:
        return None
    start = complaint.clock_started_at or complaint.received_at
    total = calendar.office_time_between(start, due)
    return calendar.add_office_hours(start, total * DUE_SOON_SHARE)


def _apply_due(complaint: Complaint, calendar: OfficeCalendar | None = None) -> tuple:
    """Recompute and store the deadline fields; returns (old due, new due)."""
    calendar = calendar or calendar_for(complaint.office)
    old = complaint.due_at
    due = compute_due(complaint, calendar)
    complaint.due_at = due
    complaint.due_soon_at = _due_soon(complaint, due, calendar)
    now = timezone.now()
    # A deadline moved into the future may warn again.
    if due is not None and due > now:
        complaint.overdue_notified_at = None
        if complaint.due_soon_at and complaint.due_soon_at > now:
            complaint.due_soon_notified_at = None
    return old, due


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None
