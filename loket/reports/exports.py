"""The report's figures as CSV and XLSX: the same numbers as the page (from `metrics`), one
table per section. No personal data: counts, shares and durations only.

CSV: every table after a line with its name, a blank line between them, UTF-8 with a byte
order mark (spreadsheets then read the accents). XLSX (openpyxl): one sheet per table, numbers
and dates as real cells (shares as fractions shown in per cent). In both, a text cell starting
with = + - @ (or a tab or carriage return) is written with a leading apostrophe, so a
spreadsheet never runs it as a formula (OWASP "CSV injection"): class and service names are
office data.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from . import metrics, periods
from .selectors import OfficeFigures, Report

# The unit of a share (a fraction from 0 to 1; XLSX shows it in per cent).
SHARE = "0–1"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _number(value: Any) -> Any:
    """Fractions (shares, means) as floats rounded to 4 places; None stays empty."""
    if isinstance(value, Fraction):
        return round(float(value), 4)
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass
class Table:
    name: str  # the sheet's title (at most 31 characters)
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    shares: tuple[int, ...] = ()  # columns holding a share (shown in per cent in XLSX)
    # A table of (name, value, unit) lines: a line whose unit is SHARE holds a share.
    share_rows: bool = False
    monthly: bool = False  # its dates are months (the page shows "November 2026")


def _complaint_table(name: str, first: str, rows) -> Table:
    table = Table(
        name,
        [
            _("Kode"),
            first,
            _("Diterima"),
            _("Selesai"),
            _("Selesai dengan batas waktu"),
            _("Selesai tepat waktu"),
            _("Persentase tepat waktu"),
            _("Terlambat"),
            _("Melewati batas waktu saat ini"),
        ],
        shares=(6,),
    )
    for row in rows:
        t = row.tally
        table.rows.append(
            [
                row.key,
                row.label,
                row.received,
                t.finished,
                t.with_deadline,
                t.on_time,
                t.on_time_share,
                t.late,
                row.overdue,
            ]
        )
    return table


Line = tuple[str, Any, str]


def complaint_lines(report: Report) -> list[Line]:
    """The complaint figures of the summary as (name, value, unit) lines: counts, shares
    (unit SHARE), hours and the mean rating (a fraction, 1-5)."""
    c = report.complaints
    return [
        (_("Pengaduan diterima"), c.received, ""),
        (_("Pengaduan diklasifikasi"), c.classified, ""),
        (_("Pengaduan selesai"), c.finished.finished, ""),
        (_("Selesai dengan batas waktu"), c.finished.with_deadline, ""),
        (_("Selesai tepat waktu"), c.finished.on_time, ""),
        (_("Persentase tepat waktu"), c.finished.on_time_share, SHARE),
        (_("Melewati batas waktu saat ini"), c.overdue, ""),
        (_("Waktu penanganan kalender, median"), c.calendar_hours.median, _("jam")),
        (_("Waktu penanganan kalender, persentil 90"), c.calendar_hours.p90, _("jam")),
        (_("Waktu penanganan jam kerja, median"), c.office_hours.median, _("jam")),
        (_("Waktu penanganan jam kerja, persentil 90"), c.office_hours.p90, _("jam")),
        (_("Dibuka kembali oleh pengadu"), c.reopened, ""),
        (_("Persentase dibuka kembali"), c.reopened_share, SHARE),
        (_("Diteruskan ke instansi lain"), c.forwarded, ""),
        (_("Bukan wewenang"), c.not_authority, ""),
        (_("Rata-rata penilaian pengadu (1–5)"), c.mean_rating, ""),
        (_("Jumlah penilaian"), c.ratings, ""),
        *lapor_lines(report),
    ]


def lapor_lines(report: Report) -> list[Line]:
    """The SP4N-LAPOR! stages (`metrics.lapor_stages`) as (name, value, unit) lines: the
    LAPOR! complaints received, each stage's count within its limit, late and share (within
    / within and late), and those still within a stage's limit."""
    lapor = report.lapor
    verification, follow_up = lapor.verification, lapor.follow_up
    return [
        (_("Pengaduan dari SP4N-LAPOR!"), lapor.received, ""),
        (_("SP4N-LAPOR!: diverifikasi dalam 3 hari kerja"), verification.within, ""),
        (_("SP4N-LAPOR!: verifikasi terlambat"), verification.late, ""),
        (
            _("SP4N-LAPOR!: persentase diverifikasi dalam 3 hari kerja"),
            verification.within_share,
            SHARE,
        ),
        (_("SP4N-LAPOR!: ditindaklanjuti dalam 5 hari kerja"), follow_up.within, ""),
        (_("SP4N-LAPOR!: tindak lanjut terlambat"), follow_up.late, ""),
        (
            _("SP4N-LAPOR!: persentase ditindaklanjuti dalam 5 hari kerja"),
            follow_up.within_share,
            SHARE,
        ),
        (_("SP4N-LAPOR!: masih dalam batas waktu tahapan"), lapor.pending, ""),
    ]


def desk_lines(report: Report) -> list[Line]:
    """The consultation desk's figures of the summary as (name, value, unit) lines: counts,
    minutes of administration and the share within the standard (unit SHARE)."""
    d = report.desk
    t = d.total
    return [
        (_("Kunjungan (datang)"), t.visits, ""),
        (_("Datang dengan pemesanan"), d.booked_arrivals, ""),
        (_("Datang tanpa pemesanan"), d.walk_ins, ""),
        (_("Tidak datang (pemesanan)"), t.no_shows, ""),
        (_("Waktu administrasi, median"), t.admin.median, _("menit")),
        (_("Waktu administrasi, persentil 90"), t.admin.p90, _("menit")),
        (_("Sesuai standar waktu administrasi"), t.within, ""),
        (_("Persentase sesuai standar waktu administrasi"), d.within_share, SHARE),
    ]


def tables(report: Report) -> list[Table]:
    """Every section of the report as a table, in the page's order."""
    c, d = report.complaints, report.desk
    summary = Table(_("Ringkasan"), [_("Angka"), _("Nilai"), _("Satuan")], share_rows=True)
    lines: list[Line] = [
        (_("Instansi"), report.office.name, ""),
        (_("Periode"), report.period.label, ""),
        (_("Dari tanggal"), report.period.start, ""),
        (_("Sampai tanggal"), report.period.end, ""),
        (_("Zona waktu"), f"{report.office.zone_name} ({report.office.timezone})", ""),
        *complaint_lines(report),
        *desk_lines(report),
    ]
    summary.rows = [list(line) for line in lines]
    desk = Table(
        _("Konsultasi per bagian"),
        [
            _("Bagian"),
            _("Datang"),
            _("Selesai"),
            _("Tidak datang"),
            _("Administrasi median (menit)"),
            _("Administrasi persentil 90 (menit)"),
            _("Sesuai standar"),
            _("Persentase sesuai standar"),
        ],
        shares=(7,),
    )
    for group in d.divisions:
        desk.rows.append(
            [
                group.label or _("Belum diarahkan"),
                group.visits,
                group.done,
                group.no_shows,
                group.admin.median,
                group.admin.p90,
                group.within,
                share_of(group.within, group.admin.count),
            ]
        )
    surveys = Table(
        _("Survei kepuasan"),
        [
            _("Mulai"),
            _("Selesai"),
            _("Layanan"),
            _("Status"),
            _("Responden"),
            _("Nilai IKM"),
            _("Mutu pelayanan"),
        ],
    )
    for result in report.surveys:
        p, index = result.period, result.index
        surveys.rows.append(
            [
                p.start,
                p.end,
                p.service.name if p.service else _("Seluruh layanan"),
                p.get_status_display(),
                index.n,
                float(index.converted_display) if index.converted_display is not None else None,
                index.grade.letter if index.grade else None,
            ]
        )
    return [
        summary,
        _complaint_table(_("Pengaduan per klasifikasi"), _("Klasifikasi"), c.by_class),
        _complaint_table(_("Pengaduan per kanal"), _("Kanal"), c.by_channel),
        weekly_table(report),
        monthly_table(report),
        desk,
        surveys,
    ]


def weekly_table(report: Report) -> Table:
    """Complaints received per ISO week (Monday) of the period and channel (every week,
    also those without a complaint): the weekly chart's numbers."""
    c = report.complaints
    channels = [row.key for row in c.by_channel]
    table = Table(
        _("Pengaduan per minggu"),
        [_("Minggu mulai"), *[row.label for row in c.by_channel], _("Jumlah")],
    )
    for week in periods.weeks(report.period):
        counts = [c.weekly.get(week, {}).get(key, 0) for key in channels]
        table.rows.append([week, *counts, sum(counts)])
    return table


def monthly_table(report: Report) -> Table:
    """Finished complaints with a deadline and those on time, per month of the period: the
    on-time chart's numbers."""
    table = Table(
        _("Tepat waktu per bulan"),
        [_("Bulan"), _("Selesai dengan batas waktu"), _("Selesai tepat waktu"), _("Persentase")],
        shares=(3,),
        monthly=True,
    )
    for month in report.period.months():
        tally = report.complaints.monthly.get(month, metrics.Tally())
        table.rows.append([month, tally.with_deadline, tally.on_time, tally.on_time_share])
    return table


def share_of(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _text(value: Any) -> str:
    value = _number(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(neutral(value))


def as_csv(report: Report) -> str:
    """Every table of the report in one CSV text."""
    return tables_csv(tables(report))


def tables_csv(all_tables: list[Table]) -> str:
    """`all_tables` in one CSV text (the report's, the province comparison's)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for number, table in enumerate(all_tables):
        if number:
            writer.writerow([])
        writer.writerow([neutral(table.name)])
        writer.writerow([neutral(cell) for cell in table.header])
        for row in table.rows:
            writer.writerow([_text(cell) for cell in row])
    return out.getvalue()


def as_xlsx(report: Report) -> bytes:
    """The report as an XLSX workbook, one sheet per table."""
    return tables_xlsx(tables(report))


def tables_xlsx(all_tables: list[Table]) -> bytes:
    """`all_tables` as an XLSX workbook, one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in all_tables:
        sheet = book.create_sheet(title=table.name[:31])
        sheet.append([neutral(cell) for cell in table.header])
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([neutral(_number(cell)) for cell in row])
        for cells, row in zip(sheet.iter_rows(min_row=2), table.rows, strict=True):
            for number, cell in enumerate(cells):
                share = number in table.shares or (table.share_rows and row[-1] == SHARE)
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif share and isinstance(cell.value, float | int):
                    cell.number_format = "0.0%"
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- The province comparison (issue 16) ------------------------------------------------------


def province_tables(rows: list[OfficeFigures], period: periods.Period) -> list[Table]:
    """The comparison as the page shows it (same order, same figures): one line per office."""
    table = Table(
        _("Perbandingan instansi"),
        [
            _("Kode"),
            _("Instansi"),
            _("Pengaduan diterima"),
            _("Pengaduan selesai"),
            _("Selesai dengan batas waktu"),
            _("Selesai tepat waktu"),
            _("Persentase tepat waktu"),
            _("Melewati batas waktu saat ini"),
            _("Waktu penanganan kalender, median (jam)"),
            _("Rata-rata penilaian pengadu (1–5)"),
            _("Kunjungan (datang)"),
            _("Persentase sesuai standar waktu administrasi"),
            _("Nilai IKM"),
            _("Mutu pelayanan"),
        ],
        shares=(6, 11),
    )
    for row in rows:
        c, t = row.complaints, row.desk
        index = row.ikm
        table.rows.append(
            [
                row.office.slug,
                row.office.name,
                c.received,
                c.finished.finished,
                c.finished.with_deadline,
                c.finished.on_time,
                c.finished.on_time_share,
                c.overdue,
                c.calendar_median,
                c.mean_rating,
                t.visits,
                row.desk.within_share,
                float(index.converted_display) if index and index.converted_display else None,
                index.grade.letter if index and index.grade else None,
            ]
        )
    about = Table(_("Periode"), [_("Angka"), _("Nilai"), _("Satuan")], share_rows=True)
    about.rows = [
        [_("Periode"), period.label, ""],
        [_("Dari tanggal"), period.start, ""],
        [_("Sampai tanggal"), period.end, ""],
    ]
    return [table, about]
