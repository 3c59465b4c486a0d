"""Staff API: the complaint work queue of an office, for the office's own tools.

`GET /api/v1/staff/offices/{office}/complaints/` lists the office's complaints exactly as
the team queue does (same filters, same order, same scoping: the complaint officer, the team
and the head of that office; any other user gets 404 for the office). It needs a signed-in
staff session (401 otherwise) and is read-only: every change goes through the staff pages,
which check each transition and record it. It never carries the complainant's identity;
that is shown, and its viewing logged, on the identity page only. Complaints are named by
their reference number (`ADU-2026-000123`), never by the tracking code, which is the
complainant's secret.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from loket.offices.permissions import get_office_or_404
from loket.offices.services import Channel

from . import selectors
from .models import Status
from .roles import VIEWERS

router = Router(tags=["staff: complaints"], auth=django_auth)


class QueueFilters(Schema):
    status: Status | None = None
    complaint_class: str = ""
    channel: Channel.Kind | None = None
    overdue: bool = False
    unassigned: bool = False
    mine: bool = False
    q: str = ""


class StaffComplaintOut(Schema):
    reference: str
    title: str
    channel: str
    status: str
    class_code: str
    class_name: str
    received_at: datetime
    due_at: datetime | None
    paused: bool
    overdue: bool
    due_soon: bool
    assigned_to: list[str]
    url: str


def _row(complaint, office, now) -> dict:
    tz = office.tz
    return {
        "reference": complaint.reference,
        "title": complaint.title,
        "channel": complaint.channel,
        "status": complaint.status,
        "class_code": complaint.class_code,
        "class_name": complaint.class_name,
        "received_at": complaint.received_at.astimezone(tz),
        "due_at": complaint.due_at.astimezone(tz) if complaint.due_at else None,
        "paused": complaint.is_paused,
        "overdue": complaint.is_overdue(now),
        "due_soon": complaint.is_due_soon(now),
        "assigned_to": [a.user.get_username() for a in complaint.assignments.all()],
        "url": reverse("complaints:staff_detail", args=[office.slug, complaint.reference]),
    }


@router.get(
    "/offices/{office_slug}/complaints/",
    response=list[StaffComplaintOut],
    summary="The office's complaint queue (staff)",
    description=(
        "Open complaints by due time (use `status` for others), with the team queue's filters. "
        "Times are ISO-8601 in the office's zone. 401 without a staff session; 404 for an "
        "office the user does not work for. Never the complainant's identity."
    ),
)
@paginate(PageNumberPagination, page_size=25)
def complaint_queue(request, office_slug: str, filters: Query[QueueFilters]):
    # A system's API key (loket.api.keys) has already been checked for this office.
    office = getattr(request, "api_key_office", None) or get_office_or_404(
        request.user, office_slug, VIEWERS
    )
    now = timezone.now()
    rows = selectors.filter_complaints(
        selectors.queue_order(selectors.office_complaints(office)),
        user=request.user if request.user.is_authenticated else None,  # a key: none mine
        now=now,
        status=filters.status or "",
        complaint_class=filters.complaint_class,
        channel=filters.channel or "",
        overdue=filters.overdue,
        unassigned=filters.unassigned,
        mine=filters.mine,
        query=filters.q,
    )
    return _LazyRows(rows, office, now)


class _LazyRows:
    """A queryset that pagination slices first, then each row becomes the API's dict."""

    def __init__(self, rows, office, now):
        self.rows, self.office, self.now = rows, office, now

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return [_row(complaint, self.office, self.now) for complaint in self.rows[index]]
