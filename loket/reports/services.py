"""The one thing the reports app writes: its summary rows (`models`), rebuilt from the other
apps' selectors. Idempotent: a day's row is computed from scratch each time, so running the
job twice, or in two workers, gives the same rows (the office's refresh row is locked while
its days are replaced)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from loket.complaints import selectors as complaints
from loket.locking import locked

from . import metrics
from .models import DailyComplaintFigures, FiguresRefresh
from .periods import Period, add_months, month_end

if TYPE_CHECKING:
    from loket.offices.services import Office

# The public page shows twelve months; a first refresh builds one more, later ones rebuild
# the current and the previous month (where answers and ratings still arrive). A complaint
# reopened long after its answer leaves an older month until a full rebuild (`months=13`).
FULL_MONTHS = 13
RECENT_MONTHS = 2

FIELDS = (
    "received",
    "answered",
    "answered_with_deadline",
    "answered_on_time",
    "ratings",
    "rating_total",
)


def _days(office: Office, period: Period) -> dict[date, dict[str, Any]]:
    """Per office-local day of `period`: the figures of `FIELDS` and `handling_us` (the
    answered complaints' handling times in microseconds, ascending). Three queries."""
    tz = office.tz
    start, end = period.bounds(tz)
    rows = complaints.report_scope(office)
    days: dict[date, dict[str, Any]] = defaultdict(
        lambda: {**dict.fromkeys(FIELDS, 0), "handling_us": []}
    )
    for row in complaints.report_received(rows, start, end, tz):
        days[row["day"]]["received"] += row["n"]
    for row in complaints.report_finished(rows, start, end):
        day = days[row["answered_at"].astimezone(tz).date()]
        on_time = metrics.is_on_time(row["answered_at"], row["due_at"])
        day["answered"] += 1
        day["handling_us"].append(microseconds(row["answered_at"] - row["received_at"]))
        day["answered_with_deadline"] += on_time is not None
        day["answered_on_time"] += bool(on_time)
    for row in complaints.report_ratings_per_day(rows, start, end, tz):
        days[row["day"]]["ratings"] += row["count"]
        days[row["day"]]["rating_total"] += row["total"] or 0
    for day in days.values():
        day["handling_us"].sort()
    return days


def microseconds(spent: timedelta) -> int:
    """`spent` in whole microseconds (exact: `timedelta.total_seconds()` is this / 10**6)."""
    return (spent.days * 86400 + spent.seconds) * 10**6 + spent.microseconds


def refresh_office(
    office: Office, *, months: int | None = None, now: datetime | None = None
) -> int:
    """Rebuild `office`'s summary rows of the last `months` months (this one included; by
    default all `FULL_MONTHS` on the first run, `RECENT_MONTHS` afterwards). Returns the
    number of day rows written."""
    now = now or timezone.now()
    this_month = timezone.localdate(now, timezone=office.tz).replace(day=1)
    with transaction.atomic():
        refresh, created = FiguresRefresh.objects.get_or_create(
            office=office, defaults={"first_day": this_month, "refreshed_at": now}
        )
        refresh = locked(refresh)
        if months is None:
            months = RECENT_MONTHS if not created else FULL_MONTHS
        first = add_months(this_month, 1 - months)
        if not created:
            # Rebuild from the month of the last run at least: every day before the day of
            # `refreshed_at` is then one computed after it ended (`summary_spans_of` relies
            # on it), even when the job has not run for months.
            last = timezone.localdate(refresh.refreshed_at, timezone=office.tz)
            first = min(first, last.replace(day=1))
        days = _days(office, Period(first, month_end(this_month)))
        DailyComplaintFigures.objects.filter(office=office, day__gte=first).delete()
        DailyComplaintFigures.objects.bulk_create(
            DailyComplaintFigures(office=office, day=day, **values)
            for day, values in sorted(days.items())
        )
        refresh.first_day = min(refresh.first_day, first) if not created else first
        refresh.refreshed_at = now
        refresh.save(update_fields=["first_day", "refreshed_at"])
    return len(days)


def monthly_from_summary(office: Office, period: Period) -> list[Any] | None:
    """The months of `period` (`metrics.Month`) from the summary rows, or None when they do
    not cover it (never refreshed, or kept from a later day). Two queries."""
    refresh = FiguresRefresh.objects.filter(office=office).first()
    if refresh is None or refresh.first_day > period.start:
        return None
    result = {month: metrics.Month(month) for month in period.months()}
    rows = DailyComplaintFigures.objects.filter(
        office=office, day__gte=period.start, day__lte=period.end
    ).values("day", *FIELDS)
    for row in rows:
        month = result[row["day"].replace(day=1)]
        month.received += row["received"]
        month.tally.finished += row["answered"]
        month.tally.with_deadline += row["answered_with_deadline"]
        month.tally.on_time += row["answered_on_time"]
        month.ratings += row["ratings"]
        month.rating_total += row["rating_total"]
    return list(result.values())


def summary_spans_of(offices: list[Office], period: Period) -> dict[int, date]:
    """Per office of `offices` (id), the first day of `period` that is not read from the
    summary rows: the office-local day of the last refresh (that day's row was written
    before it ended, so it and later days are read live), at most the day after
    `period.end` (the whole period from the summary rows); `period.start` (all live) when
    the office was never refreshed or its rows start after `period.start`. One query."""
    refreshes = {
        refresh.office_id: refresh
        for refresh in FiguresRefresh.objects.filter(office__in=[o.pk for o in offices])
    }
    after = period.end + timedelta(days=1)
    cuts: dict[int, date] = {}
    for office in offices:
        refresh = refreshes.get(office.pk)
        if refresh is None or refresh.first_day > period.start:
            cuts[office.pk] = period.start
            continue
        refreshed = timezone.localdate(refresh.refreshed_at, timezone=office.tz)
        cuts[office.pk] = max(period.start, min(refreshed, after))
    return cuts


def summary_totals_of(spans: dict[int, tuple[date, date]]) -> dict[int, dict[str, int]]:
    """The sums of `FIELDS` of the summary rows of each office (id) from the first to the
    last day of its span (office-local days, inclusive): office id -> {field: sum}, every
    office of `spans` present (zeros without rows). One query (none without spans)."""
    totals = {office_id: dict.fromkeys(FIELDS, 0) for office_id in spans}
    condition = Q(pk__in=[])
    for office_id, (first, last) in spans.items():
        condition |= Q(office_id=office_id, day__gte=first, day__lte=last)
    if not spans:
        return totals
    rows = (
        DailyComplaintFigures.objects.filter(condition)
        .values("office_id")
        .annotate(**{name: Sum(name) for name in FIELDS})
        .order_by()
    )
    for row in rows:
        found: dict[str, Any] = dict(row)
        totals[found["office_id"]] = {name: found[name] or 0 for name in FIELDS}
    return totals


def summary_handling_of(spans: dict[int, tuple[date, date]]) -> dict[int, list[int]]:
    """The handling times (microseconds, unordered) of the complaints the summary rows count
    as answered, per office (id) from the first to the last day of its span: office id ->
    list, every office of `spans` present. One query (none without spans)."""
    found: dict[int, list[int]] = {office_id: [] for office_id in spans}
    if not spans:
        return found
    condition = Q(pk__in=[])
    for office_id, (first, last) in spans.items():
        condition |= Q(office_id=office_id, day__gte=first, day__lte=last)
    rows = DailyComplaintFigures.objects.filter(condition).values_list("office_id", "handling_us")
    for office_id, values in rows:
        found[office_id].extend(values)
    return found
