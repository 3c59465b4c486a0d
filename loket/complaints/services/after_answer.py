"""After the answer: the complainant replies, reopens or rates; unanswered ones close."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.events import Visibility
from loket.surveys import services as surveys
from loket.workdays.calendar import OfficeCalendar
from loket.workdays.services import calendar_for

from ..errors import InvalidInput, NotAllowed
from ..models import Complaint, Event, OfficeComplaintSettings, Rating, Status
from ..notifications import notify_complainant
from .clock import apply_due
from .rules import check, iso, lock, move, record

if TYPE_CHECKING:
    from loket.offices.services import Office

DEFAULT_AUTO_CLOSE_WORKING_DAYS = 10  # LAPOR! practice; per office in OfficeComplaintSettings


def _take_up_again(
    complaint: Complaint, action: str, event_action: str, text: str, now: datetime
) -> None:
    """After the answer the complainant writes again: the team takes the complaint up with
    a fresh deadline of the same class, counted from now."""
    lock(complaint)
    target = check(complaint, action)
    assert target is not None
    complaint.clock_started_at = now
    complaint.answered_at = None
    old_due, due = apply_due(complaint, now=now)
    move(
        complaint,
        target,
        event_action,
        now=now,
        note=text.strip(),
        data={"old_due_at": iso(old_due), "new_due_at": iso(due)},
    )


@transaction.atomic
def reply(complaint: Complaint, *, text: str, now: datetime | None = None) -> None:
    """The complainant replies to the answer (a question, new facts)."""
    if not text.strip():
        raise InvalidInput(_("Tanggapan tidak boleh kosong."), code="text_required", field="text")
    _take_up_again(complaint, "reply", Event.Action.REPLIED, text, now or timezone.now())


@transaction.atomic
def reopen(complaint: Complaint, *, reason: str, now: datetime | None = None) -> None:
    """Not satisfied: the complaint reopens."""
    if not reason.strip():
        raise InvalidInput(
            _("Jelaskan mengapa Anda belum puas."), code="reason_required", field="reason"
        )
    _take_up_again(complaint, "reopen", Event.Action.REOPENED, reason, now or timezone.now())


@transaction.atomic
def rate(
    complaint: Complaint, *, score: int, comment: str = "", now: datetime | None = None
) -> Rating:
    """Rate the latest answer 1-5; a rated answered complaint is finished."""
    if not 1 <= int(score) <= 5:
        raise InvalidInput(
            _("Nilai harus antara 1 dan 5."), code="score_out_of_range", field="score"
        )
    now = now or timezone.now()
    lock(complaint)
    target = check(complaint, "rate")
    assert target is not None
    latest = complaint.answers.order_by("-created_at", "-id").first()
    if latest is None:
        raise NotAllowed(_("Belum ada jawaban untuk dinilai."), code="nothing_to_rate")
    if Rating.objects.filter(answer=latest).exists():
        raise NotAllowed(_("Jawaban ini sudah dinilai."), code="already_rated")
    rating = Rating.objects.create(
        complaint=complaint, answer=latest, score=score, comment=comment.strip(), created_at=now
    )
    before = complaint.status
    record(
        complaint,
        Event.Action.RATED,
        now=now,
        from_status=before,
        to_status=target,
        visibility=Visibility.PUBLIC,
        note=comment.strip(),
        data={"score": int(score)},
    )
    if before != target:
        complaint.closed_at = now
        move(complaint, target, Event.Action.CLOSED, now=now)
        notify_complainant(
            complaint, "closed", now=now, reason="", survey_url=survey_url(complaint, now)
        )
    return rating


def survey_url(complaint: Complaint, now: datetime) -> str:
    """The complainant's single-use satisfaction-survey link (SKM, issue 15) for the closing
    message of a complaint that closed as settled: an absolute URL. The token is tied to the
    complaint until it is used, then the survey forgets which complaint it came from."""
    path = surveys.issue_token_for_complaint(complaint.pk, complaint.office, now=now)
    return f"{settings.SITE_URL}{path}"


def auto_close_days(office: Office) -> int:
    """Working days an answered complaint waits for the complainant before it closes."""
    config = OfficeComplaintSettings.objects.filter(office=office).first()
    return config.auto_close_working_days if config else DEFAULT_AUTO_CLOSE_WORKING_DAYS


@transaction.atomic
def close(
    complaint: Complaint, *, actor: Any = None, reason: str = "", now: datetime | None = None
) -> bool:
    """Close an answered complaint (the complainant did not reply in time). False when
    someone else changed it first (the conditional update is the claim)."""
    now = now or timezone.now()
    claimed = Complaint.objects.filter(pk=complaint.pk, status=Status.ANSWERED).update(
        status=Status.CLOSED, is_open=False, closed_at=now
    )
    if claimed != 1:
        return False
    complaint.refresh_from_db()
    record(
        complaint,
        Event.Action.CLOSED,
        actor=actor,
        now=now,
        from_status=Status.ANSWERED,
        to_status=Status.CLOSED,
        visibility=Visibility.PUBLIC,
        note=reason,
    )
    notify_complainant(
        complaint, "closed", now=now, reason=reason, survey_url=survey_url(complaint, now)
    )
    return True


def is_unanswered_long_enough(
    complaint: Complaint, *, now: datetime, calendar: OfficeCalendar | None = None
) -> bool:
    """SP4N-LAPOR!: an answered complaint is finished once the office's number of working
    days (default 10) pass with no reply from the complainant."""
    if complaint.status != Status.ANSWERED or complaint.answered_at is None:
        return False
    calendar = calendar or calendar_for(complaint.office)
    days = auto_close_days(complaint.office)
    return calendar.add_working_days(complaint.answered_at, days) <= now


def close_unanswered(
    complaint: Complaint,
    *,
    now: datetime | None = None,
    calendar: OfficeCalendar | None = None,
    dry_run: bool = False,
) -> bool:
    """Close `complaint` when it waited long enough for a reply (see
    `is_unanswered_long_enough`). With `dry_run` nothing changes; True says it would."""
    now = now or timezone.now()
    if not is_unanswered_long_enough(complaint, now=now, calendar=calendar):
        return False
    if dry_run:
        return True
    return close(complaint, reason=str(_("Tidak ada tanggapan dari pengadu.")), now=now)
