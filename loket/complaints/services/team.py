"""The Tim Pengelola Pengaduan: assignment, internal notes and the answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import Visibility
from loket.offices.permissions import has_role
from loket.offices.services import staff_with_role

from ..errors import InvalidInput, NotAllowed
from ..models import (
    Answer,
    Assignment,
    Attachment,
    Complaint,
    DraftAnswer,
    Event,
    OfficeComplaintSettings,
)
from ..notifications import notify_complainant, notify_in_app, notify_staff
from ..roles import ANSWER_APPROVERS, ASSIGNABLE, BULK_ASSIGNERS
from .receipt import Upload, attach
from .rules import check, lock, move, record

if TYPE_CHECKING:
    from loket.offices.services import Office


def team_members(office: Office) -> list[Any]:
    """Who may be assigned a complaint: the office's Tim Pengelola Pengaduan (active users,
    by username)."""
    return staff_with_role(office, ASSIGNABLE)


def may_assign(complaint: Complaint, user: Any) -> bool:
    """Whether `user` may assign members of the team to `complaint`: the head and the Pejabat
    Pengelola Pengaduan of its office, and a team member already assigned to it (who brings a
    colleague in). A team member may not assign themselves to a complaint: the assignment
    opens the complainant's identity (UU 27/2022 Pasal 16 ayat (2): processing limited to
    those who need it), so someone who holds no assignment would grant themselves that
    access."""
    if has_role(user, complaint.office, BULK_ASSIGNERS):
        return True
    return complaint.assignments.filter(user=user).exists()


@transaction.atomic
def assign(
    complaint: Complaint, *, actor: Any, users: Sequence[Any], now: datetime | None = None
) -> list[Any]:
    """Assign one or more members of the Tim Pengelola Pengaduan (role complaint_handler;
    seed flow: the Pejabat Pengelola Pengaduan receives, the team handles); returns the
    newly assigned. The officer assigns but is not an assignee. A user of another office
    is refused like any non-member. `NotAllowed` (code `not_assigner`) when the actor may
    not assign (`may_assign`)."""
    if not may_assign(complaint, actor):
        raise NotAllowed(
            _(
                "Hanya Pejabat Pengelola Pengaduan atau pimpinan yang menugaskan pengaduan; "
                "anggota tim yang sudah ditugaskan dapat mengajak rekan."
            ),
            code="not_assigner",
            field="users",
        )
    if not users:
        raise InvalidInput(
            _("Pilih setidaknya satu anggota tim."), code="users_required", field="users"
        )
    now = now or timezone.now()
    lock(complaint)
    check(complaint, "assign")
    team = {user.pk for user in team_members(complaint.office)}
    if any(user.pk not in team for user in users):
        raise InvalidInput(
            _("Hanya anggota Tim Pengelola Pengaduan yang dapat ditugaskan."),
            code="not_team_member",
            field="users",
        )
    existing = set(complaint.assignments.values_list("user_id", flat=True))
    added = [user for user in users if user.pk not in existing]
    Assignment.objects.bulk_create(
        [Assignment(complaint=complaint, user=u, assigned_by=actor, assigned_at=now) for u in added]
    )
    if added:
        record(
            complaint,
            Event.Action.ASSIGNED,
            actor=actor,
            now=now,
            from_status=complaint.status,
            to_status=complaint.status,
            data={"users": [u.get_full_name() or u.username for u in added]},
        )
        notify_staff(complaint, added, "assigned", now=now, actor=actor)
        notify_in_app(complaint, added, "assigned", now=now)
    return added


@transaction.atomic
def add_note(complaint: Complaint, *, actor: Any, text: str, now: datetime | None = None) -> Event:
    """An internal note: never shown to the complainant."""
    if not text.strip():
        raise InvalidInput(_("Catatan tidak boleh kosong."), code="text_required", field="message")
    check(complaint, "note")
    return record(
        complaint,
        Event.Action.NOTE,
        actor=actor,
        now=now or timezone.now(),
        from_status=complaint.status,
        to_status=complaint.status,
        visibility=Visibility.INTERNAL,
        note=text.strip(),
    )


@transaction.atomic
def answer(
    complaint: Complaint,
    *,
    actor: Any,
    text: str,
    attachments: Sequence[Upload] = (),
    now: datetime | None = None,
) -> Answer:
    """The public answer (tindak lanjut), with attachments. Where the office requires
    approval (`OfficeComplaintSettings.answers_need_approval`, issue 14) only an approver
    (`roles.ANSWER_APPROVERS`) answers directly: the team submits a draft instead
    (`services.submit_answer`), and `NotAllowed` (`approval_required`) refuses this call.
    A draft of the complaint still open is marked superseded by this answer."""
    if not text.strip():
        raise InvalidInput(_("Jawaban tidak boleh kosong."), code="text_required", field="text")
    if needs_approval(complaint.office, actor):
        raise NotAllowed(
            _("Jawaban tim perlu disetujui Pejabat Pengelola Pengaduan atau kepala."),
            code="approval_required",
        )
    now = now or timezone.now()
    given = send_answer(
        complaint, actor=actor, author=actor, text=text, attachments=attachments, now=now
    )
    # A draft still open (waiting, or returned to the team) is answered by this one.
    complaint.draft_answers.filter(
        status__in=[DraftAnswer.Status.PENDING, DraftAnswer.Status.RETURNED]
    ).update(status=DraftAnswer.Status.SUPERSEDED, reviewer=actor, reviewed_at=now)
    return given


def send_answer(
    complaint: Complaint,
    *,
    actor: Any,
    author: Any,
    text: str,
    attachments: Sequence[Upload] = (),
    now: datetime | None = None,
    data: dict[str, Any] | None = None,
) -> Answer:
    """Send the answer as it always was sent: the answer row by `author`, its files, the
    public ANSWERED event by `actor` (the approver of a draft), the complainant told. Call
    inside the caller's transaction; the approval service sends a draft through it and
    moves the draft's files onto the answer (`data` joins the event's data)."""
    now = now or timezone.now()
    lock(complaint)
    target = check(complaint, "answer")
    assert target is not None
    given = Answer.objects.create(
        complaint=complaint, text=text.strip(), author=author, created_at=now
    )
    attach(complaint, attachments, Attachment.Source.STAFF, answer=given)
    complaint.answered_at = now
    complaint.replied_at = None  # the team answered the reply
    move(
        complaint,
        target,
        Event.Action.ANSWERED,
        actor=actor,
        now=now,
        data={
            "answer": given.pk,
            "on_time": complaint.due_at is None or now <= complaint.due_at,
            **(data or {}),
        },
    )
    notify_complainant(complaint, "answered", now=now, answer=given)
    return given


def needs_approval(office: Office, actor: Any) -> bool:
    """Whether an answer by `actor` must wait for approval: the office's setting is on
    and `actor` holds none of `roles.ANSWER_APPROVERS` there (the Pejabat and the head
    answer directly). One query for the setting, one for the roles when it is on."""
    if not OfficeComplaintSettings.objects.filter(
        office=office, answers_need_approval=True
    ).exists():
        return False
    return not has_role(actor, office, ANSWER_APPROVERS)
