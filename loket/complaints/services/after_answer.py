"""After the answer: the complainant replies, reopens or rates; unanswered ones close."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.offices.models import Office

from ..models import (
    Complaint,
    Event,
    OfficeComplaintSettings,
    Rating,
)
from ..notifications import notify_complainant
from .clock import _apply_due, _iso
from .rules import (
    ComplaintError,
    S,
    _check,
    _event,
    _lock,
    _move,
)

DEFAULT_AUTO_CLOSE_WORKING_DAYS = 10  # LAPOR! practice; per office in OfficeComplaintSettings


def _restart_clock(complaint: Complaint, now: datetime) -> tuple:
    complaint.clock_started_at = now
    complaint.answered_at = None
    return _apply_due(complaint)


def _take_up_again(complaint: Complaint, action: str, kind: str, text: str) -> None:
    """After the answer the complainant writes again: the team takes the complaint up with
    a fresh deadline of the same class, counted from now."""
    _lock(complaint)
    target = _check(complaint, action)
    now = timezone.now()
    old_due, due = _restart_clock(complaint, now)
    _move(
        complaint,
        target,
        kind,
        at=now,
        message=text.strip(),
        data={"old_due_at": _iso(old_due), "new_due_at": _iso(due)},
    )


@transaction.atomic
def reply(complaint: Complaint, *, text: str) -> None:
    """The complainant replies to the answer (a question, new facts)."""
    if not text.strip():
        raise ComplaintError(_("Tanggapan tidak boleh kosong."))
    _take_up_again(complaint, "reply", Event.Kind.REPLIED, text)


@transaction.atomic
def reopen(complaint: Complaint, *, reason: str) -> None:
    """Not satisfied: the complaint reopens."""
    if not reason.strip():
        raise ComplaintError(_("Jelaskan mengapa Anda belum puas."))
    _take_up_again(complaint, "reopen", Event.Kind.REOPENED, reason)


@transaction.atomic
def rate(complaint: Complaint, *, score: int, comment: str = "") -> Rating:
    """Rate the latest answer 1-5; a rated answered complaint is finished."""
    if not 1 <= int(score) <= 5:
        raise ComplaintError(_("Nilai harus antara 1 dan 5."))
    _lock(complaint)
    target = _check(complaint, "rate")
    response = complaint.responses.order_by("-created_at", "-id").first()
    if response is None:
        raise ComplaintError(_("Belum ada jawaban untuk dinilai."))
    if Rating.objects.filter(response=response).exists():
        raise ComplaintError(_("Jawaban ini sudah dinilai."))
    now = timezone.now()
    rating = Rating.objects.create(
        complaint=complaint, response=response, score=score, comment=comment.strip(), created_at=now
    )
    before = complaint.status
    _event(
        complaint,
        Event.Kind.RATED,
        at=now,
        from_status=before,
        to_status=target,
        public=True,
        message=comment.strip(),
        data={"score": int(score)},
    )
    if before != target:
        complaint.closed_at = now
        _move(complaint, target, Event.Kind.CLOSED, at=now)
        notify_complainant(complaint, "closed", reason="")
    return rating


def auto_close_days(office: Office) -> int:
    config = OfficeComplaintSettings.objects.filter(office=office).first()
    return config.auto_close_working_days if config else DEFAULT_AUTO_CLOSE_WORKING_DAYS


@transaction.atomic
def close(complaint: Complaint, *, actor=None, reason: str = "") -> bool:
    """Close an answered complaint (the complainant did not reply in time). False when
    someone else changed it first (the conditional update is the claim)."""
    now = timezone.now()
    claimed = Complaint.objects.filter(pk=complaint.pk, status=S.ANSWERED).update(
        status=S.CLOSED, is_open=False, closed_at=now
    )
    if claimed != 1:
        return False
    complaint.refresh_from_db()
    _event(
        complaint,
        Event.Kind.CLOSED,
        actor=actor,
        at=now,
        from_status=S.ANSWERED,
        to_status=S.CLOSED,
        public=True,
        message=reason,
    )
    notify_complainant(complaint, "closed", reason=reason)
    return True
