"""The rules every change follows: the transitions allowed from each status, the row
lock, and the event each change writes."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from ..models import (
    OPEN_STATUSES,
    Complaint,
    Event,
    Status,
)


class ComplaintError(Exception):
    """A change the rules of complaint handling do not allow."""


# --- Transitions ------------------------------------------------------------------------

S = Status
# action -> {from status: to status}; None as target: back to the status before the pause.
TRANSITIONS: dict[str, dict[str, str | None]] = {
    "classify": {S.RECEIVED: S.IN_PROGRESS},
    "reclassify": {S.IN_PROGRESS: S.IN_PROGRESS, S.WAITING: S.WAITING},
    "request_completion": {S.RECEIVED: S.WAITING, S.IN_PROGRESS: S.WAITING},
    "complete": {S.WAITING: None},
    "assign": {s: s for s in (S.RECEIVED, S.WAITING, S.IN_PROGRESS)},
    "note": {s: s for s in S.values},
    "not_authority": {S.RECEIVED: S.NOT_AUTHORITY, S.IN_PROGRESS: S.NOT_AUTHORITY},
    "forward": {
        S.RECEIVED: S.FORWARDED,
        S.IN_PROGRESS: S.FORWARDED,
        S.NOT_AUTHORITY: S.FORWARDED,
    },
    "duplicate": {S.RECEIVED: S.DUPLICATE, S.IN_PROGRESS: S.DUPLICATE},
    "answer": {S.IN_PROGRESS: S.ANSWERED},
    "reply": {S.ANSWERED: S.IN_PROGRESS},
    "reopen": {S.ANSWERED: S.IN_PROGRESS},
    "rate": {S.ANSWERED: S.CLOSED, S.CLOSED: S.CLOSED},
    "close": {S.ANSWERED: S.CLOSED},
}


def allowed(complaint: Complaint, action: str) -> bool:
    return complaint.status in TRANSITIONS[action]


def _lock(complaint: Complaint) -> Complaint:
    """Re-read the row under a lock so two people never change it at once."""
    fresh = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint.__dict__.update(
        {f.attname: getattr(fresh, f.attname) for f in Complaint._meta.concrete_fields}
    )
    return complaint


def _check(complaint: Complaint, action: str) -> str | None:
    targets = TRANSITIONS[action]
    if complaint.status not in targets:
        raise ComplaintError(
            _("Tindakan ini tidak dapat dilakukan pada pengaduan berstatus %(status)s.")
            % {"status": complaint.get_status_display()}
        )
    return targets[complaint.status]


def _event(
    complaint: Complaint,
    kind: str,
    *,
    actor=None,
    at: datetime,
    from_status: str = "",
    to_status: str = "",
    public: bool = False,
    message: str = "",
    data: dict | None = None,
) -> Event:
    return Event.objects.create(
        complaint=complaint,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=at,
        from_status=from_status,
        to_status=to_status,
        public=public,
        message=message,
        data=data or {},
    )


def _set_status(complaint: Complaint, status: str) -> None:
    complaint.status = status
    complaint.is_open = status in (*OPEN_STATUSES, S.ANSWERED)


def _move(
    complaint: Complaint,
    target: str,
    kind: str,
    *,
    at: datetime,
    actor=None,
    message: str = "",
    data: dict | None = None,
) -> Event:
    """Save the complaint in the status `_check` allowed and write the public event of the
    change, from the status it had to `target`."""
    before = complaint.status
    _set_status(complaint, target)
    complaint.save()
    return _event(
        complaint,
        kind,
        actor=actor,
        at=at,
        from_status=before,
        to_status=target,
        public=True,
        message=message,
        data=data,
    )


def _end(
    complaint: Complaint,
    target: str,
    kind: str,
    *,
    actor,
    at: datetime,
    message: str = "",
    data: dict | None = None,
) -> Event:
    """Bukan wewenang, forwarded or duplicate: the office's handling ends here, with no
    pause left running."""
    complaint.paused_at = None
    complaint.closed_at = at
    return _move(complaint, target, kind, actor=actor, at=at, message=message, data=data)
