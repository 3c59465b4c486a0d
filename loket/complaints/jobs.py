"""Work on many complaints at once: deadlines that follow calendar changes (the workdays
hook) and the periodic jobs (due-soon warnings, overdue escalations, closing answered
complaints, deleting abandoned web-form uploads). Jobs only loop and call services; each
step is idempotent (a conditional update claims every notification and every closure).
The destructive jobs take `dry_run`: they count what they would do and change nothing."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from loket.workdays.calendar import OfficeCalendar
from loket.workdays.services import calendar_for

from . import selectors, services

if TYPE_CHECKING:
    from loket.offices.services import Office


def recompute_open_deadlines(office: Office | None, now: datetime | None = None) -> int:
    """Listener of the workdays hook: open classified complaints follow calendar changes.
    Each changed deadline is an internal event with old and new."""
    now = now or timezone.now()
    calendars: dict[int, OfficeCalendar] = {}
    changed = 0
    for complaint in selectors.open_classified(office).iterator(chunk_size=500):
        calendar = calendars.setdefault(complaint.office_id, calendar_for(complaint.office))
        if services.recompute_deadline(complaint, calendar=calendar, now=now):
            changed += 1
    return changed


def send_due_alerts(now: datetime | None = None) -> tuple[int, int]:
    """Due-soon warnings to the assignees (the officers when nobody is assigned) and
    overdue escalations to the head, each at most once per deadline."""
    now = now or timezone.now()
    soon = sum(services.warn_due_soon(pk, now=now) for pk in selectors.due_soon_ids(now))
    overdue = sum(services.escalate_overdue(pk, now=now) for pk in selectors.overdue_ids(now))
    return soon, overdue


def close_answered(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Close answered complaints after the office's number of working days without a reply
    (SP4N-LAPOR!: finished once answered and 10 working days pass). Returns how many were
    closed (with `dry_run`: how many would be)."""
    now = now or timezone.now()
    calendars: dict[int, OfficeCalendar] = {}
    closed = 0
    for complaint in selectors.answered_before(now).iterator(chunk_size=500):
        calendar = calendars.setdefault(complaint.office_id, calendar_for(complaint.office))
        if services.close_unanswered(complaint, now=now, calendar=calendar, dry_run=dry_run):
            closed += 1
    return closed


def purge_drafts(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete evidence uploaded by citizens who never sent their complaint (older than a
    session can live). Returns how many files were deleted (with `dry_run`: would be)."""
    expired = services.expired_draft_files(now)
    if not dry_run:
        for path in expired:
            services.delete_draft_file(path)
    return len(expired)
