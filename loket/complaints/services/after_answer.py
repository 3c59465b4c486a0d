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
from ..notifications import notify_complainant, notify_in_app
from .alerts import handlers_of
from .clock import apply_due
from .rules import check, iso, lock, move, record

if TYPE_CHECKING:
    from loket.offices.services import Office

DEFAULT_AUTO_CLOSE_WORKING_DAYS = 10  # LAPOR! practice; per office in OfficeComplaintSettings


LOW_SCORES = (1, 2)  # "kurang puas", "tidak puas": "belum puas" is still offered


def low_rating(complaint: Complaint) -> bool:
    """Whether the complainant rated the latest answer 1 or 2."""
    latest = complaint.answers.order_by("-created_at", "-id").first()
    return latest is not None and (
        Rating.objects.filter(answer=latest, score__in=LOW_SCORES).exists()
    )


def may_reopen(complaint: Complaint) -> bool:
    """ "Belum puas" is offered on an answered complaint, and on one closed by a rating of
    1 or 2 (issue 11 §5); never on one closed otherwise."""
    if complaint.status == Status.ANSWERED:
        return True
    return complaint.status == Status.CLOSED and low_rating(complaint)


@transaction.atomic
def reply(complaint: Complaint, *, text: str, now: datetime | None = None) -> Event:
    """The complainant replies to the answer (a question, new facts): a public event, the
    team's queue marks "new reply" (`replied_at`) until the team answers again. A reply is
    a reply: the status, the rating and the deadline stay; only "belum puas" (`reopen`)
    reopens. An answered complaint waits again for the office's working days from the reply
    before it closes by itself. `NotAllowed` unless answered or closed."""
    if not text.strip():
        raise InvalidInput(_("Tanggapan tidak boleh kosong."), code="text_required", field="text")
    now = now or timezone.now()
    lock(complaint)
    check(complaint, "reply")
    return record_reply(complaint, text=text, now=now)


def record_reply(
    complaint: Complaint, *, text: str, now: datetime, actor: Any = None, data: dict | None = None
) -> Event:
    """Write the reply event, mark the new reply and tell its handlers in the app (the
    assignees, else the officers); the row is locked by the caller."""
    complaint.replied_at = now
    complaint.save(update_fields=["replied_at", "updated_at"])
    notify_in_app(complaint, handlers_of(complaint), "reply", now=now)
    return record(
        complaint,
        Event.Action.REPLIED,
        now=now,
        actor=actor,
        from_status=complaint.status,
        to_status=complaint.status,
        visibility=Visibility.PUBLIC,
        note=text.strip(),
        data=data,
    )


@transaction.atomic
def reopen(complaint: Complaint, *, reason: str, now: datetime | None = None) -> None:
    """Not satisfied ("belum puas"): the team takes the complaint up again with a fresh
    deadline of the same class, counted from now, marked "new reply" (`replied_at`) for the
    team. Allowed on an answered complaint and on one closed by a rating of 1 or 2
    (`may_reopen`); `NotAllowed` otherwise."""
    if not reason.strip():
        raise InvalidInput(
            _("Jelaskan mengapa Anda belum puas."), code="reason_required", field="reason"
        )
    now = now or timezone.now()
    lock(complaint)
    target = check(complaint, "reopen")
    assert target is not None
    if not may_reopen(complaint):
        raise NotAllowed(
            _("Pengaduan yang sudah selesai hanya dapat dibuka kembali setelah nilai 1 atau 2."),
            code="reopen_not_offered",
        )
    complaint.clock_started_at = now
    complaint.answered_at = None
    complaint.closed_at = None
    complaint.replied_at = now  # news for the team until it answers again
    old_due, due = apply_due(complaint, now=now)
    move(
        complaint,
        target,
        Event.Action.REOPENED,
        now=now,
        note=reason.strip(),
        data={"old_due_at": iso(old_due), "new_due_at": iso(due)},
    )
    notify_in_app(complaint, handlers_of(complaint), "reply", now=now)


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
    path = surveys.issue_token_for_complaint(
        complaint.pk, complaint.office, complaint.service, now=now
    )
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
    since = max(complaint.answered_at, complaint.replied_at or complaint.answered_at)
    return calendar.add_working_days(since, days) <= now


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
