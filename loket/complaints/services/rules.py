"""The pieces every complaint service shares: the transitions allowed from each status, the
row lock, and the event each change writes. Public to the modules of this package; other
apps call the package's `__all__` instead."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from loket.events import Visibility, record_event
from loket.locking import locked

from ..errors import NotAllowed
from ..models import OPEN_STATUSES, Complaint, Event, Status

# action -> {from status: to status}; None as target: back to the status before the pause.
TRANSITIONS: dict[str, dict[str, str | None]] = {
    "classify": {Status.RECEIVED: Status.IN_PROGRESS},
    "reclassify": {Status.IN_PROGRESS: Status.IN_PROGRESS, Status.WAITING: Status.WAITING},
    "request_completion": {Status.RECEIVED: Status.WAITING, Status.IN_PROGRESS: Status.WAITING},
    "complete": {Status.WAITING: None},
    "assign": {s: s for s in OPEN_STATUSES},
    "note": {s: s for s in Status.values},
    "not_authority": {
        Status.RECEIVED: Status.NOT_AUTHORITY,
        Status.IN_PROGRESS: Status.NOT_AUTHORITY,
    },
    "forward": {
        Status.RECEIVED: Status.FORWARDED,
        Status.IN_PROGRESS: Status.FORWARDED,
        Status.NOT_AUTHORITY: Status.FORWARDED,
    },
    "duplicate": {Status.RECEIVED: Status.DUPLICATE, Status.IN_PROGRESS: Status.DUPLICATE},
    # A further answer to the complainant's reply keeps the complaint answered.
    "answer": {Status.IN_PROGRESS: Status.ANSWERED, Status.ANSWERED: Status.ANSWERED},
    # A reply is a reply (issue 11 §5): the status stays, the rating stays; only "belum
    # puas" reopens, and after a rating of 1 or 2 it is still offered (`after_answer`).
    "reply": {Status.ANSWERED: Status.ANSWERED, Status.CLOSED: Status.CLOSED},
    "reopen": {Status.ANSWERED: Status.IN_PROGRESS, Status.CLOSED: Status.IN_PROGRESS},
    "rate": {Status.ANSWERED: Status.CLOSED, Status.CLOSED: Status.CLOSED},
    "close": {Status.ANSWERED: Status.CLOSED},
}


def allowed(complaint: Complaint, action: str) -> bool:
    """Whether `action` may be taken on `complaint` in its present status."""
    return complaint.status in TRANSITIONS[action]


def lock(complaint: Complaint) -> Complaint:
    """Re-read the row under its lock (inside the service's transaction) so two people never
    change it at once; the caller's instance is refreshed in place."""
    fresh = locked(complaint)
    complaint.__dict__.update(
        {f.attname: getattr(fresh, f.attname) for f in Complaint._meta.concrete_fields}
    )
    return complaint


def check(complaint: Complaint, action: str) -> str | None:
    """The status `action` leads to from the complaint's status; `NotAllowed` otherwise."""
    targets = TRANSITIONS[action]
    if complaint.status not in targets:
        raise NotAllowed(
            _("Tindakan ini tidak dapat dilakukan pada pengaduan berstatus %(status)s."),
            code="transition_not_allowed",
            params={"status": Status(complaint.status).label},
        )
    return targets[complaint.status]


def iso(moment: datetime | None) -> str | None:
    """A moment as stored in an event's data: ISO-8601 in UTC."""
    return moment.astimezone(UTC).isoformat() if moment else None


def record(
    complaint: Complaint,
    action: str,
    *,
    now: datetime,
    actor: Any = None,
    from_status: str = "",
    to_status: str = "",
    visibility: str = Visibility.STAFF,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Write the complaint's event (the only writer of the event table)."""
    return record_event(
        Event,
        complaint=complaint,
        action=action,
        actor=actor,
        now=now,
        from_status=from_status,
        to_status=to_status,
        visibility=visibility,
        note=note,
        data=data,
    )


def set_status(complaint: Complaint, status: str) -> None:
    complaint.status = status
    complaint.is_open = status in (*OPEN_STATUSES, Status.ANSWERED)


def move(
    complaint: Complaint,
    target: str,
    action: str,
    *,
    now: datetime,
    actor: Any = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Save the complaint in the status `check` allowed and write the public event of the
    change, from the status it had to `target`."""
    before = complaint.status
    set_status(complaint, target)
    complaint.save()
    return record(
        complaint,
        action,
        now=now,
        actor=actor,
        from_status=before,
        to_status=target,
        visibility=Visibility.PUBLIC,
        note=note,
        data=data,
    )


def end(
    complaint: Complaint,
    target: str,
    action: str,
    *,
    now: datetime,
    actor: Any,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Bukan wewenang, forwarded or duplicate: the office's handling ends here, with no
    pause left running."""
    complaint.paused_at = None
    complaint.closed_at = now
    return move(complaint, target, action, now=now, actor=actor, note=note, data=data)
