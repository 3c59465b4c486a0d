"""Read-only queries over complaints, shared by the staff pages and the staff API.

Each function takes the office the caller was already scoped to (see
`loket.offices.permissions`) and never crosses to another office.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from .models import OPEN_STATUSES, Assignment, Complaint, normalize_code

LIST_FIELDS = (
    "id",
    "office_id",
    "tracking_code",
    "title",
    "channel",
    "status",
    "is_open",
    "class_code",
    "class_name",
    "received_at",
    "due_at",
    "due_soon_at",
    "paused_at",
)


def queue_order(rows: QuerySet) -> QuerySet:
    """The team queue: the nearest deadline first, unclassified (no deadline yet) on top."""
    return rows.order_by(F("due_at").asc(nulls_first=True), "id")


def filter_complaints(
    rows: QuerySet,
    *,
    user,
    now: datetime,
    status: str = "",
    default_open: bool = True,
    klass: str = "",
    channel: str = "",
    overdue: bool = False,
    unassigned: bool = False,
    mine: bool = False,
    query: str = "",
) -> QuerySet:
    """Filter and search a list of complaints with a fixed number of queries per page:
    the rows, and one prefetch of their assignees."""
    if status:
        rows = rows.filter(status=status)
    elif default_open:
        rows = rows.filter(is_open=True, status__in=OPEN_STATUSES)
    if klass:
        rows = rows.filter(class_code=klass)
    if channel:
        rows = rows.filter(channel=channel)
    if overdue:
        rows = rows.filter(
            is_open=True, paused_at__isnull=True, due_at__lt=now, status__in=OPEN_STATUSES
        )
    if unassigned:
        rows = rows.filter(~Exists(Assignment.objects.filter(complaint=OuterRef("pk"))))
    if mine:
        rows = rows.filter(Exists(Assignment.objects.filter(complaint=OuterRef("pk"), user=user)))
    query = (query or "").strip()
    if query:
        code = normalize_code(query)
        if code:
            rows = rows.filter(tracking_code=code)
        else:
            for word in query.split()[:5]:
                rows = rows.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return rows.only(*LIST_FIELDS).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("user").order_by("id"))
    )


def office_complaints(office) -> QuerySet:
    return Complaint.objects.filter(office=office)
