"""The rules every change of a visit follows: the refusals (domain errors with codes), the
transitions allowed from each status (`models.TRANSITIONS`, asked through
`Visit.may_become`), the row lock, and the event each
change writes (`loket.events.record_event`, visibility from `models.visibility_of`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from loket.errors import DomainError
from loket.events import record_event
from loket.locking import locked

from ..models import Visit, VisitEvent, visibility_of

if TYPE_CHECKING:
    from loket.offices.models import Division

# Seed: "Administrasi : 15 Menit". Used when a service's standard states no administration time.
DEFAULT_ADMIN_LIMIT = timedelta(minutes=15)
# Visitors may take a queue number from 30 minutes before the office opens (in the morning,
# or before the lunch break ends) and wait: the administration clock counts office time
# only, so the wait before opening never counts against the standard's 15 minutes. Earlier
# than that, on a closed day or after closing time, the kiosk and the desk refuse.
EARLY_ARRIVAL = timedelta(minutes=30)
# The longest a visit may be booked ahead.
BOOKING_HORIZON = timedelta(days=90)
NOTE_LIMIT = 2000


# --- Refusals ------------------------------------------------------------------------------


class VisitError(DomainError):
    """A change the visit's state or the rules of the consultation desk do not allow."""

    default_code = "visit_refused"


class TransitionRefused(VisitError):
    default_code = "transition_not_allowed"


class OtherOffice(VisitError):
    """A service or division of another office (a forged form or API call)."""

    default_code = "other_office"


class VisitTimeRefused(VisitError):
    """A booked day and hour the office does not serve (past, closed day, outside hours)."""

    default_code = "visit_time_refused"


class ArrivalRefused(VisitError):
    """No queue number now: the office is closed, or the booking is for another day."""

    default_code = "arrival_refused"


class BookingUnusable(VisitError):
    """A booking code that can no longer be checked in (no-show, cancelled, finished)."""

    default_code = "booking_unusable"


class ConsultationRefused(VisitError):
    """A consultation step out of order, or without what it needs (outcome, reason)."""

    default_code = "consultation_refused"


def refuse_inactive(division: Division) -> None:
    """A division its office admin deactivated takes no new visitor (routing, hand-over;
    issue 14): `ConsultationRefused` (code `division_inactive`, field `division`). The forms
    offer only active divisions; this stops a stale form or an API call."""
    if not division.is_active:
        raise ConsultationRefused(
            _("Bagian ini sudah nonaktif; pilih bagian lain."),
            code="division_inactive",
            field="division",
        )


# --- Transitions and events ----------------------------------------------------------------


def lock_visit(visit: Visit) -> Visit:
    """The visit re-read under its row lock, with what the services show in messages."""
    return locked(visit, related=("office", "service", "division"))


def write_event(
    visit: Visit,
    action: str,
    actor: Any,
    *,
    now: datetime,
    from_status: str,
    to_status: str,
    division: Division | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> VisitEvent:
    """The one writer of `VisitEvent` rows; visibility follows the action."""
    return record_event(
        VisitEvent,
        action=action,
        actor=actor,
        now=now,
        from_status=from_status,
        to_status=to_status,
        visibility=visibility_of(action),
        note=note[:NOTE_LIMIT],
        data=data,
        visit=visit,
        division=division,
    )


def move(
    visit: Visit,
    to: str,
    action: str,
    actor: Any,
    now: datetime,
    *,
    division: Division | None = None,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> VisitEvent:
    """Change the status after checking the transition; save `fields` with it."""
    old = visit.status
    if not visit.may_become(to):
        raise TransitionRefused(
            _("Kunjungan berstatus %(status)s tidak dapat diubah menjadi %(to)s."),
            params={"status": Visit.Status(old).label, "to": Visit.Status(to).label},
        )
    visit.status = to
    visit.save(update_fields=["status", *fields])
    return write_event(
        visit, action, actor, now=now, from_status=old, to_status=to, division=division, note=note
    )
