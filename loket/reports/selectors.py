"""The office report: one read of every app's figures for a period, through their selectors,
turned into indicators by `metrics`. A fixed number of queries whatever the period holds:
the complaints (4), the SP4N-LAPOR! stages (1), the desk (1), the surveys (2), the office
calendar (cached, 1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.complaints import selectors as complaints
from loket.offices.channels import ChannelKind
from loket.replica import reading_from_replica
from loket.standards.selectors import complaint_classes
from loket.surveys import selectors as surveys
from loket.visits import selectors as visits
from loket.workdays.services import calendar_for

from . import metrics, periods
from . import services as summary
from .models import ExportJob
from .periods import Period

if TYPE_CHECKING:
    from loket.offices.services import Office

UNCLASSIFIED = ""


@dataclass(frozen=True)
class Filters:
    """What the head narrowed the report to (empty: everything)."""

    service_id: int | None = None
    complaint_class: str = ""
    channel: str = ""
    division_id: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.service_id or self.complaint_class or self.channel or self.division_id)


@dataclass
class Report:
    office: Any
    period: Period
    filters: Filters
    now: datetime
    complaints: metrics.ComplaintFigures
    desk: metrics.DeskFigures
    surveys: list[Any] = field(default_factory=list)
    lapor: metrics.LaporStages = field(default_factory=metrics.LaporStages)


def class_labels(classes: list[Any]) -> dict[str, str]:
    """Class code -> name in the published order, then the unclassified row."""
    labels = {c.code: c.name for c in classes}
    labels[UNCLASSIFIED] = str(_("Belum diklasifikasi"))
    return labels


@reading_from_replica()
def office_report(
    office: Office,
    period: Period,
    *,
    classes: list[Any],
    filters: Filters | None = None,
    now: datetime | None = None,
    with_office_time: bool = True,
) -> Report:
    """Every figure of `office` in `period`, narrowed by `filters`. `classes` are the
    office's complaint classes (for the rows shown even at zero). The complaint figures
    ignore the division filter and the desk figures the class and channel filters (they do
    not apply). Read from the replica when one is configured (`loket.replica`): a report's
    scans stay off the primary."""
    filters = filters or Filters()
    now = now or timezone.now()
    tz = office.tz
    start, end = period.bounds(tz)
    rows = complaints.report_scope(
        office,
        service_id=filters.service_id,
        complaint_class=filters.complaint_class,
        channel=filters.channel,
    )
    calendar = calendar_for(office)
    office_time = calendar.office_time_between if with_office_time else None
    figures = metrics.complaint_figures(
        received=complaints.report_received(rows, start, end, tz),
        finished=complaints.report_finished(rows, start, end),
        overdue=complaints.report_overdue(rows, now),
        ratings=complaints.report_ratings(rows, start, end),
        channels={k: str(label) for k, label in ChannelKind.choices},
        classes=class_labels(classes),
        tz=tz,
        office_time=office_time,
    )
    desk = visits.desk_figures(
        office,
        period.start,
        period.end,
        service_id=filters.service_id,
        division_id=filters.division_id,
    )
    return Report(
        office=office,
        period=period,
        filters=filters,
        now=now,
        complaints=figures,
        desk=metrics.DeskFigures(
            total=desk.total,
            divisions=desk.divisions,
            booked_arrivals=desk.booked_arrivals,
            walk_ins=desk.walk_ins,
        ),
        surveys=surveys.period_results_between(
            office, period.start, period.end, service_id=filters.service_id
        ),
        lapor=metrics.lapor_stages(
            complaints.report_lapor_stages(rows, start, end),
            now=now,
            limits=lambda row: complaints.lapor_stage_limits(
                received_at=row["received_at"],
                verified_at=row["verified_at"],
                classified_at=row["classified_at"],
                add_working_days=calendar.add_working_days,
            ),
            state=complaints.lapor_stage_state,
        ),
    )


# --- The province comparison (issue 16) ------------------------------------------------------


@dataclass
class ProvinceComplaints:
    """The complaint figures of one line of the province comparison, each equal to the
    office report's (`metrics.ComplaintFigures`, no filter) of the same period: received,
    finished (tally: with a deadline, on time), overdue now, the median handling time in
    calendar hours and the ratings given."""

    received: int = 0
    finished: metrics.Tally = field(default_factory=metrics.Tally)
    overdue: int = 0
    calendar_median: float | None = None
    ratings: int = 0
    rating_total: int = 0

    @property
    def mean_rating(self) -> Any | None:
        return metrics.share(self.rating_total, self.ratings)


@dataclass
class ProvinceDesk:
    """The desk figures of one line: visits that arrived and the share of those with an
    administration time within the standard (`metrics.DeskFigures.within_share`)."""

    visits: int = 0
    with_admin_time: int = 0
    within: int = 0

    @property
    def within_share(self) -> Any | None:
        return metrics.share(self.within, self.with_admin_time)


@dataclass
class OfficeFigures:
    """One office's line of the province comparison: the report's headline figures without
    the filters (the handling time in calendar hours only: office hours need each office's
    calendar, see `province_report`)."""

    office: Any
    complaints: ProvinceComplaints
    desk: ProvinceDesk
    surveys: list[Any] = field(default_factory=list)

    @property
    def ikm(self) -> Any | None:
        return metrics.survey_index(self.surveys)


@reading_from_replica()
def province_report(
    offices: list[Office], period: Period, *, now: datetime | None = None
) -> list[OfficeFigures]:
    """The figures of every office of `offices` in `period` (each in its own zone), in the
    order given, equal to each office's report without filters (`office_report`), read for
    all offices at once in a fixed number of queries whatever the number of offices and of
    complaints: the summary spans (1) and sums (1, `services.summary_totals_of`) for the
    days before the last run of `refresh_report_figures`; the days after it counted from the
    live rows (received, finished and on time, ratings: 3, none when the summary rows cover
    the period); the overdue now (1); the median handling time (the summary rows' handling
    times and the live days' rows: 2; for the offices the summary rows do not cover, the
    database orders the period's handling times and returns the two middle ones: 1); the
    desk counts (1) and the surveys (2).

    The summary rows hold what was true when the job ran: a complaint reopened, or
    reclassified after its answer, later than that is counted as it was until the next run
    rebuilds its month (`services.refresh_office`); the overdue count, the desk and the
    surveys are always read live. Read from the replica when one is configured."""
    now = now or timezone.now()
    bounds = {office.pk: (*period.bounds(office.tz), office.tz) for office in offices}
    ids = list(bounds)
    cuts = summary.summary_spans_of(offices, period)
    one_day = timedelta(days=1)
    spans = {
        office_id: (period.start, cut - one_day)
        for office_id, cut in cuts.items()
        if cut > period.start
    }
    live = {}
    for office in offices:
        cut = cuts[office.pk]
        if cut <= period.end:
            start = Period(cut, period.end).bounds(office.tz)[0]
            live[office.pk] = (start, bounds[office.pk][1], office.tz)
    totals = summary.summary_totals_of(spans)
    received = complaints.report_received_count_of(live)
    finished = complaints.report_finished_tally_of(live)
    ratings = complaints.report_ratings_of(live)
    overdue = _by_office(complaints.report_overdue_of(ids, now))
    # The median: the handling times of the summary rows and of the live days where the
    # summary covers the period, else the two middle rows of the period, ordered by the
    # database.
    handling = summary.summary_handling_of(spans)
    for row in complaints.report_handling_of({k: v for k, v in live.items() if k in spans}):
        handling[row["office_id"]].append(
            summary.microseconds(row["answered_at"] - row["received_at"])
        )
    middle = _by_office(
        complaints.report_handling_ranks_of(
            {k: v for k, v in bounds.items() if k not in spans}, MEDIAN
        )
    )
    desks = visits.desk_counts_of(ids, period.start, period.end)
    results = surveys.period_results_between_of(ids, period.start, period.end)
    rows = []
    for office in offices:
        figures = ProvinceComplaints()
        kept = totals.get(office.pk)
        if kept is not None:
            figures.received = kept["received"]
            figures.finished = metrics.Tally(
                finished=kept["answered"],
                with_deadline=kept["answered_with_deadline"],
                on_time=kept["answered_on_time"],
            )
            figures.ratings, figures.rating_total = kept["ratings"], kept["rating_total"]
        figures.received += received.get(office.pk, 0)
        tally = finished.get(office.pk)
        if tally is not None:
            figures.finished.finished += tally["finished"]
            figures.finished.with_deadline += tally["with_deadline"]
            figures.finished.on_time += tally["on_time"]
        given = ratings.get(office.pk, {"count": 0, "total": 0})
        figures.ratings += given["count"]
        figures.rating_total += given["total"]
        figures.overdue = sum(row["n"] for row in overdue.get(office.pk, []))
        if office.pk in spans:
            figures.calendar_median = _percentile_from_us(handling[office.pk], MEDIAN)
        else:
            figures.calendar_median = _percentile_of(middle.get(office.pk, []), MEDIAN)
        desk = desks[office.pk]
        rows.append(
            OfficeFigures(
                office=office,
                complaints=figures,
                desk=ProvinceDesk(
                    visits=desk.visits, with_admin_time=desk.with_admin_time, within=desk.within
                ),
                surveys=results[office.pk],
            )
        )
    return rows


MEDIAN = 50


def _percentile_from_us(values: list[int], p: float) -> float | None:
    """The `p`th percentile in calendar hours of handling times in microseconds, the float
    `metrics.percentile` gives for `ComplaintFigures.calendar_hours` (`timedelta.
    total_seconds()` is microseconds / 10**6); only the two ranks are converted."""
    if not values:
        return None
    values.sort()
    return metrics.percentile_at(len(values), p, lambda rank: values[rank] / 10**6 / 3600)


def _percentile_of(ranked: list[Any], p: float) -> float | None:
    """The `p`th percentile of the handling times in calendar hours
    (`metrics.ComplaintFigures.calendar_hours`) from the rows of
    `complaints.report_handling_ranks_of`; None without a finished complaint."""
    if not ranked:
        return None
    hours = {
        row["rank"]: (row["answered_at"] - row["received_at"]).total_seconds() / 3600
        for row in ranked
    }
    return metrics.percentile_at(ranked[0]["n"], p, hours.__getitem__)


def _by_office(rows: list[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row["office_id"], []).append(row)
    return grouped


# --- The public page -----------------------------------------------------------------------

PUBLIC_MONTHS = 12


@dataclass
class PublicFigures:
    """What the public statistics page publishes: no personal data, small counts withheld."""

    period: Period
    months: list[metrics.Month]
    overdue: int
    classes: list[Any]
    surveys: list[Any]
    computed_at: datetime


@reading_from_replica()
def public_figures(office: Office, *, now: datetime | None = None) -> PublicFigures:
    """The last `PUBLIC_MONTHS` months of `office` (this month so far included), the
    complaints overdue now, the published complaint classes and the published survey
    periods of those months. A fixed number of queries; the months come from the summary
    rows (`services.refresh_office`) when they cover them, so they are as fresh as the
    last run of `refresh_report_figures`. Read from the replica when one is configured."""
    now = now or timezone.now()
    tz = office.tz
    this_month = timezone.localdate(now, timezone=tz).replace(day=1)
    first = periods.add_months(this_month, 1 - PUBLIC_MONTHS)
    period = Period(first, periods.month_end(this_month))
    start, end = period.bounds(tz)
    rows = complaints.report_scope(office)
    # The summary rows of the periodic job when they cover the months, else the live rows.
    months = summary.monthly_from_summary(office, period)
    if months is None:
        months = metrics.months_of(
            period.months(),
            received=complaints.report_received(rows, start, end, tz),
            finished=complaints.report_finished(rows, start, end),
            ratings=complaints.report_ratings_per_day(rows, start, end, tz),
            tz=tz,
        )
    published = [
        result
        for result in surveys.period_results_between(office, period.start, period.end)
        if result.period.status == "published"
    ]
    return PublicFigures(
        period=period,
        months=months,
        overdue=sum(row["n"] for row in complaints.report_overdue(rows, now)),
        classes=list(complaint_classes(office, at=now)),
        surveys=published,
        computed_at=now,
    )


# --- The staff dashboard -------------------------------------------------------------------


@dataclass
class Dashboard:
    """What one user's dashboard of `office` shows: only the counts their `roles` see
    (`roles.DASHBOARD_*`); a count the roles do not see is absent, not zero."""

    office: Any
    today: date
    now: datetime
    complaints: dict[str, int]
    desk: dict[str, int]
    divisions: list[tuple[Any, int]]  # (division, visitors waiting for it)
    on_time: metrics.Tally | None


def office_dashboard(
    office: Office, *, user: Any, roles: set[str], now: datetime | None = None
) -> Dashboard:
    """The dashboard of `user` (holding `roles` in `office`) at `now`, with the office's
    today in its zone. At most five queries whatever the office holds: the complaint counts
    (1), the desk counts (1), the divisions shown (1, or 2 for a consultant) and this
    month's finished complaints for the on-time share (1)."""
    from loket.offices.permissions import divisions_for
    from loket.offices.services import divisions_of

    from . import roles as who

    now = now or timezone.now()
    tz = office.tz
    today = timezone.localdate(now, timezone=tz)
    day_start, day_end = Period(today, today).bounds(tz)
    keys = [k for k, allowed in who.DASHBOARD_COMPLAINT_COUNTS.items() if roles & set(allowed)]
    complaint_counts: dict[str, int] = {}
    if keys:
        found = complaints.dashboard_counts(
            office, user=user, now=now, day_start=day_start, day_end=day_end
        )
        complaint_counts = {key: found[key] for key in keys}
    divisions: list[Any] = []
    if roles & set(who.DASHBOARD_ALL_DIVISIONS):
        divisions = list(divisions_of(office))
    elif roles & set(who.DASHBOARD_OWN_DIVISION):
        divisions = list(divisions_for(user, office, office_wide_roles=()))
    desk_keys = [k for k, allowed in who.DASHBOARD_DESK_COUNTS.items() if roles & set(allowed)]
    desk_counts: dict[str, int] = {}
    waiting: dict[int, int] = {}
    if desk_keys or divisions:
        desk = visits.dashboard_counts(office, today=today)
        desk_counts = {key: getattr(desk, key) for key in desk_keys}
        waiting = desk.waiting
    on_time = None
    if roles & set(who.DASHBOARD_ON_TIME):
        month = periods.preset_period(periods.THIS_MONTH, today)
        start, end = month.bounds(tz)
        on_time = metrics.on_time_tally(
            complaints.report_finished(complaints.report_scope(office), start, end)
        )
    return Dashboard(
        office=office,
        today=today,
        now=now,
        complaints=complaint_counts,
        desk=desk_counts,
        divisions=[(division, waiting.get(division.pk, 0)) for division in divisions],
        on_time=on_time,
    )


# --- Export jobs (issue 16) ------------------------------------------------------------------


def office_export_job(office: Office, public_id: Any) -> ExportJob | None:
    """The export job `public_id` of `office`'s report (`ExportJob`), or None: another
    office's job, a supervisor's, or none. One query."""
    return ExportJob.objects.filter(
        public_id=public_id, office=office, scope=ExportJob.Scope.OFFICE
    ).first()


def province_export_job(office_ids: set[int], public_id: Any) -> ExportJob | None:
    """The export job `public_id` of the province view (`ExportJob`) whose offices are all
    among `office_ids` (the viewer's supervised offices), or None. One query."""
    job = (
        ExportJob.objects.filter(
            public_id=public_id,
            scope__in=(ExportJob.Scope.PROVINCE, ExportJob.Scope.PROVINCE_OFFICE),
        )
        .select_related("office")
        .first()
    )
    if job is None:
        return None
    wanted = (
        {job.office_id} if job.scope == ExportJob.Scope.PROVINCE_OFFICE else job.params["offices"]
    )
    return job if wanted and set(wanted) <= office_ids else None


def expired_export_count(now: datetime) -> int:
    """How many export jobs are past their expiry at `now` (what the purge would delete)."""
    return ExportJob.objects.filter(expires_at__lt=now).count()
