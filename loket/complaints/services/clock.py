"""The clock: deadlines from the office's complaint classes and working-day calendar.

UU 25/2009; seed "Jangka Waktu Penyelesaian Pengaduan": the class chosen at verification
gives the deadline through the office's working-day calendar, counted from receipt; a
request for completion stops the clock and the complainant's answer restarts it, moving the
deadline by exactly the office time the pause covered (`OfficeCalendar.extend_for_pause`).
Deadlines are stored and recomputed from scratch (receipt + class + finished pauses)
whenever an input changes, including the calendar.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.standards.selectors import complaint_classes
from loket.workdays.calendar import OfficeCalendar
from loket.workdays.services import calendar_for

from ..errors import InvalidInput
from ..models import Complaint, Event, Pause
from .rules import iso, record

if TYPE_CHECKING:
    from loket.offices.services import Office

# Staff are warned when this share of the time to the deadline has run (issue: 75%).
DUE_SOON_SHARE = 0.75


class ComplaintClass(Protocol):
    """A complaint class (klasifikasi pengaduan) as the office's published standard states
    it: ringan 3 jam, normatif 5 hari kerja... (per-office data, never hard-coded)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def amount(self) -> int: ...
    @property
    def unit(self) -> str: ...


def classes_for(office: Office, at: datetime | None = None) -> list[ComplaintClass]:
    """The office's complaint classes from the standard in force at `at` (a complaint's
    receipt; default now): a version published with a later effective date does not set
    the deadlines of complaints received before it (PermenPANRB 15/2014, the standard
    applies from its decree's effective date)."""
    return list(complaint_classes(office, at=at))


def find_class(office: Office, code: str, at: datetime | None = None) -> ComplaintClass:
    """The office's class `code` in force at `at`; `InvalidInput` when there is none."""
    for complaint_class in classes_for(office, at):
        if complaint_class.code == code:
            return complaint_class
    raise InvalidInput(
        _("Klasifikasi tidak dikenal untuk instansi ini."), code="unknown_class", field="class_code"
    )


def compute_due(complaint: Complaint, calendar: OfficeCalendar | None = None) -> datetime | None:
    """Deadline = clock start + class duration in the office calendar, moved by every
    finished pause since the clock started. None before classification."""
    if not complaint.class_code or complaint.class_amount is None:
        return None
    calendar = calendar or calendar_for(complaint.office)
    start = complaint.clock_started_at or complaint.received_at
    due = calendar.add(start, complaint.class_amount, complaint.class_unit)
    pauses = Pause.objects.filter(
        complaint=complaint, resumed_at__isnull=False, paused_at__gte=start
    ).order_by("paused_at", "id")
    for pause in pauses:
        assert pause.resumed_at is not None  # filtered above
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


def apply_due(
    complaint: Complaint, *, now: datetime, calendar: OfficeCalendar | None = None
) -> tuple[datetime | None, datetime | None]:
    """Recompute the deadline fields on the instance (the caller saves); returns (old due,
    new due). A deadline moved into the future may warn again."""
    calendar = calendar or calendar_for(complaint.office)
    old = complaint.due_at
    due = compute_due(complaint, calendar)
    complaint.due_at = due
    complaint.due_soon_at = _due_soon(complaint, due, calendar)
    if due is not None and due > now:
        complaint.overdue_notified_at = None
        if complaint.due_soon_at and complaint.due_soon_at > now:
            complaint.due_soon_notified_at = None
    return old, due


@transaction.atomic
def recompute_deadline(
    complaint: Complaint,
    *,
    calendar: OfficeCalendar | None = None,
    cause: str = "calendar",
    now: datetime | None = None,
) -> bool:
    """Follow a change of the office calendar: store the recomputed deadline and write an
    internal event with old and new. False when the deadline did not move."""
    now = now or timezone.now()
    old, due = apply_due(complaint, now=now, calendar=calendar)
    if old == due:
        return False
    Complaint.objects.filter(pk=complaint.pk).update(
        due_at=complaint.due_at,
        due_soon_at=complaint.due_soon_at,
        overdue_notified_at=complaint.overdue_notified_at,
        due_soon_notified_at=complaint.due_soon_notified_at,
    )
    record(
        complaint,
        Event.Action.DEADLINE_CHANGED,
        now=now,
        from_status=complaint.status,
        to_status=complaint.status,
        data={"old_due_at": iso(old), "new_due_at": iso(due), "cause": cause},
    )
    return True
