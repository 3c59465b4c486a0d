"""Periodic work of the consultation desk. Jobs only find the work (selectors) and call the
services; every change and its event happen in the service."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from . import selectors, services
from .models import Visit


@dataclass
class NoShowRun:
    marked: list[Visit] = field(default_factory=list)  # or, in a dry run, would be marked


def mark_no_shows(now: datetime | None = None, *, dry_run: bool = False) -> NoShowRun:
    """Bookings not checked in by the closing time of their day become no-shows. Idempotent:
    `services.mark_no_show` claims each visit with a conditional update, so a second run (or
    a second worker) changes nothing. `dry_run` lists them and changes nothing."""
    now = now or timezone.now()
    run = NoShowRun()
    for visit in selectors.bookings_past_closing(now):
        if dry_run or services.mark_no_show(visit, now=now):
            run.marked.append(visit)
    return run


@dataclass
class ReminderRun:
    reminded: list[Visit] = field(default_factory=list)  # or, in a dry run, would be


def remind_bookings(now: datetime | None = None, *, dry_run: bool = False) -> ReminderRun:
    """The e-mail reminder the day before a booking (office's day, from 07:00 local time).
    Idempotent: `services.remind` claims each booking with a conditional update, so a second
    run (or a second worker) sends nothing. `dry_run` lists them and changes nothing."""
    now = now or timezone.now()
    run = ReminderRun()
    for visit in selectors.bookings_to_remind(now):
        if dry_run:
            if services.reminder_due(visit, now):
                run.reminded.append(visit)
        elif services.remind(visit, now=now):
            run.reminded.append(visit)
    return run
