"""Numbers for the head and the office admin: visits per day and division, the administration
time against the standard (median, 90th percentile, share within), waiting and consultation
time, no-shows. Read-only; one query per report, whatever the period's size.

Definitions:
- a visit belongs to the local day it was checked in (its queue day), or for a booking never
  checked in (no-show, cancelled, still booked) to its booked day;
- administration time is office time from check-in to routing (working-day clock), fixed at
  routing; "within the standard" compares it with the standard's administration time in force
  at check-in;
- waiting time is wall-clock time from the first routing to the first call;
- consultation time is wall-clock time from the first start to the end (hand-overs included).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from .models import Visit, queue_label

if TYPE_CHECKING:
    from loket.offices.models import Office

S = Visit.Status


def percentile(values: list[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (the common spreadsheet PERCENTILE.INC)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Durations:
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
class Group:
    label: str
    day: date | None = None  # the day of a per-day group (its label is the ISO date, for CSV)
    visits: int = 0  # arrived (checked in)
    done: int = 0
    no_shows: int = 0
    walked_out: int = 0
    cancelled: int = 0
    admin: Durations = field(default_factory=Durations)
    within: int = 0
    waiting: Durations = field(default_factory=Durations)
    consultation: Durations = field(default_factory=Durations)

    @property
    def within_share(self) -> float | None:
        return self.within / self.admin.count if self.admin.count else None

    def add(self, row: dict) -> None:
        status = row["status"]
        if status == S.NO_SHOW:
            self.no_shows += 1
            return
        if status in (S.CANCELLED, S.BOOKED):
            self.cancelled += status == S.CANCELLED
            return
        self.visits += 1
        self.done += status == S.DONE
        self.walked_out += status == S.WALKED_OUT
        if row["admin_seconds"] is not None:
            self.admin.values.append(row["admin_seconds"] / 60)
            limit = row["admin_limit_seconds"]
            self.within += limit is None or row["admin_seconds"] <= limit
        if row["routed_at"] and row["called_at"]:
            self.waiting.values.append((row["called_at"] - row["routed_at"]).total_seconds() / 60)
        if row["started_at"] and row["ended_at"]:
            self.consultation.values.append(
                (row["ended_at"] - row["started_at"]).total_seconds() / 60
            )


@dataclass
class Report:
    office: Office
    start: date
    end: date
    total: Group
    days: list[Group]
    divisions: list[Group]


FIELDS = (
    "id",
    "status",
    "source",
    "queue_date",
    "queue_number",
    "preferred_date",
    "service__name",
    "division__name",
    "checked_in_at",
    "routed_at",
    "called_at",
    "started_at",
    "ended_at",
    "admin_seconds",
    "admin_limit_seconds",
)


def _in_period(start: date, end: date) -> Q:
    return Q(queue_date__range=(start, end)) | Q(
        queue_date__isnull=True, preferred_date__range=(start, end)
    )


def visit_rows_of(office_ids: list[int], start: date, end: date) -> QuerySet[Visit]:
    """The period's visits of several offices (the province view), same rule as
    `visit_rows`."""
    return Visit.objects.filter(office_id__in=office_ids).filter(_in_period(start, end))


def visit_rows(office: Office, start: date, end: date) -> QuerySet[Visit, dict[str, Any]]:
    """The period's visits as dicts, in day and queue order (one query)."""
    return (
        Visit.objects.filter(office=office)
        .filter(_in_period(start, end))
        .order_by("queue_date", "preferred_date", "queue_number", "id")
        .values(*FIELDS)
    )


def report(office: Office, start: date, end: date) -> Report:
    total = Group(label="")
    days: dict[date, Group] = {}
    divisions: dict[str, Group] = defaultdict(lambda: Group(label=""))
    for row in visit_rows(office, start, end):
        day = row["queue_date"] or row["preferred_date"]
        total.add(row)
        days.setdefault(day, Group(label=day.isoformat(), day=day)).add(row)
        name = row["division__name"] or ""
        divisions[name].label = name
        divisions[name].add(row)
    return Report(
        office=office,
        start=start,
        end=end,
        total=total,
        days=[days[day] for day in sorted(days)],
        divisions=sorted(divisions.values(), key=lambda group: (group.label == "", group.label)),
    )


def _local(moment: datetime | None, office: Office) -> str:
    return moment.astimezone(office.tz).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _minutes(seconds: float | None) -> str:
    return f"{seconds / 60:.1f}" if seconds is not None else ""


CSV_HEADER = [
    "tanggal",
    "nomor_antrean",
    "layanan",
    "bagian",
    "asal",
    "status",
    "check_in",
    "diarahkan",
    "dipanggil",
    "mulai_konsultasi",
    "selesai",
    "waktu_administrasi_menit",
    "batas_administrasi_menit",
    "sesuai_standar",
    "waktu_tunggu_menit",
    "waktu_konsultasi_menit",
]


def csv_rows(office: Office, start: date, end: date) -> Iterator[list[str]]:
    """One row per visit, no personal data; times in the office's zone."""
    yield CSV_HEADER
    for row in visit_rows(office, start, end).iterator():
        admin, limit = row["admin_seconds"], row["admin_limit_seconds"]
        waited = (
            (row["called_at"] - row["routed_at"]).total_seconds()
            if row["routed_at"] and row["called_at"]
            else None
        )
        consulted = (
            (row["ended_at"] - row["started_at"]).total_seconds()
            if row["started_at"] and row["ended_at"]
            else None
        )
        within = "" if admin is None else ("ya" if limit is None or admin <= limit else "tidak")
        yield [
            (row["queue_date"] or row["preferred_date"]).isoformat(),
            queue_label(row["queue_number"]),
            row["service__name"],
            row["division__name"] or "",
            row["source"],
            row["status"],
            _local(row["checked_in_at"], office),
            _local(row["routed_at"], office),
            _local(row["called_at"], office),
            _local(row["started_at"], office),
            _local(row["ended_at"], office),
            _minutes(admin),
            _minutes(limit),
            within,
            _minutes(waited),
            _minutes(consulted),
        ]
