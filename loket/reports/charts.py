"""The report's charts as plain SVG, drawn on the server: no script, no external file, no
library (as `loket.surveys.charts`: pygal would reference a CDN script unless configured away
and embed its CSS in every chart). Each chart has a title and a description for screen
readers, and the page gives its numbers in a table next to it. Text is escaped here, so the
result is safe to include in a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from xml.sax.saxutils import escape

from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import periods
from .metrics import ON_TIME_TARGET, Tally

WIDTH, HEIGHT = 640, 260
MAX_BAR = 56  # a period of one or two months still draws bars, not blocks
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 62
# Colour-blind-safe palette (Okabe-Ito), one per channel in the order of ChannelKind.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: list[int]


def _open(ident: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" class="report-chart">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def _axis(top_value: float, ticks: Sequence[tuple[float, str]]) -> list[str]:
    parts = []
    for value, text in ticks:
        y = _y(value, top_value)
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#b1b4b6" '
            'stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 4}" text-anchor="end" font-size="11">'
            f"{escape(text)}</text>"
        )
    return parts


def _y(value: float, top_value: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return round(TOP + inner * (1 - (value / top_value if top_value else 0)), 1)


def _nice_top(value: int) -> int:
    """The smallest of 5, 10, 20, 50, 100, 200, ... at least `value`."""
    top = 5
    while top < value:
        top = top * 2 if str(top)[0] in "15" else top * 5 // 2
    return top


def stacked_bars(
    ident: str, title: str, description: str, labels: list[str], series: list[Series]
) -> SafeString:
    """Bars per label, one stacked segment per series, with a legend under the axis."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = _nice_top(max(totals, default=0))
    parts = _open(ident, title, description)
    parts += _axis(top, [(top * i / 5, str(round(top * i / 5))) for i in range(6)])
    inner = WIDTH - LEFT - RIGHT
    step = inner / max(len(labels), 1)
    bar = min(max(step * 0.7, 1), MAX_BAR)
    for i, label in enumerate(labels):
        x = round(LEFT + i * step + (step - bar) / 2, 1)
        base = 0
        for s in series:
            value = s.values[i]
            if value:
                y_top, y_base = _y(base + value, top), _y(base, top)
                parts.append(
                    f'<rect x="{x}" y="{y_top}" width="{round(bar, 1)}" '
                    f'height="{round(y_base - y_top, 1)}" fill="{s.colour}">'
                    f"<title>{escape(label)}: {escape(s.label)} {value}</title></rect>"
                )
            base += value
        if len(labels) <= 14 or i % 2 == 0:
            parts.append(
                f'<text x="{round(x + bar / 2, 1)}" y="{HEIGHT - BOTTOM + 14}" '
                f'text-anchor="middle" font-size="10">{escape(label)}</text>'
            )
    x, y = LEFT, HEIGHT - 34
    for s in series:
        width = 24 + 7 * len(s.label)
        if x + width > WIDTH - RIGHT and x > LEFT:  # the legend wraps to a second line
            x, y = LEFT, y + 18
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{s.colour}"/>'
            f'<text x="{x + 14}" y="{y + 9}" font-size="11">{escape(s.label)}</text>'
        )
        x += width
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def share_bars(
    ident: str,
    title: str,
    description: str,
    labels: list[str],
    shares: list[Fraction | None],
    target: Fraction,
) -> SafeString:
    """A bar per label for a share (0-1, None: no bar) with a dashed target line."""
    parts = _open(ident, title, description)
    parts += _axis(1, [(i / 4, f"{25 * i}%") for i in range(5)])
    inner = WIDTH - LEFT - RIGHT
    step = inner / max(len(labels), 1)
    bar = min(max(step * 0.6, 1), MAX_BAR)
    for i, (label, value) in enumerate(zip(labels, shares, strict=True)):
        x = round(LEFT + i * step + (step - bar) / 2, 1)
        if value is not None:
            y = _y(float(value), 1)
            shown = f"{float(value) * 100:.1f}%"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{round(bar, 1)}" '
                f'height="{round(_y(0, 1) - y, 1)}" fill="#0072b2">'
                f"<title>{escape(label)}: {shown}</title></rect>"
            )
        parts.append(
            f'<text x="{round(x + bar / 2, 1)}" y="{HEIGHT - BOTTOM + 14}" '
            f'text-anchor="middle" font-size="10">{escape(label)}</text>'
        )
    y = _y(float(target), 1)
    parts.append(
        f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#d4351c" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    target_text = _("Target %(share)s") % {"share": f"{float(target) * 100:.0f}%"}
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{y - 4}" text-anchor="end" font-size="11" '
        f'fill="#d4351c">{escape(target_text)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _week_label(monday: date) -> str:
    return dateformat.format(monday, "j M")


def _month_labels(months: list[date]) -> list[str]:
    """Short month names; the year on the first month and on every January."""
    return [
        dateformat.format(month, "M Y" if i == 0 or month.month == 1 else "M")
        for i, month in enumerate(months)
    ]


def weekly_volume(report) -> SafeString:
    """Complaints received per ISO week of the period, stacked by channel."""
    figures = report.complaints
    weeks = periods.weeks(report.period)
    used = [row for row in figures.by_channel if row.received]
    series = [
        Series(
            row.label,
            PALETTE[i % len(PALETTE)],
            [figures.weekly.get(week, {}).get(row.key, 0) for week in weeks],
        )
        for i, row in enumerate(used)
    ]
    return stacked_bars(
        "weekly",
        _("Pengaduan diterima per minggu, menurut kanal"),
        _("Batang bertumpuk per minggu (mulai Senin); angkanya ada di tabel di bawah."),
        [_week_label(week) for week in weeks],
        series,
    )


def monthly_on_time(report) -> SafeString:
    """Share answered on time per month of the period, against the target."""
    months = report.period.months()
    tallies = [report.complaints.monthly.get(month, Tally()) for month in months]
    return share_bars(
        "ontime",
        _("Persentase pengaduan dijawab tepat waktu per bulan"),
        _("Batang per bulan dengan garis target; angkanya ada di tabel di bawah."),
        _month_labels(months),
        [t.on_time_share for t in tallies],
        ON_TIME_TARGET,
    )


def public_on_time(months, shares: list[Fraction | None]) -> SafeString:
    """The public page's chart: share answered on time per month (withheld months empty)."""
    return share_bars(
        "ontime",
        _("Persentase pengaduan dijawab tepat waktu per bulan"),
        _("Batang per bulan dengan garis target; angkanya ada di tabel."),
        _month_labels(list(months)),
        shares,
        ON_TIME_TARGET,
    )
