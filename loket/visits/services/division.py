"""A division's part of a visit (seed step d): call the visitor who waited longest, start,
keep notes, end with an outcome the visitor may read, or hand the visitor to another
division. Each step changes the visit and its open `Consultation` together."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.surveys.services import issue_token_for_visit

from ..models import OPEN_CONSULTATION, Consultation, Visit, VisitEvent
from .mail import mail_visitor
from .reception import open_consultation
from .rules import (
    ConsultationRefused,
    OtherOffice,
    lock_visit,
    move,
    refuse_inactive,
    write_event,
)

if TYPE_CHECKING:
    from loket.offices.models import Division

S = Visit.Status
A = VisitEvent.Action
C = Consultation.Status


def current_consultation(visit: Visit) -> Consultation:
    """The visit's open consultation, locked; refused when the visit is in no division."""
    consultation = (
        Consultation.objects.select_for_update()
        .select_related("division")
        .filter(visit=visit, status__in=OPEN_CONSULTATION)
        .first()
    )
    if consultation is None:
        raise ConsultationRefused(
            _("Kunjungan ini tidak sedang di bagian mana pun."), code="no_open_consultation"
        )
    return consultation


@transaction.atomic
def call_next(division: Division, *, actor: Any, now: datetime | None = None) -> Visit | None:
    """Call the visitor who has waited longest for `division` (None when nobody waits).
    Two consultants pressing at once call two different visitors."""
    now = now or timezone.now()
    waiting = Consultation.objects.filter(
        division=division, status=C.WAITING, visit__status=S.ROUTED
    ).order_by("queued_at", "id")
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True, of=("self",))
    consultation = waiting.first()
    if consultation is None:
        return None
    visit = lock_visit(consultation.visit)
    if visit.status != S.ROUTED:
        return None
    consultation.status = C.CALLED
    consultation.called_at = now
    consultation.consultant = actor
    consultation.save(update_fields=["status", "called_at", "consultant"])
    if visit.called_at is None:
        visit.called_at = now
    move(visit, S.CALLED, A.CALLED, actor, now, division=division, fields=("called_at",))
    return visit


@transaction.atomic
def requeue(visit: Visit, *, actor: Any, now: datetime | None = None) -> Visit:
    """A called visitor did not come forward: back to the division's queue, in place."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    consultation = current_consultation(visit)
    move(visit, S.ROUTED, A.RETURNED, actor, now, division=consultation.division)
    consultation.status = C.WAITING
    consultation.save(update_fields=["status"])
    return visit


@transaction.atomic
def start(visit: Visit, *, actor: Any, now: datetime | None = None) -> Visit:
    """The called visitor sits down with the consultant: the consultation begins."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    consultation = current_consultation(visit)
    if visit.started_at is None:
        visit.started_at = now
    move(
        visit,
        S.IN_CONSULTATION,
        A.STARTED,
        actor,
        now,
        division=consultation.division,
        fields=("started_at",),
    )
    consultation.status = C.ACTIVE
    consultation.started_at = now
    consultation.consultant = actor
    consultation.save(update_fields=["status", "started_at", "consultant"])
    return visit


@transaction.atomic
def save_notes(
    visit: Visit,
    *,
    actor: Any,
    internal_notes: str,
    outcome_summary: str,
    follow_up_needed: bool,
    now: datetime | None = None,
) -> Consultation:
    """Keep the consultant's notes while the consultation runs (no state change)."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    consultation = current_consultation(visit)
    consultation.internal_notes = internal_notes.strip()
    consultation.outcome_summary = outcome_summary.strip()
    consultation.follow_up_needed = follow_up_needed
    consultation.save(update_fields=["internal_notes", "outcome_summary", "follow_up_needed"])
    write_event(
        visit,
        A.NOTES,
        actor,
        now=now,
        from_status=visit.status,
        to_status=visit.status,
        division=consultation.division,
    )
    return consultation


@transaction.atomic
def end(
    visit: Visit,
    *,
    actor: Any,
    outcome_summary: str,
    internal_notes: str = "",
    follow_up_needed: bool = False,
    send_outcome: bool = False,
    now: datetime | None = None,
) -> Visit:
    """End the consultation with an outcome summary the visitor may read (on the visit link,
    and by e-mail when asked and an address was given). Internal notes stay with the staff."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    consultation = current_consultation(visit)
    if consultation.status != C.ACTIVE:
        raise ConsultationRefused(_("Konsultasi belum dimulai."), code="not_started")
    if not outcome_summary.strip():
        raise ConsultationRefused(
            _("Tulis ringkasan hasil konsultasi."),
            code="outcome_missing",
            field="outcome_summary",
        )
    consultation.status = C.DONE
    consultation.ended_at = now
    consultation.outcome_summary = outcome_summary.strip()
    consultation.internal_notes = internal_notes.strip()
    consultation.follow_up_needed = follow_up_needed
    visit.ended_at = now
    visit.closed_at = now
    move(
        visit,
        S.DONE,
        A.ENDED,
        actor,
        now,
        division=consultation.division,
        fields=("ended_at", "closed_at"),
    )
    # The visitor was served: the survey counts them in its periods' population whether or
    # not the link is ever shown (issue 15); the link shown later is this same token.
    issue_token_for_visit(visit.pk, visit.office, visit.service, now=now)
    if send_outcome and visit.email and visit.processing_restricted_at is None:
        consultation.outcome_emailed_at = now
        mail_visitor(
            visit, "visits/email/outcome", topic="visit_outcome", consultation=consultation
        )
        write_event(
            visit,
            A.OUTCOME_SENT,
            actor,
            now=now,
            from_status=S.DONE,
            to_status=S.DONE,
            division=consultation.division,
        )
    consultation.save()
    return visit


@transaction.atomic
def hand_over(
    visit: Visit, division: Division, *, actor: Any, reason: str, now: datetime | None = None
) -> Visit:
    """A consultant passes the visitor to another division; the hand-over is recorded and
    the visitor joins that division's queue."""
    now = now or timezone.now()
    visit = lock_visit(visit)
    if division.office_id != visit.office_id:
        raise OtherOffice(_("Bagian ini milik instansi lain."), field="division")
    refuse_inactive(division)
    consultation = current_consultation(visit)
    if consultation.division_id == division.pk:
        raise ConsultationRefused(_("Pilih bagian lain."), code="same_division", field="division")
    reason = reason.strip()
    if not reason:
        raise ConsultationRefused(
            _("Tulis alasan pengalihan."), code="reason_missing", field="reason"
        )
    consultation.status = C.HANDED_OVER
    consultation.ended_at = now
    consultation.handover_reason = reason
    consultation.save(update_fields=["status", "ended_at", "handover_reason"])
    open_consultation(visit, division, actor, now, handed_from=consultation, handover_reason=reason)
    visit.division = division
    move(
        visit,
        S.ROUTED,
        A.HANDED_OVER,
        actor,
        now,
        division=division,
        note=f"{consultation.division.name} -> {division.name}: {reason}",
        fields=("division",),
    )
    return visit
