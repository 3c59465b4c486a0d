"""Work on many complaints at once: deadlines that follow calendar changes (the workdays
hook) and the periodic jobs (due-soon warnings, overdue escalations, closing answered
complaints, deleting abandoned web-form uploads). Jobs only loop and call services; each
step is idempotent (a conditional update claims every notification and every closure).
The destructive jobs take `dry_run`: they count what they would do and change nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from loket.notify import selectors as notify_selectors
from loket.offices.services import public_offices, staff_with_role
from loket.workdays.calendar import OfficeCalendar
from loket.workdays.services import calendar_for

from . import selectors, services
from .roles import ESCALATION, OFFICERS, VIEWERS

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


# The digest goes out from this hour of the office's day (office time), once per day.
DIGEST_FROM = time(7, 0)


def send_staff_digests(now: datetime | None = None) -> int:
    """The daily e-mail digest (issue 14) to each member of each office with a complaint
    role (`roles.VIEWERS`) who opted in on their notification preferences: their complaints
    due today and overdue. Sent from `DIGEST_FROM` office time on the office's working days,
    at most once per person, office and office-day (`notify.claim_digest`): run it every
    few minutes, a second run the same day sends nothing. Returns how many were queued."""
    now = now or timezone.now()
    sent = 0
    for office in public_offices():
        local = now.astimezone(office.tz)
        if local.time() < DIGEST_FROM:
            continue
        day = local.date()
        members = staff_with_role(office, VIEWERS)
        subscribers = notify_selectors.digest_subscribers(user.pk for user in members)
        done = notify_selectors.digest_sent_to(office, day) if subscribers else set()
        waiting = [u for u in members if u.pk in subscribers and u.pk not in done]
        if not waiting or not calendar_for(office).is_working_day(day):
            continue
        day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=office.tz)
        rows = selectors.digest_rows(office, day_end=day_end)
        officers = {user.pk for user in staff_with_role(office, OFFICERS)}
        heads = {user.pk for user in staff_with_role(office, ESCALATION)}
        for user in waiting:
            items = services.digest_items(
                rows,
                user=user,
                is_officer=user.pk in officers,
                is_head=user.pk in heads,
                kinds=subscribers[user.pk],
                now=now,
            )
            sent += services.send_digest(office, user=user, day=day, items=items, now=now)
    return sent
