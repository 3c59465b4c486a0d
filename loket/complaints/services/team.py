"""The Tim Pengelola Pengaduan: assignment, internal notes and the answer."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.offices.models import Office, Role

from ..models import (
    Assignment,
    Attachment,
    Complaint,
    Event,
    Response,
)
from ..notifications import notify_complainant, notify_staff, staff_with_role
from .receipt import Upload, _attach
from .rules import (
    ComplaintError,
    _check,
    _event,
    _lock,
    _move,
)


def team_members(office: Office):
    """Who may be assigned a complaint: the office's Tim Pengelola Pengaduan."""
    return staff_with_role(office, [Role.COMPLAINT_HANDLER])


@transaction.atomic
def assign(complaint: Complaint, *, actor, users: Sequence) -> list:
    """Assign one or more members of the Tim Pengelola Pengaduan (role complaint_handler;
    seed flow: the Pejabat Pengelola Pengaduan receives, the team handles); returns the
    newly assigned. The officer assigns but is not an assignee."""
    if not users:
        raise ComplaintError(_("Pilih setidaknya satu anggota tim."))
    _lock(complaint)
    _check(complaint, "assign")
    team = set(team_members(complaint.office).values_list("pk", flat=True))
    if any(user.pk not in team for user in users):
        raise ComplaintError(_("Hanya anggota Tim Pengelola Pengaduan yang dapat ditugaskan."))
    now = timezone.now()
    existing = set(complaint.assignments.values_list("user_id", flat=True))
    added = [user for user in users if user.pk not in existing]
    Assignment.objects.bulk_create(
        [Assignment(complaint=complaint, user=u, assigned_by=actor, assigned_at=now) for u in added]
    )
    if added:
        _event(
            complaint,
            Event.Kind.ASSIGNED,
            actor=actor,
            at=now,
            from_status=complaint.status,
            to_status=complaint.status,
            data={"users": [u.get_full_name() or u.username for u in added]},
        )
        notify_staff(complaint, added, "assigned", actor=actor)
    return added


@transaction.atomic
def add_note(complaint: Complaint, *, actor, text: str) -> Event:
    """An internal note: never shown to the complainant."""
    if not text.strip():
        raise ComplaintError(_("Catatan tidak boleh kosong."))
    _check(complaint, "note")
    return _event(
        complaint,
        Event.Kind.NOTE,
        actor=actor,
        at=timezone.now(),
        from_status=complaint.status,
        to_status=complaint.status,
        message=text.strip(),
    )


@transaction.atomic
def answer(complaint: Complaint, *, actor, text: str, attachments: Sequence[Upload] = ()):
    """The public answer (tindak lanjut), with attachments."""
    if not text.strip():
        raise ComplaintError(_("Jawaban tidak boleh kosong."))
    _lock(complaint)
    target = _check(complaint, "answer")
    now = timezone.now()
    response = Response.objects.create(
        complaint=complaint, text=text.strip(), author=actor, created_at=now
    )
    _attach(complaint, attachments, Attachment.Source.STAFF, response=response)
    complaint.answered_at = now
    _move(
        complaint,
        target,
        Event.Kind.ANSWERED,
        actor=actor,
        at=now,
        data={
            "response": response.pk,
            "on_time": complaint.due_at is None or now <= complaint.due_at,
        },
    )
    notify_complainant(complaint, "answered", response=response)
    return response
