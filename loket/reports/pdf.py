"""The monthly report as an A4 PDF for the head to sign (issue 16): the office's letterhead,
the period in the active language ("November 2026", "Triwulan IV 2026"), the complaint and
consultation desk figures, the satisfaction survey, two charts, the time it was made in the
office's zone and a signature block. Pages numbered "Halaman x dari y".

Same figures as the page and the CSV/XLSX exports: every number is read from the report
object (`selectors.Report`) through the export tables (`exports`), shown as the page shows
it (`templatetags.reports`: "75,0%" in Indonesian, "75.0%" in English). Nothing is counted
here. No personal data: counts, shares and durations only.

Rendered in the request (one period's aggregates, a few pages: see the timing note in
`bench/README.md`) up to `LOKET_EXPORT_INLINE_DAYS`; a longer period by the background task
`tasks.build_export`, which calls the same `render_report`. Fonts as `loket.standards.pdf`:
DejaVu or Liberation Sans where the system has them, else Helvetica.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Any
from xml.sax.saxutils import escape

from django.utils import dateformat
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from loket.moments import moment_in
from loket.pdf_fonts import fonts

from . import charts, exports, periods
from .metrics import ON_TIME_TARGET, Tally
from .selectors import Report
from .templatetags.reports import NONE, decimal1, percent, table_rows

PDF_TYPE = "application/pdf"
MARGIN = 16 * mm
WIDTH = A4[0] - 2 * MARGIN  # the text width, 178 mm


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5)
    return {
        "body": body,
        "bold": ParagraphStyle("bold", parent=body, fontName=bold),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontName=bold, fontSize=7, leading=9),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "head": ParagraphStyle(
            "head", parent=body, fontName=bold, fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "headsub": ParagraphStyle(
            "headsub", parent=body, fontSize=9, leading=12, alignment=TA_CENTER
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
            spaceBefore=4,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            textColor=colors.HexColor("#8a1538"),
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=bold,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
    }


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def shown(value: Any, unit: str = "") -> str:
    """A summary value as the page shows it: a share (unit `exports.SHARE`) in per cent,
    hours, minutes and means with one decimal and their unit, "–" for no value."""
    if value is None:
        return NONE
    if unit == exports.SHARE:
        return percent(value)
    if isinstance(value, float | Fraction):
        return f"{decimal1(value)} {unit}".strip()
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return f"{value} {unit}".strip()


def _grid(data: list[list[Any]], widths: Sequence[float | None], *, header: bool = True) -> Table:
    table = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#505a5f")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")))
    table.setStyle(TableStyle(style))
    return table


def _lines(lines: list[exports.Line], s: dict[str, ParagraphStyle]) -> Table:
    """(name, value, unit) lines as a two-column table."""
    rows = [[_p(name, s["cell"]), _p(shown(value, unit), s["cell"])] for name, value, unit in lines]
    return _grid(rows, [WIDTH * 0.7, WIDTH * 0.3], header=False)


def _table(
    table: exports.Table,
    s: dict[str, ParagraphStyle],
    *,
    skip: Sequence[int] = (),
    widths: Sequence[float | None] | None = None,
) -> Table:
    """An export table with its cells as the page shows them (`table_rows`), without the
    columns `skip` (the class and channel codes)."""
    keep = [i for i in range(len(table.header)) if i not in skip]
    data = [[_p(table.header[i], s["cellbold"]) for i in keep]]
    for row in table_rows(table):
        data.append([_p(row[i], s["cell"]) for i in keep])
    return _grid(data, widths or [WIDTH / len(keep)] * len(keep))


# --- Charts (reportlab.graphics; their numbers are in the tables under them) --------------

CHART_HEIGHT = 62 * mm


def _bars(labels: list[str], font: str) -> VerticalBarChart:
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 16 * mm
    chart.width, chart.height = WIDTH - 16 * mm, CHART_HEIGHT - 26 * mm
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 90 if len(labels) > 14 else 0
    chart.categoryAxis.labels.boxAnchor = "e" if len(labels) > 14 else "n"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#b1b4b6")
    chart.valueAxis.gridStrokeWidth = 0.3
    return chart


def _chart_title(drawing: Drawing, text: str, font: str) -> None:
    drawing.add(String(0, CHART_HEIGHT - 8, text, fontName=font, fontSize=9))


def weekly_chart(report: Report, font: str, bold: str) -> Drawing:
    """Complaints received per ISO week, stacked by channel (the page's weekly chart)."""
    figures = report.complaints
    weeks = periods.weeks(report.period)
    used = [row for row in figures.by_channel if row.received]
    data = [[figures.weekly.get(week, {}).get(row.key, 0) for week in weeks] for row in used]
    totals = [sum(column) for column in zip(*data, strict=True)] if data else [0] * len(weeks)
    labels = [dateformat.format(week, "j M") for week in weeks]
    chart = _bars(labels, font)
    chart.data = data or [[0] * len(weeks)]
    chart.categoryAxis.style = "stacked"
    top = charts._nice_top(max(totals, default=0))
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = top / 5
    chart.valueAxis.labelTextFormat = "%d"
    for i in range(len(chart.data)):
        chart.bars[i].fillColor = colors.HexColor(charts.PALETTE[i % len(charts.PALETTE)])
        chart.bars[i].strokeColor = None
    drawing = Drawing(WIDTH, CHART_HEIGHT + (6 * mm if used else 0))
    drawing.add(chart)
    if used:
        chart.y += 6 * mm
        legend = Legend()
        legend.x, legend.y = 12 * mm, 4 * mm
        legend.fontName, legend.fontSize = font, 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 60
        legend.dx = legend.dy = 6
        legend.colorNamePairs = [
            (colors.HexColor(charts.PALETTE[i % len(charts.PALETTE)]), row.label)
            for i, row in enumerate(used)
        ]
        drawing.add(legend)
    _chart_title(
        drawing,
        _("Pengaduan diterima per minggu, menurut kanal"),
        bold,
    )
    return drawing


def monthly_chart(report: Report, font: str, bold: str) -> Drawing:
    """The share answered on time per month (per cent; a month without a finished complaint
    with a deadline draws no bar), with the target line (`metrics.ON_TIME_TARGET`)."""
    months = report.period.months()
    tallies = [report.complaints.monthly.get(month, Tally()) for month in months]
    chart = _bars(
        [
            dateformat.format(month, "M Y" if i == 0 or month.month == 1 else "M")
            for i, month in enumerate(months)
        ],
        font,
    )
    chart.data = [
        [float(t.on_time_share) * 100 if t.on_time_share is not None else 0 for t in tallies]
    ]
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor = colors.HexColor(charts.PALETTE[0])
    chart.bars[0].strokeColor = None
    chart.width = min(chart.width, len(months) * 30 * mm)  # one month: not one wide block
    drawing = Drawing(WIDTH, CHART_HEIGHT)
    drawing.add(chart)
    y = chart.y + chart.height * float(ON_TIME_TARGET)
    red = colors.HexColor("#d4351c")
    drawing.add(
        Line(
            chart.x,
            y,
            chart.x + chart.width,
            y,
            strokeColor=red,
            strokeWidth=1.2,
            strokeDashArray=[4, 3],
        )
    )
    target = _("Target %(share)s") % {"share": f"{float(ON_TIME_TARGET) * 100:.0f}%"}
    drawing.add(
        String(
            chart.x + chart.width,
            y + 3,
            target,
            fontName=font,
            fontSize=7,
            fillColor=red,
            textAnchor="end",
        )
    )
    _chart_title(drawing, _("Persentase pengaduan dijawab tepat waktu per bulan"), bold)
    return drawing


# --- Page numbers ------------------------------------------------------------------------


def _numbered_canvas(footer: str, pages: str, font: str) -> type[pdfcanvas.Canvas]:
    """A canvas that writes `footer` and "Halaman x dari y" (`pages`, with %(page)s and
    %(pages)s) on every page once the number of pages is known."""

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(font, 8)
                self.drawString(MARGIN, 10 * mm, footer)
                self.drawRightString(
                    A4[0] - MARGIN, 10 * mm, pages % {"page": self._pageNumber, "pages": total}
                )
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


# --- The report ---------------------------------------------------------------------------


def render_report(report: Report, *, filters: Sequence[tuple[str, str]] = ()) -> bytes:
    """The report as PDF bytes, in the active language. `filters`: the (name, chosen) pairs
    the figures were narrowed to (`ReportForm.chosen_filters`), printed under the title."""
    office = report.office
    regular, bold = fonts()
    s = _styles()
    made = report.now.astimezone(office.tz)
    tables = {table.name: table for table in exports.tables(report)}
    story: list[Any] = []

    # Letterhead (kop surat), as the standards' PDF.
    if office.parent_name:
        story.append(_p(office.parent_name, s["headsub"]))
    story.append(_p(office.name, s["head"]))
    contact = office.address + (f" {office.postal_code}" if office.postal_code else "")
    if contact.strip():
        story.append(_p(contact, s["headsub"]))
    phone, email = _("Telepon"), _("E-mail")
    extras = " · ".join(
        v
        for v in (
            f"{phone} {office.phone_display}" if office.phone else "",
            f"{email} {office.email}" if office.email else "",
        )
        if v
    )
    if extras:
        story.append(_p(extras, s["headsub"]))
    story.append(
        HRFlowable(width="100%", thickness=1.5, color=colors.black, spaceBefore=4, spaceAfter=8)
    )
    story.append(_p(_("Laporan Pengelolaan Pengaduan dan Pelayanan"), s["title"]))
    story.append(_p(_("Periode %(period)s") % {"period": report.period.label}, s["center"]))
    story.append(
        _p(
            f"{date_format(report.period.start, 'j F Y')} – "
            f"{date_format(report.period.end, 'j F Y')} ({office.zone_name})",
            s["center"],
        )
    )
    if filters:
        narrowed = "; ".join(f"{name}: {value}" for name, value in filters)
        story.append(_p(_("Disaring: %(filters)s") % {"filters": narrowed}, s["center"]))
    story.append(Spacer(1, 4 * mm))

    # Complaints.
    story.append(_p(_("Pengaduan"), s["h2"]))
    story.append(_lines(exports.complaint_lines(report), s))
    story.append(
        _p(
            _(
                "Tepat waktu: dijawab paling lambat pada batas waktu klasifikasinya. Waktu "
                "penanganan dari diterima sampai dijawab, termasuk waktu menunggu pengadu; "
                "jam kerja menurut kalender kerja instansi."
            ),
            s["small"],
        )
    )
    story.append(
        _p(
            _(
                "SP4N-LAPOR! (Perpres 76/2013; PermenPANRB 62/2018): pengaduan dari kanal "
                "SP4N-LAPOR! yang diterima dalam periode; verifikasi (keputusan pertama: "
                "diklasifikasi, diteruskan, bukan wewenang, atau duplikat) paling lambat 3 hari "
                "kerja sejak diterima; tindak lanjut (jawaban pertama) paling lambat 5 hari "
                "kerja sejak verifikasi; hari kerja menurut kalender kerja instansi."
            ),
            s["small"],
        )
    )
    complaint_widths = [WIDTH * 0.3, *[WIDTH * 0.1] * 7]
    for name in (_("Pengaduan per klasifikasi"), _("Pengaduan per kanal")):
        story.append(_p(name, s["h3"]))
        story.append(_table(tables[name], s, skip=(0,), widths=complaint_widths))

    story.append(_p(_("Grafik"), s["h2"]))
    story.append(weekly_chart(report, regular, bold))
    weekly = tables[_("Pengaduan per minggu")]
    empty = [i for i in range(1, len(weekly.header) - 1) if not any(row[i] for row in weekly.rows)]
    keep = len(weekly.header) - len(empty)
    story.append(_table(weekly, s, skip=empty, widths=[WIDTH / keep] * keep))
    story.append(Spacer(1, 4 * mm))
    story.append(monthly_chart(report, regular, bold))
    story.append(_table(tables[_("Tepat waktu per bulan")], s))

    # The consultation desk.
    story.append(_p(_("Meja konsultasi"), s["h2"]))
    story.append(_lines(exports.desk_lines(report), s))
    desk = tables[_("Konsultasi per bagian")]
    story.append(_p(_("Per bagian"), s["h3"]))
    if desk.rows:
        story.append(_table(desk, s))
    else:
        story.append(_p(_("Tidak ada kunjungan pada periode ini."), s["body"]))

    # The satisfaction survey.
    story.append(_p(_("Kepuasan masyarakat (SKM)"), s["h2"]))
    survey = tables[_("Survei kepuasan")]
    if survey.rows:
        story.append(_table(survey, s))
    else:
        story.append(_p(_("Tidak ada periode survei pada rentang ini."), s["body"]))

    # Made at, and the head's signature.
    story.append(Spacer(1, 6 * mm))
    story.append(
        _p(
            _("Dibuat %(moment)s dari Loket.") % {"moment": moment_in(made, office.tz)},
            s["small"],
        )
    )
    signature = Table(
        [
            [
                _p("", s["body"]),
                _p(
                    f"{office.city or '……………………'}, {date_format(made.date(), 'j F Y')}", s["center"]
                ),
            ],
            [_p("", s["body"]), _p(_("Kepala %(office)s") % {"office": office.name}, s["center"])],
            [_p("", s["body"]), Spacer(1, 22 * mm)],
            [_p("", s["body"]), _p("(……………………………………)", s["center"])],
            [_p("", s["body"]), _p(_("NIP.") + " ……………………………", s["center"])],
        ],
        colWidths=[None, 80 * mm],
    )
    story.append(KeepTogether([Spacer(1, 4 * mm), signature]))

    title = _("Laporan Pengelolaan Pengaduan dan Pelayanan")
    footer = f"{office.name} · {title} · {report.period.label}"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=f"{title} {report.period.label}",
        author=office.name,
        lang=get_language(),
    )
    doc.build(
        story,
        canvasmaker=_numbered_canvas(footer, _("Halaman %(page)s dari %(pages)s"), regular),
    )
    return buffer.getvalue()
