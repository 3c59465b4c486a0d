"""A booking after it was made: the visitor moves it to another day and hour (the same rules
as booking: office hours, working days, the slot's capacity), and the reminder e-mail the day
before (`jobs.remind_bookings`), sent once whatever how often the job runs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..dates import local_text
from ..models import Visit, VisitEvent
from .clock import local_today, visit_time_problem
from .mail import mail_visitor
from .rules import TransitionRefused, lock_visit, write_event
from .slots import lock_slots, slot_problem

S = Visit.Status
A = VisitEvent.Action
# Reminders leave from this local hour on the day before (not in the night).
REMINDER_FROM = time(7, 0)


@transaction.atomic
def reschedule(
    visit: Visit, day: date, at: time, *, actor: Any = None, now: datetime | None = None
) -> Visit:
    """Move a booking to `day` `at` (by the visitor with their link, or by staff). Refused
    like a new booking; a moved booking gets its reminder again and a new copy by e-mail."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    if visit.status != S.BOOKED:
        raise TransitionRefused(
            _("Hanya pemesanan yang belum datang yang dapat diubah jadwalnya."),
            code="not_booked",
        )
    problem = visit_time_problem(visit.office, day, at, now)
    if problem is not None:
        raise problem
    lock_slots(visit.office)
    full = slot_problem(visit.office, visit.division, day, at, now=now, exclude=visit)
    if full is not None:
        raise full
    before = local_text(visit.preferred_date, visit.preferred_time, visit.office)
    visit.preferred_date, visit.preferred_time, visit.reminded_at = day, at, None
    visit.save(update_fields=["preferred_date", "preferred_time", "reminded_at"])
    write_event(
        visit,
        A.RESCHEDULED,
        actor,
        now=now,
        from_status=S.BOOKED,
        to_status=S.BOOKED,
        note=before,
        data={"date": day.isoformat(), "time": at.isoformat(timespec="minutes")},
    )
    if visit.email:
        mail_visitor(visit, "visits/email/rescheduled", topic="visit_rescheduled")
    return visit


def reminder_due(visit: Visit, now: datetime) -> bool:
    """A booking is reminded on the office's day before its date, from 07:00 local time, if
    it was booked before that day (a booking made the day before just got its copy). Never
    for a visitor who restricted the processing of their visit (UU 27/2022 Pasal 11)."""
    if visit.status != S.BOOKED or not visit.email or visit.reminded_at is not None:
        return False
    if visit.processing_restricted_at is not None:
        return False
    if visit.preferred_date is None:
        return False
    today = local_today(visit.office, now)
    if visit.preferred_date - today != timedelta(days=1):
        return False
    if now.astimezone(visit.office.tz).time() < REMINDER_FROM:
        return False
    booked_on = visit.booked_at.astimezone(visit.office.tz).date() if visit.booked_at else None
    return booked_on is None or booked_on < today


@transaction.atomic
def remind(visit: Visit, *, now: datetime | None = None) -> bool:
    """Queue the day-before reminder once: the visit is claimed with a conditional update, so
    a second run or a second worker sends nothing. Returns whether this call queued it."""
    now = now or timezone.now()
    if not reminder_due(visit, now):
        return False
    claimed = Visit.objects.filter(pk=visit.pk, status=S.BOOKED, reminded_at__isnull=True).update(
        reminded_at=now
    )
    if not claimed:
        return False
    visit.reminded_at = now
    mail_visitor(visit, "visits/email/reminder", topic="visit_reminder")
    write_event(visit, A.REMINDED, None, now=now, from_status=S.BOOKED, to_status=S.BOOKED)
    return True
