"""Work on many complaints at once: deadlines that follow calendar changes (the workdays
hook) and the periodic jobs (due-soon warnings, overdue escalations, closing answered
complaints, deleting abandoned web-form uploads). Each is idempotent: a conditional update
claims every notification."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.offices.models import Office, Role
from loket.workdays.calendar import OfficeCalendar
from loket.workdays.services import calendar_for

from .models import Complaint, Event, Status
from .notifications import notify_staff, staff_with_role
from .services import auto_close_days, close
from .services.clock import _apply_due, _iso
from .services.rules import _event

S = Status

# --- Calendar changes -------------------------------------------------------------------


def recompute_open_deadlines(office: Office | None) -> int:
    """Listener of the workdays hook: open classified complaints follow calendar changes.
    Each changed deadline is an internal event with old and new."""
    rows = Complaint.objects.filter(is_open=True).exclude(class_code="").select_related("office")
    if office is not None:
        rows = rows.filter(office=office)
    changed = 0
    now = timezone.now()
    calendars: dict[int, OfficeCalendar] = {}
    for complaint in rows.iterator(chunk_size=500):
        calendar = calendars.setdefault(complaint.office_id, calendar_for(complaint.office))
        with transaction.atomic():
            old, due = _apply_due(complaint, calendar)
            if old == due:
                continue
            Complaint.objects.filter(pk=complaint.pk).update(
                due_at=complaint.due_at,
                due_soon_at=complaint.due_soon_at,
                overdue_notified_at=complaint.overdue_notified_at,
                due_soon_notified_at=complaint.due_soon_notified_at,
            )
            _event(
                complaint,
                Event.Kind.DEADLINE_CHANGED,
                at=now,
                from_status=complaint.status,
                to_status=complaint.status,
                data={"old_due_at": _iso(old), "new_due_at": _iso(due), "cause": "calendar"},
            )
            changed += 1
    return changed


# --- Periodic jobs ------------------------------------------------------------------------


def send_due_alerts(now: datetime | None = None) -> tuple[int, int]:
    """Due-soon warnings to the assignees (the officers when nobody is assigned) and
    overdue escalations to the head: each at most once per deadline (claimed by a
    conditional update, so two runs or two workers never notify twice)."""
    now = now or timezone.now()
    running = Complaint.objects.filter(is_open=True, paused_at__isnull=True).exclude(
        status=S.ANSWERED
    )
    soon = overdue = 0
    for pk in running.filter(
        due_soon_notified_at__isnull=True, due_soon_at__lte=now, due_at__gt=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            if not Complaint.objects.filter(pk=pk, due_soon_notified_at__isnull=True).update(
                due_soon_notified_at=now
            ):
                continue
            complaint = Complaint.objects.select_related("office").get(pk=pk)
            _event(complaint, Event.Kind.DUE_SOON, at=now, data={"due_at": _iso(complaint.due_at)})
            notify_staff(complaint, _handlers_of(complaint), "due_soon")
            soon += 1
    for pk in running.filter(overdue_notified_at__isnull=True, due_at__lt=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            if not Complaint.objects.filter(pk=pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=now, due_soon_notified_at=now
            ):
                continue
            complaint = Complaint.objects.select_related("office").get(pk=pk)
            heads = list(staff_with_role(complaint.office, [Role.HEAD]))
            _event(
                complaint,
                Event.Kind.ESCALATED,
                at=now,
                data={
                    "due_at": _iso(complaint.due_at),
                    "heads": [u.get_full_name() or u.username for u in heads],
                },
            )
            notify_staff(complaint, [*heads, *_handlers_of(complaint)], "overdue")
            overdue += 1
    return soon, overdue


def _handlers_of(complaint: Complaint) -> list:
    assigned = list(
        get_user_model().objects.filter(complaint_assignments__complaint=complaint).order_by("pk")
    )
    return assigned or list(staff_with_role(complaint.office, [Role.COMPLAINT_OFFICER]))


def close_answered(now: datetime | None = None) -> int:
    """Close answered complaints after the office's number of working days without a
    reply (SP4N-LAPOR!: finished once answered and 10 working days pass)."""
    now = now or timezone.now()
    closed = 0
    answered = Complaint.objects.filter(status=S.ANSWERED, answered_at__lte=now)
    for office in Office.objects.filter(pk__in=answered.values("office_id")):
        calendar = calendar_for(office)
        days = auto_close_days(office)
        rows = answered.filter(office=office).order_by("answered_at")
        for complaint in rows.iterator(chunk_size=500):
            if calendar.add_working_days(complaint.answered_at, days) > now:
                continue
            complaint.office = office
            if close(complaint, reason=_("Tidak ada tanggapan dari pengadu.")):
                closed += 1
    return closed


# --- Abandoned web-form uploads ----------------------------------------------------------

DRAFT_ROOT = "complaints/draft"


def purge_drafts(now: datetime | None = None) -> int:
    """Delete evidence uploaded by citizens who never sent their complaint.

    The web form keeps uploads under `complaints/draft/<random>/` until the complaint is
    sent (then they move to the complaint) or removed. A draft lives in the session, so an
    upload older than the session's lifetime can never be sent: delete it. Idempotent.
    Returns how many files were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    deleted = 0
    try:
        folders, _files = default_storage.listdir(DRAFT_ROOT)
    except FileNotFoundError:
        return 0
    for folder in folders:
        path = f"{DRAFT_ROOT}/{folder}"
        _dirs, names = default_storage.listdir(path)
        for name in names:
            item = f"{path}/{name}"
            if default_storage.get_modified_time(item) < cutoff:
                default_storage.delete(item)
                deleted += 1
    return deleted
