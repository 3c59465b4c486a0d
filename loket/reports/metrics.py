"""Every indicator of the reports, defined once: the staff page, the exports, the charts and
the public page read them from here. Pure: the inputs are the rows the other apps' selectors
return (`loket.complaints.selectors.report_*`), no query happens here.

Definitions (a period is [start, end) in the office's zone, see `periods`):
- received: complaints whose receipt falls in the period, per channel, class and week;
  "forwarded" and "not our authority" count those received in it that ended so.
- finished: complaints answered in the period that are still answered or closed (a complaint
  the complainant reopened counts when answered again, with its last answer).
- on time: a finished complaint with a deadline (classified) answered at or before its due
  time (UU 25/2009; the class deadline the office publishes, seed "Jangka Waktu Penyelesaian
  Pengaduan"). The share is on time / finished with a deadline; finished complaints never
  classified have no deadline and are left out of the share (shown apart).
- overdue now: open, clock running (not paused, not answered) and past the due time at the
  moment the report is made: the staff list's "overdue" filter.
- handling time: from receipt to the (last) answer, in calendar hours, and in office hours
  (working hours of the office's calendar, `loket.workdays`; the time paused waiting for the
  complainant is included in both); median and 90th percentile (PERCENTILE.INC).
- reopened share: finished complaints reopened at least once / finished.
- mean rating: the complainants' ratings (1-5) given in the period.
- SP4N-LAPOR! stages: of the complaints from LAPOR! received in the period, those verified
  within 3 working days of receipt and followed up within 5 working days of the
  verification (Perpres 76/2013; PermenPANRB 62/2018), see `lapor_stages`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from fractions import Fraction
from typing import Any

# Complaint statuses as the complaints app stores them (its `Status` values).
FORWARDED = "forwarded"
NOT_AUTHORITY = "not_authority"
# The target line of the on-time chart. The law's promise is every complaint within its
# class's deadline; 90% is the line the charts draw for a head to see the gap at a glance
# (a presentation choice, not a rule).
ON_TIME_TARGET = Fraction(9, 10)


def percentile(values: Iterable[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (spreadsheet PERCENTILE.INC); None when
    there is no value."""
    ordered = sorted(values)
    if not ordered:
        return None
    return percentile_at(len(ordered), p, ordered.__getitem__)


def percentile_ranks(n: int, p: float) -> tuple[int, int]:
    """The 0-based ranks (low, high) among `n` ordered values that `percentile` interpolates
    between for `p` (equal when the rank is whole); n >= 1."""
    rank = (n - 1) * p / 100
    return math.floor(rank), math.ceil(rank)


def percentile_at(n: int, p: float, value: Callable[[int], float]) -> float:
    """`percentile` of `n` ordered values of which only those at `percentile_ranks` are
    known (`value(rank)`, 0-based): the same arithmetic, so the same float, as from the
    whole list (the province view reads only those ranks from the database)."""
    rank = (n - 1) * p / 100
    low, high = percentile_ranks(n, p)
    return value(low) + (value(high) - value(low)) * (rank - low)


def share(part: int, whole: int) -> Fraction | None:
    """part / whole as an exact fraction; None when `whole` is 0 (shown as "–")."""
    return Fraction(part, whole) if whole else None


def is_on_time(answered_at: datetime, due_at: datetime | None) -> bool | None:
    """Answered at or before the due time; None without a deadline."""
    return None if due_at is None else answered_at <= due_at


@dataclass
class Tally:
    """Finished complaints of one group and how many were answered on time."""

    finished: int = 0
    with_deadline: int = 0
    on_time: int = 0

    def add(self, on_time: bool | None) -> None:
        self.finished += 1
        if on_time is not None:
            self.with_deadline += 1
            self.on_time += on_time

    @property
    def late(self) -> int:
        return self.with_deadline - self.on_time

    @property
    def on_time_share(self) -> Fraction | None:
        return share(self.on_time, self.with_deadline)


@dataclass
class Durations:
    """Durations in hours (or minutes, for the desk) with their median and p90."""

    values: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return percentile(self.values, 50)

    @property
    def p90(self) -> float | None:
        return percentile(self.values, 90)


@dataclass
class Row:
    """One line of a table: a channel or a class, with every complaint figure of it."""

    key: str
    label: str
    received: int = 0
    overdue: int = 0
    tally: Tally = field(default_factory=Tally)


@dataclass
class ComplaintFigures:
    received: int = 0
    forwarded: int = 0
    not_authority: int = 0
    finished: Tally = field(default_factory=Tally)
    overdue: int = 0
    reopened: int = 0
    calendar_hours: Durations = field(default_factory=Durations)
    office_hours: Durations = field(default_factory=Durations)
    ratings: int = 0
    rating_total: int = 0
    by_channel: list[Row] = field(default_factory=list)
    by_class: list[Row] = field(default_factory=list)
    # Charts: received per ISO week (Monday) and channel; on-time tally per month.
    weekly: dict[date, dict[str, int]] = field(default_factory=dict)
    monthly: dict[date, Tally] = field(default_factory=dict)

    @property
    def reopened_share(self) -> Fraction | None:
        return share(self.reopened, self.finished.finished)

    @property
    def mean_rating(self) -> Fraction | None:
        return share(self.rating_total, self.ratings)

    @property
    def classified(self) -> int:
        return sum(row.received for row in self.by_class if row.key)


def _rows(
    keys: Iterable[str], labels: Mapping[str, str], extra: Iterable[str] = ()
) -> dict[str, Row]:
    rows = {key: Row(key, str(labels.get(key, key))) for key in keys}
    for key in extra:
        rows.setdefault(key, Row(key, str(labels.get(key, key))))
    return rows


def complaint_figures(
    *,
    received: Iterable[Mapping[str, Any]],
    finished: Iterable[Mapping[str, Any]],
    overdue: Iterable[Mapping[str, Any]],
    ratings: Mapping[str, int],
    channels: Mapping[str, str],
    classes: Mapping[str, str],
    tz: tzinfo,
    office_time: Callable[[datetime, datetime], timedelta] | None = None,
) -> ComplaintFigures:
    """The complaint indicators from the selectors' rows. `channels` and `classes` map codes
    to labels, in display order (every published channel and class gets a row, even at 0);
    codes met in the rows but not in them are added after. The unclassified complaints have
    the class key "" (label given by the caller in `classes`)."""
    received, finished, overdue = list(received), list(finished), list(overdue)
    names = dict(classes)
    for row in [*received, *finished]:
        if row["class_code"] and row["class_code"] not in names:
            names[row["class_code"]] = row.get("class_name") or row["class_code"]
    by_channel = _rows(channels, channels, (r["channel"] for r in [*received, *finished]))
    by_class = _rows(names, names, (r["class_code"] for r in [*received, *finished]))
    figures = ComplaintFigures()
    for row in received:
        n = row["n"]
        figures.received += n
        figures.forwarded += n * (row["status"] == FORWARDED)
        figures.not_authority += n * (row["status"] == NOT_AUTHORITY)
        by_channel[row["channel"]].received += n
        by_class[row["class_code"]].received += n
        week = row["day"] - timedelta(days=row["day"].weekday())
        figures.weekly.setdefault(week, defaultdict(int))[row["channel"]] += n
    for row in finished:
        on_time = is_on_time(row["answered_at"], row["due_at"])
        figures.finished.add(on_time)
        by_channel[row["channel"]].tally.add(on_time)
        by_class[row["class_code"]].tally.add(on_time)
        month = row["answered_at"].astimezone(tz).date().replace(day=1)
        figures.monthly.setdefault(month, Tally()).add(on_time)
        figures.reopened += bool(row["reopened"])
        spent = row["answered_at"] - row["received_at"]
        figures.calendar_hours.values.append(spent.total_seconds() / 3600)
        if office_time is not None:
            worked = office_time(row["received_at"], row["answered_at"])
            figures.office_hours.values.append(worked.total_seconds() / 3600)
    for row in overdue:
        figures.overdue += row["n"]
        by_channel.setdefault(row["channel"], Row(row["channel"], row["channel"]))
        by_channel[row["channel"]].overdue += row["n"]
        by_class.setdefault(row["class_code"], Row(row["class_code"], row["class_code"]))
        by_class[row["class_code"]].overdue += row["n"]
    figures.ratings = ratings["count"]
    figures.rating_total = ratings["total"]
    figures.by_channel = list(by_channel.values())
    figures.by_class = list(by_class.values())
    return figures


# --- SP4N-LAPOR! stages ------------------------------------------------------------------------
# The rule (limits and states) is the complaints app's (`complaints.lapor`, through its
# selectors); this counts the complaints of a period.


@dataclass
class Stage:
    """One stage of the complaints that went through it: done within its limit, late (done
    after it, or not done and the limit passed) and pending (not done, limit not passed)."""

    within: int = 0
    late: int = 0
    pending: int = 0

    def add(self, state: str) -> None:
        """Count one complaint in `state`: "within", "late" or "pending"."""
        setattr(self, state, getattr(self, state) + 1)

    @property
    def count(self) -> int:
        return self.within + self.late + self.pending

    @property
    def decided(self) -> int:
        return self.within + self.late

    @property
    def within_share(self) -> Fraction | None:
        """within / (within + late): the pending ones are not decided yet."""
        return share(self.within, self.decided)


@dataclass
class LaporStages:
    """The SP4N-LAPOR! stages of the complaints from LAPOR! received in the period."""

    received: int = 0
    verification: Stage = field(default_factory=Stage)
    follow_up: Stage = field(default_factory=Stage)

    @property
    def pending(self) -> int:
        """Complaints with a stage still running within its limit (each counted once: a
        complaint enters the follow-up only once verified)."""
        return self.verification.pending + self.follow_up.pending


def lapor_stages(
    rows: Iterable[Mapping[str, Any]],
    *,
    now: datetime,
    limits: Callable[[Mapping[str, Any]], Any],
    state: Callable[[datetime | None, datetime, datetime], str],
) -> LaporStages:
    """The SP4N-LAPOR! stages of `rows` (`complaints.selectors.report_lapor_stages`: the
    LAPOR! complaints received in the period) at `now`, by the complaints app's rule
    (`complaints.lapor`: Perpres 76/2013, PermenPANRB 62/2018): `limits(row)` gives the
    row's `verify_by` (3 working days after receipt) and `follow_up_by` (5 working days after
    the verification, None for a complaint that is not the office's own or not verified yet),
    `state(done, limit, now)` whether a stage is within, late or pending.

    - Verification: the first triage decision (classified, forwarded, "bukan wewenang" or a
      duplicate: the `verified_at` of the rows).
    - Follow-up (tindak lanjut): the first answer; only for the complaints classified as
      the office's own. A complaint not verified yet enters the follow-up once verified.
    - The shares are within / (within + late)."""
    figures = LaporStages()
    for row in rows:
        figures.received += 1
        limit = limits(row)
        figures.verification.add(state(row["verified_at"], limit.verify_by, now))
        if limit.follow_up_by is not None:
            figures.follow_up.add(state(row["answered_at"], limit.follow_up_by, now))
    return figures


@dataclass
class DeskFigures:
    """The consultation desk (`loket.visits.selectors.desk_figures`) with the standard of
    15 minutes of administration (seed "Waktu penyelesaian": administrasi 15 menit; the
    limit stored on each visit is the standard in force at its check-in)."""

    total: Any
    divisions: list[Any]
    booked_arrivals: int
    walk_ins: int

    @property
    def within_share(self) -> Fraction | None:
        return share(self.total.within, self.total.admin.count)


# --- The public page: per month, small counts withheld -------------------------------------

# Counts from 1 to SMALL - 1 are published as "<5", and a share or a mean is published only
# when it rests on at least SMALL complaints, so that no figure points to a person (UU 27/2022,
# data minimisation; the practice of statistical offices for small cells).
SMALL = 5


def published_count(n: int) -> int | str:
    """`n` as the public page shows it: "<5" for 1 to 4."""
    return f"<{SMALL}" if 0 < n < SMALL else n


# A count withheld only because publishing it would reveal a small one (see below).
WITHHELD = "x"


def published_breakdown(values: Sequence[int]) -> list[int | str]:
    """The counts of one breakdown (per class, per channel) whose total is published, as
    published: 1 to 4 as "<5" (`published_count`), and, when the withheld rows could be
    worked out from the total (one row withheld, or withheld rows all small), the smallest
    other non-zero rows withheld too as "x" until at least two rows are withheld and one of
    them is not small (complementary suppression, the statistical offices' practice; without
    it "received 6, normatif 5, ringan <5" says ringan is 1). Zeros stay published."""
    shown: list[int | str] = [published_count(n) for n in values]
    withheld = [i for i, n in enumerate(values) if 0 < n < SMALL]
    if not withheld:
        return shown
    others = sorted((n, i) for i, n in enumerate(values) if n >= SMALL)
    while others and (len(withheld) < 2 or all(values[i] < SMALL for i in withheld)):
        _n, index = others.pop(0)
        shown[index] = WITHHELD
        withheld.append(index)
    return shown


def published_share(part: int, whole: int) -> Fraction | None:
    """part / whole when `whole` reaches SMALL; None (shown "–") otherwise."""
    return share(part, whole) if whole >= SMALL else None


@dataclass
class Month:
    month: date
    received: int = 0
    tally: Tally = field(default_factory=Tally)
    ratings: int = 0
    rating_total: int = 0

    @property
    def shown(self) -> dict[str, Any]:
        """The month's figures as published (small counts withheld)."""
        return {
            "received": published_count(self.received),
            "answered": published_count(self.tally.finished),
            "answered_on_time": published_count(self.tally.on_time),
            "on_time_share": published_share(self.tally.on_time, self.tally.with_deadline),
            "mean_rating": published_share(self.rating_total, self.ratings),
        }


def months_of(
    months: Iterable[date],
    *,
    received: Iterable[Mapping[str, Any]],
    finished: Iterable[Mapping[str, Any]],
    ratings: Iterable[Mapping[str, Any]],
    tz: tzinfo,
) -> list[Month]:
    """Received, answered (on time) and ratings per month (first days given, in order)."""
    result = {month: Month(month) for month in months}
    for row in received:
        month = result.get(row["day"].replace(day=1))
        if month is not None:
            month.received += row["n"]
    for row in finished:
        month = result.get(row["answered_at"].astimezone(tz).date().replace(day=1))
        if month is not None:
            month.tally.add(is_on_time(row["answered_at"], row["due_at"]))
    for row in ratings:
        month = result.get(row["day"].replace(day=1))
        if month is not None:
            month.ratings += row["count"]
            month.rating_total += row["total"] or 0
    return list(result.values())


def on_time_tally(finished: Iterable[Mapping[str, Any]]) -> Tally:
    """The on-time tally of finished complaints (`report_finished` rows): the dashboard's
    on-time share of the month, with the rule of `is_on_time`."""
    tally = Tally()
    for row in finished:
        tally.add(is_on_time(row["answered_at"], row["due_at"]))
    return tally


# --- The province comparison (issue 16) ------------------------------------------------------


def survey_index(
    results: Iterable[Any], start: date | None = None, end: date | None = None
) -> Any | None:
    """The IKM a comparison of offices shows for a period: that of the latest survey period
    of the whole office (not of one service) with at least one response, among `results`
    (`surveys.selectors.PeriodResult`s oldest first, as the report reads them), those
    overlapping [start, end] when given (days, inclusive). A `surveys.ikm.Index`
    (`converted_display` 25-100, `grade`), or None when there is none."""
    chosen = None
    for result in results:
        period = result.period
        if start is not None and period.end < start:
            continue
        if end is not None and period.start > end:
            continue
        if period.service_id is None and result.index.n:
            chosen = result.index
    return chosen


# How offices are ranked: each ranking's value (higher ranks first; an office without the
# value, e.g. no finished complaint with a deadline, comes last).
RANK_VALUES: dict[str, Callable[[Any], Any]] = {
    "tepat-waktu": lambda row: row.complaints.finished.on_time_share,
    "ikm": lambda row: row.ikm.converted_display if row.ikm else None,
    "volume": lambda row: row.complaints.received,
}


def ranked(rows: Iterable[Any], ranking: str) -> list[Any]:
    """`rows` (`selectors.OfficeFigures`) by `ranking` (a key of `RANK_VALUES`), highest
    first, ties and missing values by office name."""
    value = RANK_VALUES[ranking]

    def key(row: Any) -> tuple[bool, Any, str]:
        found = value(row)
        return (found is None, -found if found is not None else 0, row.office.name)

    return sorted(rows, key=key)
