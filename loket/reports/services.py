"""What the reports app writes: its summary rows (`models`), rebuilt from the other apps'
selectors, and its export jobs. Idempotent: a day's row is computed from scratch each time,
so running the job twice, or in two workers, gives the same rows (the office's refresh row is
locked while its days are replaced). An export job is started by one worker only (its state
moves from queued to running in one conditional update)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from loket.complaints import selectors as complaints
from loket.locking import locked
from loket.stored_files import delete_after_commit, delete_with_files

from . import metrics
from .models import DailyComplaintFigures, ExportJob, FiguresRefresh
from .periods import Period, add_months, month_end

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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


# --- Export jobs (issue 16) ------------------------------------------------------------------
# A report export too large to build in the request (`LOKET_EXPORT_INLINE_DAYS`) becomes a
# job: asked here, built by the task `tasks.build_export` (which calls the functions below for
# each change of state), shown on its page until done, downloaded, and deleted with its file
# `LOKET_EXPORT_KEEP_HOURS` after it finished (`purge_exports`).

# A job still queued or running this long after it was asked is marked failed (its worker
# died, or none runs): the page then says so instead of waiting for ever.
STALE_AFTER = timedelta(hours=1)


def keep_for() -> timedelta:
    return timedelta(hours=settings.LOKET_EXPORT_KEEP_HOURS)


def request_export(
    *,
    user: User,
    scope: str,
    kind: str,
    params: dict[str, Any],
    office: Office | None = None,
    language: str = "id",
    now: datetime | None = None,
) -> ExportJob:
    """A new queued job for `user` (who was checked by the caller: the office's report
    reader, or the supervisor of `params["offices"]` or of `office`). `scope` and `kind` are
    `ExportJob.Scope` and `ExportJob.Kind` values; `params` must be JSON (the report's
    query, `today` as an ISO date). The caller enqueues the task after commit. It expires
    `LOKET_EXPORT_KEEP_HOURS` after now unless it finishes (then after its end)."""
    now = now or timezone.now()
    if scope not in ExportJob.Scope.values or kind not in ExportJob.Kind.values:
        raise ValueError(f"unknown export {scope}/{kind}")
    if (office is None) != (scope == ExportJob.Scope.PROVINCE):
        raise ValueError("an office report's job names its office; the comparison none")
    return ExportJob.objects.create(
        public_id=uuid.uuid4(),
        requested_by=user,
        scope=scope,
        kind=kind,
        office=office,
        params=params,
        language=language[:10],
        created_at=now,
        expires_at=now + keep_for(),
    )


def start_export(public_id: str, *, now: datetime | None = None) -> ExportJob | None:
    """The queued job `public_id`, now running; None when it is gone or another worker took
    it (a task delivered twice builds the file once). One or two queries."""
    now = now or timezone.now()
    started = ExportJob.objects.filter(public_id=public_id, state=ExportJob.State.QUEUED).update(
        state=ExportJob.State.RUNNING, started_at=now
    )
    if not started:
        return None
    return ExportJob.objects.select_related("office", "requested_by").get(public_id=public_id)


def export_progress(job: ExportJob, *, done: int, total: int) -> None:
    """Record that `done` of `total` steps of the running `job` are done (one query)."""
    job.done, job.total = done, total
    ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
        done=done, total=total
    )


def finish_export(
    job: ExportJob, *, content: bytes, filename: str, now: datetime | None = None
) -> bool:
    """Store `content` as the running `job`'s file (private storage, `models.export_path`)
    under the download name `filename`, and mark it done; it expires
    `LOKET_EXPORT_KEEP_HOURS` from now. False (and the file deleted) when the job was purged
    or failed meanwhile."""
    now = now or timezone.now()
    stored = job.file.storage.save(
        job.file.field.generate_filename(job, filename), ContentFile(content)
    )
    with transaction.atomic():
        updated = ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.RUNNING).update(
            state=ExportJob.State.DONE,
            file=stored,
            filename=filename,
            done=job.total,
            finished_at=now,
            expires_at=now + keep_for(),
        )
        if not updated:
            delete_after_commit([stored])
    return bool(updated)


def fail_export(job: ExportJob, *, error: str, now: datetime | None = None) -> None:
    """Mark `job` failed with `error` (for the log and the admin; the page shows a fixed
    message). It expires `LOKET_EXPORT_KEEP_HOURS` from now."""
    now = now or timezone.now()
    ExportJob.objects.filter(pk=job.pk).exclude(state=ExportJob.State.DONE).update(
        state=ExportJob.State.FAILED,
        error=error[:500],
        finished_at=now,
        expires_at=now + keep_for(),
    )


def purge_exports(*, now: datetime | None = None, batch: int = 500) -> tuple[int, int]:
    """Delete every job past its `expires_at` with its file (after commit), in batches of
    `batch`, and mark failed those queued or running for longer than `STALE_AFTER`.
    Returns (deleted, marked failed)."""
    now = now or timezone.now()
    stale = ExportJob.objects.filter(
        state__in=(ExportJob.State.QUEUED, ExportJob.State.RUNNING),
        created_at__lt=now - STALE_AFTER,
    ).update(
        state=ExportJob.State.FAILED,
        error="not finished in time",
        finished_at=now,
        expires_at=now + keep_for(),
    )
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(
                ExportJob.objects.filter(expires_at__lt=now).values_list("pk", flat=True)[:batch]
            )
            if not ids:
                return deleted, stale
            deleted += delete_with_files(ExportJob.objects.filter(pk__in=ids))
