"""Answers that wait for approval (issue 14, "Answering well"): where the office switches
`OfficeComplaintSettings.answers_need_approval` on, an answer the Tim Pengelola Pengaduan
drafts is not sent: it waits, as a `DraftAnswer`, for the Pejabat Pengelola Pengaduan or
the head (`roles.ANSWER_APPROVERS`), who approve it (then it is sent exactly as a direct
answer, through `team.send_answer`) or return it with a comment (the team revises and
submits it again). The complainant sees nothing of it and the clock runs on. Each step
writes an internal event; the approvers are mailed when a draft arrives and the author
when it is returned."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import Visibility, record_event
from loket.offices.permissions import has_role
from loket.offices.services import staff_with_role

from ..errors import InvalidInput, NotAllowed
from ..models import Complaint, DraftAnswer, Event, OfficeComplaintSettings, OfficeEvent
from ..notifications import notify_in_app, notify_staff
from ..roles import ANSWER_APPROVERS, HANDLERS, SETTINGS_EDITORS
from .receipt import Upload, attach
from .rules import check, lock, record
from .team import needs_approval, send_answer

if TYPE_CHECKING:
    from loket.offices.services import Office

OPEN_DRAFT = (DraftAnswer.Status.PENDING, DraftAnswer.Status.RETURNED)


def complaint_settings(office: Office) -> OfficeComplaintSettings:
    """The office's complaint settings: its row, or the defaults (unsaved) when it has none."""
    found = OfficeComplaintSettings.objects.filter(office=office).first()
    return found or OfficeComplaintSettings(office=office)


@transaction.atomic
def update_complaint_settings(
    office: Office,
    *,
    actor: Any,
    answers_need_approval: bool | None = None,
    ask_nik: bool | None = None,
    now: datetime | None = None,
) -> OfficeComplaintSettings:
    """Change the office's complaint settings: the approval of the team's answers
    (`answers_need_approval`) and whether the forms ask the complainant's NIK (`ask_nik`,
    issue 13, UU 27/2022 minimisation); None leaves a setting as it is. Only the office
    admin and the Pejabat (`roles.SETTINGS_EDITORS`), `NotAllowed` (`settings_editor_only`)
    otherwise. Drafts already waiting stay waiting when approval is switched off: an
    approver still decides them; NIKs already received stay when `ask_nik` is switched off
    (their consent and retention govern them). A real change writes one `OfficeEvent`
    (`settings_changed`, each changed setting's value before and after in `data`) with
    `actor` and `now`; saving the same values again writes none."""
    if not has_role(actor, office, SETTINGS_EDITORS):
        raise NotAllowed(
            _("Hanya admin instansi atau Pejabat Pengelola Pengaduan yang dapat mengubahnya."),
            code="settings_editor_only",
        )
    found, _created = OfficeComplaintSettings.objects.select_for_update().get_or_create(
        office=office
    )
    wanted = {"answers_need_approval": answers_need_approval, "ask_nik": ask_nik}
    changes = {
        field: {"from": getattr(found, field), "to": value}
        for field, value in wanted.items()
        if value is not None and getattr(found, field) != value
    }
    if not changes:
        return found
    for field, change in changes.items():
        setattr(found, field, change["to"])
    found.save(update_fields=list(changes))
    record_event(
        OfficeEvent,
        office=office,
        action=OfficeEvent.Action.SETTINGS_CHANGED,
        actor=actor,
        now=now or timezone.now(),
        data=changes,
    )
    return found


def open_draft(complaint: Complaint) -> DraftAnswer | None:
    """The complaint's draft answer in the works (waiting or returned), if any."""
    return (
        complaint.draft_answers.filter(status__in=OPEN_DRAFT)
        .select_related("author", "reviewer")
        .prefetch_related("attachments")
        .first()
    )


@transaction.atomic
def submit_answer(
    complaint: Complaint,
    *,
    actor: Any,
    text: str,
    attachments: Sequence[Upload] = (),
    now: datetime | None = None,
) -> DraftAnswer:
    """Submit the team's answer for approval: a new draft, or the revision of the one in
    the works (returned or still waiting: its text is replaced, new files are added, it
    waits again). Nothing reaches the complainant and the clock does not stop.

    Errors: `InvalidInput` (`text_required`) for an empty text; `NotAllowed`
    (`transition_not_allowed`) where the complaint cannot be answered in its status,
    (`approval_not_required`) where the office does not require approval or `actor` is an
    approver (they answer directly, `services.answer`), (`handler_only`) for a colleague
    who does not handle complaints."""
    if not text.strip():
        raise InvalidInput(_("Jawaban tidak boleh kosong."), code="text_required", field="text")
    now = now or timezone.now()
    office = complaint.office
    if not has_role(actor, office, HANDLERS):
        raise NotAllowed(
            _("Hanya Tim Pengelola Pengaduan yang menyusun jawaban."), code="handler_only"
        )
    if not needs_approval(office, actor):
        raise NotAllowed(
            _("Jawaban ini tidak memerlukan persetujuan: kirim langsung."),
            code="approval_not_required",
        )
    lock(complaint)
    check(complaint, "answer")
    draft = complaint.draft_answers.select_for_update().filter(status__in=OPEN_DRAFT).first()
    revision = draft is not None
    if draft is None:
        draft = DraftAnswer(complaint=complaint)
    draft.text = text.strip()
    draft.status = DraftAnswer.Status.PENDING
    draft.author = actor
    draft.submitted_at = now
    draft.reviewer = None
    draft.reviewed_at = None
    draft.save()
    attach(complaint, attachments, "staff", draft=draft)
    record(
        complaint,
        Event.Action.ANSWER_SUBMITTED,
        actor=actor,
        now=now,
        from_status=complaint.status,
        to_status=complaint.status,
        visibility=Visibility.INTERNAL,
        note=draft.text,
        data={"draft": draft.pk, "revision": revision},
    )
    approvers = staff_with_role(office, ANSWER_APPROVERS)
    notify_staff(
        complaint,
        approvers,
        "approval_requested",
        now=now,
        author=actor.get_full_name() or actor.username,
    )
    # One in-app notice per submission (a revision asks again).
    key = f"complaint:{complaint.pk}:approval_requested:{now.isoformat()}"
    notify_in_app(complaint, approvers, "approval_requested", now=now, key=key)
    return draft


def _pending(draft: DraftAnswer, actor: Any) -> Complaint:
    """Lock the draft's complaint and the draft; `NotAllowed` unless `actor` approves in
    its office and the draft is still waiting."""
    complaint = draft.complaint
    if not has_role(actor, complaint.office, ANSWER_APPROVERS):
        raise NotAllowed(
            _("Hanya Pejabat Pengelola Pengaduan atau kepala yang menyetujui jawaban."),
            code="approver_only",
        )
    lock(complaint)
    fresh = DraftAnswer.objects.select_for_update().get(pk=draft.pk)
    draft.__dict__.update({f.attname: getattr(fresh, f.attname) for f in fresh._meta.fields})
    if draft.status != DraftAnswer.Status.PENDING:
        raise NotAllowed(
            _("Jawaban ini tidak lagi menunggu persetujuan."), code="draft_not_pending"
        )
    return complaint


@transaction.atomic
def approve_answer(draft: DraftAnswer, *, actor: Any, now: datetime | None = None) -> Any:
    """Approve the draft and send it: the answer is written by the draft's author, sent
    through `team.send_answer` (the public ANSWERED event, the complainant's message, the
    clock stopped), with the draft's files; returns the `Answer`.

    Errors: `NotAllowed` (`approver_only`) for anyone but the office's Pejabat or head,
    (`draft_not_pending`) for a draft already decided or being revised,
    (`transition_not_allowed`) where the complaint can no longer be answered."""
    now = now or timezone.now()
    complaint = _pending(draft, actor)
    check(complaint, "answer")
    record(
        complaint,
        Event.Action.ANSWER_APPROVED,
        actor=actor,
        now=now,
        from_status=complaint.status,
        to_status=complaint.status,
        visibility=Visibility.INTERNAL,
        data={"draft": draft.pk},
    )
    author = draft.author
    given = send_answer(
        complaint,
        actor=actor,
        author=author,
        text=draft.text,
        now=now,
        data={
            "draft": draft.pk,
            "author": (author.get_full_name() or author.username) if author else "",
        },
    )
    draft.attachments.update(answer=given)
    draft.status = DraftAnswer.Status.APPROVED
    draft.reviewer = actor
    draft.reviewed_at = now
    draft.answer = given
    draft.save(update_fields=["status", "reviewer", "reviewed_at", "answer"])
    return given


@transaction.atomic
def return_answer(
    draft: DraftAnswer, *, actor: Any, comment: str, now: datetime | None = None
) -> DraftAnswer:
    """Return the draft to the team with a comment (required: what to change); the author
    is mailed and revises it (`submit_answer`). Errors: `InvalidInput` (`comment_required`)
    and those of `approve_answer` but the last."""
    if not comment.strip():
        raise InvalidInput(
            _("Tulis apa yang perlu diperbaiki."), code="comment_required", field="comment"
        )
    now = now or timezone.now()
    complaint = _pending(draft, actor)
    draft.status = DraftAnswer.Status.RETURNED
    draft.reviewer = actor
    draft.reviewed_at = now
    draft.review_comment = comment.strip()
    draft.save(update_fields=["status", "reviewer", "reviewed_at", "review_comment"])
    record(
        complaint,
        Event.Action.ANSWER_RETURNED,
        actor=actor,
        now=now,
        from_status=complaint.status,
        to_status=complaint.status,
        visibility=Visibility.INTERNAL,
        note=draft.review_comment,
        data={"draft": draft.pk},
    )
    if draft.author is not None:
        notify_staff(
            complaint,
            [draft.author],
            "answer_returned",
            now=now,
            comment=draft.review_comment,
            reviewer=actor.get_full_name() or actor.username,
        )
    return draft
