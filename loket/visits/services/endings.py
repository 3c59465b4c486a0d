"""A visit ends without a consultation: cancelled (by the visitor with their link, or by
staff), the visitor walked out before being served, or a booking never checked in by the
closing time of its day (a no-show, marked by the periodic job `jobs.mark_no_shows`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..models import OPEN_CONSULTATION, Consultation, Visit, VisitEvent
from .rules import lock_visit, move, write_event

S = Visit.Status
A = VisitEvent.Action


@transaction.atomic
def cancel(
    visit: Visit, *, actor: Any = None, reason: str = "", now: datetime | None = None
) -> Visit:
    """A booking cancelled by the visitor (with the link) or by staff."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    visit.closed_at = now
    move(visit, S.CANCELLED, A.CANCELLED, actor, now, note=reason, fields=("closed_at",))
    return visit


@transaction.atomic
def walk_out(visit: Visit, *, actor: Any, now: datetime | None = None) -> Visit:
    """The visitor left before being served: the open consultation is abandoned."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    visit.closed_at = now
    move(visit, S.WALKED_OUT, A.WALKED_OUT, actor, now, fields=("closed_at",))
    Consultation.objects.filter(visit=visit, status__in=OPEN_CONSULTATION).update(
        status=Consultation.Status.ABANDONED, ended_at=now
    )
    return visit


@transaction.atomic
def mark_no_show(visit: Visit, *, now: datetime | None = None) -> bool:
    """Record a booking not checked in as a no-show (by the system: no actor). The visit is
    claimed with a conditional update, so a second run or a second worker changes nothing;
    returns whether this call marked it. The caller decides that its day has closed
    (`selectors.bookings_past_closing`)."""
    now = now or timezone.now()
    claimed = Visit.objects.filter(pk=visit.pk, status=S.BOOKED).update(
        status=S.NO_SHOW, closed_at=now
    )
    if not claimed:
        return False
    write_event(visit, A.NO_SHOW, None, now=now, from_status=S.BOOKED, to_status=S.NO_SHOW)
    return True
