"""Read-only queries over complaints, shared by the pages, the APIs, the periodic jobs and
other apps (reports).

Each staff function takes the office the caller was already scoped to (see
`loket.offices.permissions`) and never crosses to another office.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from loket import validators
from loket.codes import normalize_code
from loket.person_match import Contact
from loket.stored_files import UploadArea

from . import lapor
from .models import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    Assignment,
    Attachment,
    Complaint,
    DraftAnswer,
    Event,
    OfficeEvent,
    SavedFilter,
    Status,
)
from .tracking import code_for_idempotency_key, hash_code, normalize_reference

if TYPE_CHECKING:
    from loket.offices.services import Office

__all__ = [
    "LIST_FIELDS",
    "SORT_KEYS",
    "UPLOAD_AREAS",
    "answered_before",
    "bounded_count",
    "by_reference",
    "complaint_by_code",
    "complaint_by_idempotency_key",
    "contacts_received_between",
    "digest_rows",
    "due_between",
    "due_soon_ids",
    "filter_complaints",
    "head_order",
    "list_page",
    "office_complaints",
    "office_events",
    "open_classified",
    "open_complaints_of",
    "overdue_ids",
    "pending_answer_count",
    "pending_answers",
    "queue_order",
    "referenced_uploads",
    "saved_filter",
    "saved_filters",
    "sort_complaints",
]

LIST_FIELDS = (
    "id",
    "office_id",
    "reference",
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
    "replied_at",
)


def office_complaints(office: Office) -> QuerySet[Complaint]:
    """Every complaint of `office`."""
    return Complaint.objects.filter(office=office)


def complaint_by_code(code: str) -> Complaint | None:
    """The complaint with this tracking code (any office), with its office; None when
    there is none or `code` cannot be a code. The lookup goes through the code's keyed hash
    (the unique index); the code given is left on the complaint (`tracking_code`) for the
    complainant's own pages and links. Never for staff pages: they use `by_reference`."""
    canonical = normalize_code(code)
    if canonical is None:
        return None
    found = (
        Complaint.objects.select_related("office")
        .filter(tracking_code_hash=hash_code(canonical))
        .first()
    )
    if found is not None:
        found.tracking_code = canonical
    return found


def latest_event_id(complaint: Complaint) -> int | None:
    """The id of the complaint's newest event of any visibility (one indexed query): it
    changes with every change of the complaint's state, answers, ratings and files."""
    return complaint.events.order_by("-id").values_list("id", flat=True).first()


def complaint_by_idempotency_key(key: str) -> Complaint | None:
    """The complaint an API request with this (stored) Idempotency-Key created, with its
    tracking code derived again from the key (`tracking.code_for_idempotency_key`) so that
    the retry returns the same code; None when there is none. For the public API's retry
    only: the code is the complainant's, never for a staff page."""
    found = Complaint.objects.select_related("office").filter(idempotency_key=key).first()
    if found is not None:
        found.tracking_code = code_for_idempotency_key(key)
    return found


def by_reference(rows: QuerySet[Complaint], reference: str) -> QuerySet[Complaint]:
    """The complaint of `rows` (one office's, already scoped) with this reference number as
    staff type it ("adu-2026-123"); empty when it cannot be a reference."""
    canonical = normalize_reference(reference)
    return rows.filter(reference=canonical) if canonical else rows.none()


def queue_order(rows: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """The team queue: the nearest deadline first, unclassified (no deadline yet) on top.
    The order of the partial index `complaint_queue_idx` (office, due_at NULLS FIRST, id),
    so the first page is an index scan without a sort."""
    return rows.order_by(F("due_at").asc(nulls_first=True), "id")


def head_order(rows: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """The head's list: open ones first by deadline, then the newest."""
    return rows.order_by("-is_open", F("due_at").asc(nulls_last=True), "-id")


# The sort keys a list accepts (URL value -> columns, ascending); "-key" reverses every
# column. Only indexed columns (office + column indexes of Complaint.Meta), so no sort
# reads every row of an office; `id` last makes the order total (stable pages).
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "nomor": ("reference", "id"),
    "diterima": ("received_at", "id"),
    "batas": ("due_at", "id"),
    "status": ("status", "due_at", "id"),
}


def sort_complaints(rows: QuerySet[Complaint], sort: str, *, queue: bool) -> QuerySet[Complaint]:
    """`rows` in the order of the sort key `sort` ("batas", "-diterima", ...: `SORT_KEYS`);
    an unknown or empty key gives the list's own order (`queue_order` for the team queue,
    `head_order` for the head's list). Deadlines sort unclassified complaints (no deadline)
    first in the ascending order, last in the descending one."""
    descending = sort.startswith("-")
    columns = SORT_KEYS.get(sort.removeprefix("-"))
    if columns is None:
        return queue_order(rows) if queue else head_order(rows)
    if columns == SORT_KEYS["batas"] and queue and not descending:
        return queue_order(rows)
    order = []
    for column in columns:
        expression = F(column)
        # NULLS FIRST/LAST only on the nullable column: on a NOT NULL column the modifier
        # would keep PostgreSQL off the column's index (a DESC index keeps NULLS FIRST).
        if column == "due_at":
            order.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_first=True)
            )
        else:
            order.append(expression.desc() if descending else expression.asc())
    return rows.order_by(*order)


def filter_complaints(
    rows: QuerySet[Complaint],
    *,
    user: Any,
    now: datetime,
    status: str = "",
    default_open: bool = True,
    complaint_class: str = "",
    channel: str = "",
    overdue: bool = False,
    unassigned: bool = False,
    mine: bool = False,
    query: str = "",
    received_from: datetime | None = None,
    received_before: datetime | None = None,
    typos: bool = False,
    new_replies: bool = False,
) -> QuerySet[Complaint]:
    """Filter and search a list of complaints with a fixed number of queries per page:
    the rows, and one prefetch of their assignees. `received_from` (inclusive) and
    `received_before` (exclusive) bound the receipt time (aware datetimes: the caller turns
    the office's local dates into them). Words go through `loket.complaints.search`
    (full-text on PostgreSQL and SQLite; `typos`: the similar words instead, see
    `search.word_search`); a reference number finds that complaint. `new_replies`: the
    active complaints (answered ones too) with a message of the complainant the team has
    not answered yet (`replied_at`), the dashboard's "new replies"."""
    from .search import word_search

    if new_replies:
        rows = rows.filter(replied_at__isnull=False, status__in=ACTIVE_STATUSES)
    if status:
        rows = rows.filter(status=status)
    elif default_open and not new_replies:
        # The predicate of `complaint_queue_idx`, word for word.
        rows = rows.filter(is_open=True, status__in=OPEN_STATUSES)
    if complaint_class:
        rows = rows.filter(class_code=complaint_class)
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
    if received_from is not None:
        rows = rows.filter(received_at__gte=received_from)
    if received_before is not None:
        rows = rows.filter(received_at__lt=received_before)
    query = (query or "").strip()
    if query:
        reference = normalize_reference(query)
        rows = (
            rows.filter(reference=reference) if reference else word_search(rows, query, typos=typos)
        )
    return rows.only(*LIST_FIELDS).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("user").order_by("id"))
    )


def bounded_count(rows: QuerySet[Complaint], limit: int) -> int:
    """How many rows `rows` has, counted up to `limit + 1` at most: one query,
    `SELECT COUNT(*) FROM (SELECT ... LIMIT limit+1)`, whose cost is bounded by `limit`
    whatever the size of the table. A result above `limit` means "more than `limit`"."""
    return rows.order_by().values("pk")[: limit + 1].count()


def list_page(rows: QuerySet[Complaint], *, number: int, size: int) -> tuple[list[Complaint], bool]:
    """The rows of page `number` (from 1) of `size` rows, and whether a next page exists:
    one query of `size + 1` rows (plus the prefetches of `rows`), whatever the total."""
    start = (max(number, 1) - 1) * size
    found = list(rows[start : start + size + 1])
    return found[:size], len(found) > size


def due_between(office: Office, start: datetime, end: datetime) -> list[Complaint]:
    """The open complaints of `office` (the team queue's predicate) due in [start, end)
    (aware datetimes), by due time: one query on the index `complaint_open_due_idx`
    (office, due_at WHERE open), the list's columns only. For the calendar of due dates."""
    return list(
        Complaint.objects.filter(
            office=office,
            is_open=True,
            status__in=OPEN_STATUSES,
            due_at__gte=start,
            due_at__lt=end,
        )
        .only(*LIST_FIELDS)
        .order_by("due_at", "id")
    )


def saved_filters(user: Any, office: Office, list_kind: str) -> list[SavedFilter]:
    """`user`'s saved filters of one list (`models.ListKind`) in `office`, by name: one
    query. Nobody else's."""
    return list(SavedFilter.objects.filter(user=user, office=office, list_kind=list_kind))


def saved_filter(user: Any, office: Office, pk: int) -> SavedFilter | None:
    """`user`'s saved filter `pk` in `office`; None when there is none or it is another
    user's (the page answers 404 for both)."""
    return SavedFilter.objects.filter(user=user, office=office, pk=pk).first()


# --- For the periodic jobs ---------------------------------------------------------------


def open_classified(office: Office | None) -> QuerySet[Complaint]:
    """Open classified complaints (of `office`, or of every office when None): those whose
    deadline follows the calendar."""
    rows = Complaint.objects.filter(is_open=True).exclude(class_code="").select_related("office")
    return rows.filter(office=office) if office is not None else rows


def _running() -> QuerySet[Complaint]:
    return Complaint.objects.filter(is_open=True, paused_at__isnull=True).exclude(
        status=Status.ANSWERED
    )


def due_soon_ids(now: datetime) -> list[int]:
    """Complaints past 75% of their time, not yet warned."""
    rows = _running().filter(
        due_soon_notified_at__isnull=True, due_soon_at__lte=now, due_at__gt=now
    )
    return list(rows.values_list("pk", flat=True))


def overdue_ids(now: datetime) -> list[int]:
    """Complaints past their deadline, not yet escalated."""
    rows = _running().filter(overdue_notified_at__isnull=True, due_at__lt=now)
    return list(rows.values_list("pk", flat=True))


def answered_before(now: datetime) -> QuerySet[Complaint]:
    """Answered complaints awaiting the complainant, oldest answer first."""
    return (
        Complaint.objects.filter(status=Status.ANSWERED, answered_at__lte=now)
        .select_related("office")
        .order_by("answered_at", "id")
    )


# --- For reports (loket.reports): a period's raw figures in a fixed number of queries -----
# The indicators themselves (on time, shares, percentiles) are defined in loket.reports.metrics;
# these functions only read. Every one takes `rows` from `report_scope` (one office).


def report_scope(
    office: Office, *, service_id: int | None = None, complaint_class: str = "", channel: str = ""
) -> QuerySet[Complaint]:
    """The office's complaints, narrowed by service, class code and channel when given."""
    rows = Complaint.objects.filter(office=office)
    if service_id:
        rows = rows.filter(service_id=service_id)
    if complaint_class:
        rows = rows.filter(class_code=complaint_class)
    if channel:
        rows = rows.filter(channel=channel)
    return rows.order_by()


def report_received(
    rows: QuerySet[Complaint], start: datetime, end: datetime, tz: Any
) -> list[Any]:
    """Complaints received in [start, end) counted per local day (in `tz`), channel, class
    and current status: dicts with `day` (date), `channel`, `class_code`, `class_name`,
    `status` and `n`. One query."""
    from django.db.models import Count, Max
    from django.db.models.functions import TruncDate

    return list(
        rows.filter(received_at__gte=start, received_at__lt=end)
        .annotate(day=TruncDate("received_at", tzinfo=tz))
        .values("day", "channel", "class_code", "status")
        .annotate(n=Count("id"), class_name=Max("class_name"))
        .order_by("day", "channel", "class_code", "status")
    )


def report_finished(rows: QuerySet[Complaint], start: datetime, end: datetime) -> list[Any]:
    """Complaints answered in [start, end) and still answered or closed (a reopened one
    counts again once answered again): dicts with `channel`, `class_code`, `class_name`,
    `received_at`, `answered_at`, `due_at` (None when never classified) and `reopened`
    (the complainant reopened it at least once). One query."""
    from .models import Event

    reopened = Exists(Event.objects.filter(complaint=OuterRef("pk"), action=Event.Action.REOPENED))
    return list(
        rows.filter(
            answered_at__gte=start,
            answered_at__lt=end,
            status__in=(Status.ANSWERED, Status.CLOSED),
        )
        .annotate(reopened=reopened)
        .values(
            "channel",
            "class_code",
            "class_name",
            "received_at",
            "answered_at",
            "due_at",
            "reopened",
        )
        .order_by("answered_at", "id")
    )


# The events that end the verification stage of a complaint (SP4N-LAPOR!: "verifikasi"):
# the officer's first triage decision, whichever it is.
# SP4N-LAPOR!'s timeline, one rule (`complaints.lapor`) for the page and the report.
lapor_stage_limits = lapor.stage_limits
lapor_stage_state = lapor.stage_state


def _first_event_at(path: str, *actions: str) -> Any:
    """The earliest `at` of the events with one of `actions` (`path` reaches the event's
    fields: "events__" from a complaint, "" from its events), for an annotate or aggregate:
    the instants of the LAPOR! stages."""
    from django.db.models import Min

    return Min(f"{path}at", filter=Q(**{f"{path}action__in": actions}))


@dataclass(frozen=True)
class LaporStage:
    """One stage of a LAPOR! complaint on its page: `key` ("verification", "follow_up"),
    its limit, when it was done (None while not) and its state ("within", "late",
    "pending")."""

    key: str
    limit: datetime
    done_at: datetime | None
    state: str


def lapor_timeline(complaint: Complaint, now: datetime) -> list[LaporStage]:
    """The SP4N-LAPOR! stages of a complaint that came from LAPOR! ([] for any other
    channel): verification within 3 working days of receipt and, once it is the office's own,
    follow-up within 5 working days of the verification (`complaints.lapor`, Perpres
    76/2013, PermenPANRB 62/2018), on the office's calendar. One query (its events)."""
    from loket.offices.channels import ChannelKind
    from loket.workdays.services import calendar_for

    if complaint.channel != ChannelKind.LAPOR:
        return []
    seen = complaint.events.aggregate(
        verified_at=_first_event_at("", *lapor.VERIFICATION_ACTIONS),
        classified_at=_first_event_at("", Event.Action.CLASSIFIED),
        answered_at=_first_event_at("", Event.Action.ANSWERED),
    )
    limits = lapor.stage_limits(
        received_at=complaint.received_at,
        verified_at=seen["verified_at"],
        classified_at=seen["classified_at"],
        add_working_days=calendar_for(complaint.office).add_working_days,
    )
    stages = [
        LaporStage(
            "verification",
            limits.verify_by,
            seen["verified_at"],
            lapor.stage_state(seen["verified_at"], limits.verify_by, now),
        )
    ]
    if limits.follow_up_by is not None:
        stages.append(
            LaporStage(
                "follow_up",
                limits.follow_up_by,
                seen["answered_at"],
                lapor.stage_state(seen["answered_at"], limits.follow_up_by, now),
            )
        )
    return stages


def report_lapor_stages(rows: QuerySet[Complaint], start: datetime, end: datetime) -> list[Any]:
    """The SP4N-LAPOR! complaints (channel "lapor") of `rows` received in [start, end), with
    the instants of their stages: dicts with `received_at`, `verified_at` (the first event
    of `lapor.VERIFICATION_ACTIONS`: classified, forwarded, not authority or duplicate; None while
    none happened), `classified_at` (the first classification, None when never classified)
    and `answered_at` (the first answer event, None while unanswered), ordered by receipt.
    One query."""
    from loket.offices.channels import ChannelKind

    return list(
        rows.filter(channel=ChannelKind.LAPOR, received_at__gte=start, received_at__lt=end)
        .values("id", "received_at")
        .annotate(
            verified_at=_first_event_at("events__", *lapor.VERIFICATION_ACTIONS),
            classified_at=_first_event_at("events__", Event.Action.CLASSIFIED),
            answered_at=_first_event_at("events__", Event.Action.ANSWERED),
        )
        .order_by("received_at", "id")
    )


def report_overdue(rows: QuerySet[Complaint], now: datetime) -> list[Any]:
    """Open complaints past their deadline at `now` (the clock running: not paused, not
    answered), counted per channel and class: dicts with `channel`, `class_code`, `n`.
    The same rule as the list filter `overdue` of `filter_complaints`. One query."""
    from django.db.models import Count

    return list(
        rows.filter(is_open=True, paused_at__isnull=True, due_at__lt=now, status__in=OPEN_STATUSES)
        .values("channel", "class_code")
        .annotate(n=Count("id"))
        .order_by("channel", "class_code")
    )


def report_ratings(rows: QuerySet[Complaint], start: datetime, end: datetime) -> dict[str, Any]:
    """Ratings (1-5) given in [start, end) to the complaints of `rows`: {"count", "total"}
    (total = sum of scores, so the mean is exact). One query."""
    from django.db.models import Count, Sum

    from .models import Rating

    data = Rating.objects.filter(
        complaint__in=rows.values("pk"), created_at__gte=start, created_at__lt=end
    ).aggregate(count=Count("id"), total=Sum("score"))
    return {"count": data["count"] or 0, "total": data["total"] or 0}


def report_ratings_per_day(
    rows: QuerySet[Complaint], start: datetime, end: datetime, tz: Any
) -> list[Any]:
    """Ratings given in [start, end) to the complaints of `rows`, per local day (in `tz`):
    dicts with `day`, `count` and `total` (sum of scores). One query."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncDate

    from .models import Rating

    return list(
        Rating.objects.filter(
            complaint__in=rows.values("pk"), created_at__gte=start, created_at__lt=end
        )
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")
        .annotate(count=Count("id"), total=Sum("score"))
        .order_by("day")
    )


# --- For the province view (loket.reports): many offices in the same fixed queries --------
# The rows of the `report_*` functions above with the office's id (`office_id`) added, for
# every office of `windows` at once: office id -> (start, end, tz), each office's own period
# bounds and zone (offices of one deployment may lie in WIB, WITA and WIT). One query each,
# whatever the number of offices.


def _windows_condition(windows: Mapping[int, tuple[datetime, datetime, Any]], field: str) -> Q:
    """Rows of one of the offices of `windows` with `field` in that office's [start, end)."""
    condition = Q(pk__in=[])
    for office_id, (start, end, _tz) in windows.items():
        condition |= Q(**{"office_id": office_id, f"{field}__gte": start, f"{field}__lt": end})
    return condition


def _local_day(windows: Mapping[int, tuple[datetime, datetime, Any]], field: str) -> Any:
    """The office-local date of `field`: one CASE branch per time zone of the offices."""
    from django.db.models import Case, DateField, When
    from django.db.models.functions import TruncDate

    by_zone: dict[str, tuple[Any, list[int]]] = {}
    for office_id, (_start, _end, tz) in windows.items():
        by_zone.setdefault(str(tz), (tz, []))[1].append(office_id)
    return Case(
        *(
            When(office_id__in=ids, then=TruncDate(field, tzinfo=tz))
            for tz, ids in by_zone.values()
        ),
        output_field=DateField(),
    )


def report_received_of(windows: Mapping[int, tuple[datetime, datetime, Any]]) -> list[Any]:
    """`report_received` of every office of `windows`, rows with `office_id`. One query."""
    from django.db.models import Count, Max

    if not windows:
        return []
    return list(
        Complaint.objects.filter(_windows_condition(windows, "received_at"))
        .annotate(day=_local_day(windows, "received_at"))
        .values("office_id", "day", "channel", "class_code", "status")
        .annotate(n=Count("id"), class_name=Max("class_name"))
        .order_by("office_id", "day", "channel", "class_code", "status")
    )


def report_finished_of(windows: Mapping[int, tuple[datetime, datetime, Any]]) -> list[Any]:
    """`report_finished` of every office of `windows`, rows with `office_id`. One query."""
    from .models import Event

    if not windows:
        return []
    reopened = Exists(Event.objects.filter(complaint=OuterRef("pk"), action=Event.Action.REOPENED))
    return list(
        Complaint.objects.filter(_windows_condition(windows, "answered_at"))
        .filter(status__in=(Status.ANSWERED, Status.CLOSED))
        .annotate(reopened=reopened)
        .values(
            "office_id",
            "channel",
            "class_code",
            "class_name",
            "received_at",
            "answered_at",
            "due_at",
            "reopened",
        )
        .order_by("office_id", "answered_at", "id")
    )


def report_received_count_of(
    windows: Mapping[int, tuple[datetime, datetime, Any]],
) -> dict[int, int]:
    """The number of complaints `report_received_of` counts, per office of `windows`:
    office id -> count (offices without any absent). One query."""
    from django.db.models import Count

    if not windows:
        return {}
    rows = (
        Complaint.objects.filter(_windows_condition(windows, "received_at"))
        .values("office_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["office_id"]: row["n"] for row in rows}


def report_finished_tally_of(
    windows: Mapping[int, tuple[datetime, datetime, Any]],
) -> dict[int, dict[str, int]]:
    """Of the complaints `report_finished_of` returns, per office of `windows`: how many
    (`finished`), how many with a deadline (`with_deadline`: `due_at` set) and how many
    answered at or before it (`on_time`; the rule of `loket.reports.metrics.is_on_time`):
    office id -> {"finished", "with_deadline", "on_time"} (offices without any absent).
    Counted by the database. One query."""
    from django.db.models import Count

    if not windows:
        return {}
    rows = (
        Complaint.objects.filter(_windows_condition(windows, "answered_at"))
        .filter(status__in=(Status.ANSWERED, Status.CLOSED))
        .values("office_id")
        .annotate(
            finished=Count("id"),
            with_deadline=Count("id", filter=Q(due_at__isnull=False)),
            on_time=Count("id", filter=Q(due_at__isnull=False, answered_at__lte=F("due_at"))),
        )
        .order_by()
    )
    return {
        row["office_id"]: {
            "finished": row["finished"],
            "with_deadline": row["with_deadline"],
            "on_time": row["on_time"],
        }
        for row in rows
    }


def report_handling_of(windows: Mapping[int, tuple[datetime, datetime, Any]]) -> list[Any]:
    """Of the complaints `report_finished_of` returns, only `office_id`, `received_at` and
    `answered_at` (for handling times), in no order. One query."""
    if not windows:
        return []
    return list(
        Complaint.objects.filter(_windows_condition(windows, "answered_at"))
        .filter(status__in=(Status.ANSWERED, Status.CLOSED))
        .values("office_id", "received_at", "answered_at")
        .order_by()
    )


def report_handling_ranks_of(
    windows: Mapping[int, tuple[datetime, datetime, Any]], p: float
) -> list[Any]:
    """Of the complaints `report_finished_of` returns, per office ordered by handling time
    (answered_at - received_at, then id), only those at the two ranks the `p`th percentile
    interpolates between (PERCENTILE.INC: floor and ceiling of (n - 1) * p / 100, 0-based;
    `loket.reports.metrics.percentile_ranks`): dicts with `office_id`, `n` (the office's
    finished complaints), `rank` (0-based), `received_at` and `answered_at`. The database
    orders the rows; at most two per office come back, whatever the period holds. `p` is a
    whole percent (0-100). One query."""
    from django.db.models import Count, DurationField, ExpressionWrapper, IntegerField, Window
    from django.db.models.functions import RowNumber

    if not windows:
        return []
    percent = int(p)
    if percent != p or not 0 <= percent <= 100:
        raise ValueError(f"a whole percent from 0 to 100, not {p!r}")
    handling = ExpressionWrapper(F("answered_at") - F("received_at"), output_field=DurationField())
    rows = (
        Complaint.objects.filter(_windows_condition(windows, "answered_at"))
        .filter(status__in=(Status.ANSWERED, Status.CLOSED))
        .annotate(
            n=Window(Count("id"), partition_by=[F("office_id")]),
            position=Window(
                RowNumber(), partition_by=[F("office_id")], order_by=[handling.asc(), "id"]
            ),
        )
        # Integer arithmetic on n >= 1: floor((n - 1) * p / 100) and its ceiling, 1-based.
        .annotate(
            low=ExpressionWrapper((F("n") - 1) * percent / 100 + 1, output_field=IntegerField()),
            high=ExpressionWrapper(
                ((F("n") - 1) * percent + 99) / 100 + 1, output_field=IntegerField()
            ),
        )
        .filter(position__gte=F("low"), position__lte=F("high"))
        .values("office_id", "n", "position", "received_at", "answered_at")
        # No ORDER BY: the database would sort every row before keeping the few ranks.
        .order_by()
    )
    return [
        {
            "office_id": row["office_id"],
            "n": row["n"],
            "rank": row["position"] - 1,
            "received_at": row["received_at"],
            "answered_at": row["answered_at"],
        }
        for row in sorted(rows, key=lambda row: (row["office_id"], row["position"]))
    ]


def report_overdue_of(office_ids: Iterable[int], now: datetime) -> list[Any]:
    """`report_overdue` of every office of `office_ids`, rows with `office_id`. One query."""
    from django.db.models import Count

    ids = list(office_ids)
    if not ids:
        return []
    return list(
        Complaint.objects.filter(
            office_id__in=ids,
            is_open=True,
            paused_at__isnull=True,
            due_at__lt=now,
            status__in=OPEN_STATUSES,
        )
        .values("office_id", "channel", "class_code")
        .annotate(n=Count("id"))
        .order_by("office_id", "channel", "class_code")
    )


def report_ratings_of(
    windows: Mapping[int, tuple[datetime, datetime, Any]],
) -> dict[int, dict[str, int]]:
    """`report_ratings` of every office of `windows`: office id -> {"count", "total"}
    (offices without a rating are absent). One query."""
    from django.db.models import Count, Sum

    from .models import Rating

    if not windows:
        return {}
    condition = Q(pk__in=[])
    for office_id, (start, end, _tz) in windows.items():
        condition |= Q(complaint__office_id=office_id, created_at__gte=start, created_at__lt=end)
    rows = (
        Rating.objects.filter(condition)
        .values("complaint__office_id")
        .annotate(count=Count("id"), total=Sum("score"))
        .order_by()
    )
    return {
        row["complaint__office_id"]: {"count": row["count"] or 0, "total": row["total"] or 0}
        for row in rows
    }


# --- For the staff dashboard (loket.reports): one office's work in one query ---------------
# Each count is the same rule as the list filter it links to (`filter_complaints`), so the
# number on the dashboard and the rows of the list agree.


def dashboard_counts(
    office: Office, *, user: Any, now: datetime, day_start: datetime, day_end: datetime
) -> dict[str, int]:
    """The office's complaint counts for the dashboard, over its active complaints (open or
    answered), in one query:

    - `unclassified`: received and not yet classified (status "received", the list's
      `status=received`: classifying moves a complaint on);
    - `in_progress`: classified and being handled, not answered yet (`status=in_progress`);
    - `due_today`: open, clock running, due in [`day_start`, `day_end`) (the office's today;
      those already past it today count as overdue too);
    - `overdue`: open, clock running, past the due time at `now` (the list's `overdue`,
      the same rule as `report_overdue`);
    - `mine`: open and assigned to `user` (the list's `mine`);
    - `waiting`: waiting for the complainant's completion (`status=waiting`);
    - `answered`: answered, awaiting the complainant's rating or reply (`status=answered`);
    - `new_replies`: a message of the complainant (a reply, a completion, "belum puas") the
      team has not answered yet (`replied_at`; the list's `new_replies`);
    - `pending_answers`: complaints whose team answer waits for approval (at most one open
      draft each: the list "Jawaban menunggu persetujuan", `pending_answers`).
    """
    from django.db.models import Count

    running = Q(is_open=True, status__in=OPEN_STATUSES, paused_at__isnull=True)
    open_ = Q(is_open=True, status__in=OPEN_STATUSES)
    return (
        Complaint.objects.filter(office=office, status__in=ACTIVE_STATUSES)
        .annotate(
            has_pending_answer=Exists(
                DraftAnswer.objects.filter(
                    complaint=OuterRef("pk"), status=DraftAnswer.Status.PENDING
                )
            ),
            assigned_to_user=Exists(
                Assignment.objects.filter(complaint=OuterRef("pk"), user_id=user.pk)
            ),
        )
        .aggregate(
            unclassified=Count("id", filter=Q(status=Status.RECEIVED)),
            in_progress=Count("id", filter=Q(status=Status.IN_PROGRESS)),
            due_today=Count("id", filter=running & Q(due_at__gte=day_start, due_at__lt=day_end)),
            overdue=Count("id", filter=running & Q(due_at__lt=now)),
            mine=Count("id", filter=open_ & Q(assigned_to_user=True)),
            waiting=Count("id", filter=Q(status=Status.WAITING)),
            answered=Count("id", filter=Q(status=Status.ANSWERED)),
            new_replies=Count("id", filter=Q(replied_at__isnull=False)),
            pending_answers=Count("id", filter=Q(has_pending_answer=True)),
        )
    )


# --- A sender's open complaints (intake, issue 17) ---------------------------------------


def open_complaints_of(
    office: Office, *, phone: str | None = None, email: str | None = None
) -> list[Complaint]:
    """The office's open complaints (`is_open`: still owed something, or answered and
    awaiting the complainant) of the sender with this phone number (every stored form:
    E.164, national digits, as written; `validators.phone_variants`) or e-mail address
    (case-insensitive), newest received first; [] without either. Phone wins when both
    are given. One query."""
    rows = Complaint.objects.filter(office=office, is_open=True)
    if phone:
        variants = validators.phone_variants(phone)
        digits = "".join(ch for ch in phone if ch.isdigit())
        if digits:
            variants.add(digits)  # WhatsApp's wa_id: 6281..., without the plus
        rows = rows.filter(complainant_phone__in=sorted(variants))
    elif email:
        rows = rows.filter(complainant_email__iexact=email.strip())
    else:
        return []
    return list(rows.select_related("office").order_by("-received_at", "-id"))


def pending_answers(office: Office) -> QuerySet[DraftAnswer]:
    """The office's draft answers waiting for approval, oldest first, with their complaint
    and author (one query whatever their number): the list "Jawaban menunggu persetujuan"."""
    return (
        DraftAnswer.objects.filter(complaint__office=office, status=DraftAnswer.Status.PENDING)
        .select_related("complaint", "author")
        .order_by("submitted_at", "id")
    )


def pending_answer_count(office: Office) -> int:
    """How many draft answers of the office wait for approval (one query)."""
    return DraftAnswer.objects.filter(
        complaint__office=office, status=DraftAnswer.Status.PENDING
    ).count()


OFFICE_EVENTS_SHOWN = 20


def office_events(
    office: Office, *, templates_only: bool = False, limit: int = OFFICE_EVENTS_SHOWN
) -> list[OfficeEvent]:
    """The latest `limit` changes to the office's complaint settings and reply templates
    (only the templates' when asked), newest first, with their actor (one query)."""
    rows = OfficeEvent.objects.filter(office=office)
    if templates_only:
        rows = rows.exclude(action=OfficeEvent.Action.SETTINGS_CHANGED)
    return list(rows.select_related("actor").order_by("-at", "-id")[:limit])


# --- The staff's daily digest (loket.notify's preferences, complaints' work) --------------


def digest_rows(office: Office, *, day_end: datetime) -> list[dict[str, Any]]:
    """The office's running complaints (open, clock not paused, not answered) due before
    `day_end` (the end of the office's today), earliest due first, each as
    `{"id", "reference", "due_at", "assignees": [user pk, ...]}`: the raw material of every
    member's digest (one query for the complaints, one for their assignees)."""
    due = Complaint.objects.filter(
        office=office,
        is_open=True,
        status__in=OPEN_STATUSES,
        paused_at__isnull=True,
        due_at__lt=day_end,
    )
    rows = list(due.order_by("due_at", "id").values("id", "reference", "due_at"))
    assignees: dict[int, list[int]] = {}
    for complaint_id, user_id in Assignment.objects.filter(
        complaint__in=due.values("id")
    ).values_list("complaint_id", "user_id"):
        assignees.setdefault(complaint_id, []).append(user_id)
    return [{**row, "assignees": assignees.get(row["id"], [])} for row in rows]


# The complaints' files: `complaints/<office id>/<generated name>` (models.attachment_path);
# the unsent drafts' evidence under `complaints/draft/` is held by a session and has its own
# rule (`services.expired_draft_files`).
UPLOAD_AREAS = (UploadArea("complaints", skip=("complaints/draft",)),)


def referenced_uploads(paths: Iterable[str]) -> set[str]:
    """Those of `paths` (storage names) that a complaint's attachment row names: the files
    the orphan sweep of the privacy purge must keep. One query."""
    return set(Attachment.objects.filter(file__in=list(paths)).values_list("file", flat=True))


def contacts_received_between(
    office: Office, *, start: datetime | None, end: datetime | None
) -> list[Contact]:
    """The complainant's identity of every complaint of `office` received in [start, end)
    (an open side when None) whose personal data is still there, anonymous ones included
    (the office holds their identity), for finding the people a breach affected
    (`loket.person_match.group_people`). One query."""
    rows = Complaint.objects.filter(office=office).exclude(
        channel_details__has_key="personal_data_erased_at"
    )
    if start:
        rows = rows.filter(received_at__gte=start)
    if end:
        rows = rows.filter(received_at__lt=end)
    return [
        Contact(
            kind="complaint",
            id=row["id"],
            reference=row["reference"],
            name=row["complainant_name"],
            phone=row["complainant_phone"],
            email=row["complainant_email"],
            nik=row["complainant_nik"],
            language=row["language"],
            at=row["received_at"],
        )
        for row in rows.order_by("received_at", "id").values(
            "id",
            "reference",
            "complainant_name",
            "complainant_phone",
            "complainant_email",
            "complainant_nik",
            "language",
            "received_at",
        )
    ]
