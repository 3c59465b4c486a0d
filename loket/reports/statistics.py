"""The public statistics of one office for one report period, as the API publishes them
(`GET /api/v1/offices/{office}/statistics/?period=...`): the same indicators as the public
statistics page (`metrics`), the same small-count rule (`metrics.published_count`: 1 to 4
published as the text "<5"; shares withheld under 5 as null), no personal data.

Periods are named as the Indonesian report calendar names them (`periods`): `2026-11`
(a month), `2026-Q4` (triwulan IV), `2026-S2` (semester II), `2026` (a year); the days are
the office's local days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from loket.complaints import selectors as complaints
from loket.offices.channels import ChannelKind
from loket.standards.selectors import complaint_classes
from loket.surveys import selectors as surveys

from . import metrics, periods
from .periods import Period

if TYPE_CHECKING:
    from loket.offices.services import Office

# The years a period may name.
FIRST_YEAR, LAST_YEAR = 2000, 2100
_PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|[Qq](?P<q>\d)|[Ss](?P<s>\d)))?")
PERIOD_INVALID = "invalid_period"


class PeriodError(ValueError):
    """A period text that names no period: `code` and `message` (translated) for the API's
    error body, `field` "period"."""

    code = PERIOD_INVALID
    field = "period"


def parse_period(text: str) -> Period:
    """The period `text` names: "YYYY-MM", "YYYY-Qn" (n 1-4), "YYYY-Sn" (n 1-2) or "YYYY",
    years FIRST_YEAR to LAST_YEAR. PeriodError otherwise (its message says the forms)."""
    match = _PERIOD.fullmatch((text or "").strip())
    if match is None:
        raise PeriodError(
            _(
                "Periode tidak dikenal: gunakan TTTT-BB (bulan), TTTT-Qn (triwulan 1-4), "
                "TTTT-Sn (semester 1-2) atau TTTT (tahun)."
            )
        )
    year = int(match["year"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(
            _("Tahun harus antara %(first)d dan %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError(_("Bulan harus antara 01 dan 12."))
        start, length = date(year, month, 1), 1
    elif match["q"]:
        quarter = int(match["q"])
        if not 1 <= quarter <= 4:
            raise PeriodError(_("Triwulan harus antara Q1 dan Q4."))
        start, length = date(year, 3 * quarter - 2, 1), 3
    elif match["s"]:
        semester = int(match["s"])
        if not 1 <= semester <= 2:
            raise PeriodError(_("Semester harus S1 atau S2."))
        start, length = date(year, 6 * semester - 5, 1), 6
    else:
        start, length = date(year, 1, 1), 12
    return Period(start, periods.month_end(periods.add_months(start, length - 1)))


def period_name(period: Period) -> str:
    """The API's name of a whole month, quarter, semester or year (inverse of
    `parse_period`)."""
    s, months = period.start, len(period.months())
    if months == 1:
        return f"{s:%Y-%m}"
    if months == 3:
        return f"{s.year}-Q{(s.month + 2) // 3}"
    if months == 6:
        return f"{s.year}-S{1 if s.month == 1 else 2}"
    return str(s.year)


@dataclass
class PeriodStatistics:
    period: Period
    figures: metrics.ComplaintFigures
    surveys: list[Any]
    computed_at: datetime


def period_statistics(
    office: Office, period: Period, *, now: datetime | None = None
) -> PeriodStatistics:
    """The complaint figures of `office` in `period` (received, answered, on time, per class
    and channel; overdue at `now`) and its published survey periods overlapping `period`.
    A fixed number of queries: the complaints (4), the classes (1), the surveys (2)."""
    now = now or timezone.now()
    tz = office.tz
    start, end = period.bounds(tz)
    rows = complaints.report_scope(office)
    classes = {c.code: c.name for c in complaint_classes(office, at=now)}
    classes[""] = str(_("Belum diklasifikasi"))
    figures = metrics.complaint_figures(
        received=complaints.report_received(rows, start, end, tz),
        finished=complaints.report_finished(rows, start, end),
        overdue=complaints.report_overdue(rows, now),
        ratings=complaints.report_ratings(rows, start, end),
        channels={k: str(label) for k, label in ChannelKind.choices},
        classes=classes,
        tz=tz,
    )
    published = [
        result
        for result in surveys.period_results_between(office, period.start, period.end)
        if result.period.status == "published"
    ]
    return PeriodStatistics(period=period, figures=figures, surveys=published, computed_at=now)


def _number(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


def _counts(row: metrics.Row | metrics.ComplaintFigures, overdue: int) -> dict[str, Any]:
    tally = row.finished if isinstance(row, metrics.ComplaintFigures) else row.tally
    return {
        "received": metrics.published_count(row.received),
        "answered": metrics.published_count(tally.finished),
        "answered_on_time": metrics.published_count(tally.on_time),
        "on_time_share": _number(metrics.published_share(tally.on_time, tally.with_deadline)),
        "overdue_open": metrics.published_count(overdue),
    }


def _raw_counts(row: metrics.Row) -> dict[str, int]:
    return {
        "received": row.received,
        "answered": row.tally.finished,
        "answered_on_time": row.tally.on_time,
        "overdue_open": row.overdue,
    }


def _breakdown(rows: list[metrics.Row]) -> list[dict[str, Any]]:
    """Rows of one breakdown with each count withheld as the total's parts require
    (`metrics.published_breakdown`: "<5", and "x" where a small one could be worked out)."""
    data = [{"code": row.key, "name": row.label, **_counts(row, row.overdue)} for row in rows]
    raw = [_raw_counts(row) for row in rows]
    for name in ("received", "answered", "answered_on_time", "overdue_open"):
        shown = metrics.published_breakdown([counts[name] for counts in raw])
        for item, value in zip(data, shown, strict=True):
            item[name] = value
    return data


def as_data(office: Office, stats: PeriodStatistics) -> dict[str, Any]:
    """The API body: counts as published (`metrics.published_count`: an int, or "<5" for 1
    to 4; in the breakdowns also "x" where a small count could be worked out from the
    others, `metrics.published_breakdown`), shares in 0-1 (null under 5), IKM of the
    published survey periods."""
    figures = stats.figures
    return {
        "office": office.slug,
        "office_name": office.name,
        "period": period_name(stats.period),
        "start": stats.period.start.isoformat(),
        "end": stats.period.end.isoformat(),
        "time_zone": office.timezone,
        "computed_at": stats.computed_at.isoformat(),
        "complaints": {
            **_counts(figures, figures.overdue),
            "mean_rating": _number(metrics.published_share(figures.rating_total, figures.ratings)),
            "by_class": _breakdown(figures.by_class),
            "by_channel": _breakdown(figures.by_channel),
        },
        "surveys": [
            {
                "start": r.period.start.isoformat(),
                "end": r.period.end.isoformat(),
                "service": r.period.service.slug if r.period.service else None,
                "respondents": r.index.n,
                "ikm": _number(r.index.converted_display),
                "grade": r.index.grade.letter if r.index.grade else None,
            }
            for r in stats.surveys
        ],
    }
