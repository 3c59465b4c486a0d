"""The complaint lists as files: CSV (UTF-8 with a byte-order mark, so spreadsheet programs
read the Indonesian text right) and XLSX (openpyxl, write-only). Times in the office's zone;
the complainant's identity only in the columns the caller asks for (`identities`), which
the page gives only to those who may see it, after logging the access."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from loket.offices.services import Channel

from .models import Complaint, Status

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def headers(with_identity: bool) -> list[str]:
    columns = [
        _("Nomor pengaduan"),
        _("Judul"),
        _("Status"),
        _("Klasifikasi"),
        _("Kanal"),
        _("Diterima"),
        _("Batas waktu"),
        _("Ditugaskan"),
    ]
    if with_identity:
        columns += [_("Nama pengadu"), _("Telepon"), _("E-mail")]
    return columns


def _when(value: datetime | None, tz: Any) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(
    complaints: Iterable[Complaint],
    tz: Any,
    identities: Mapping[int, Mapping[str, str]] | None = None,
) -> Iterable[list[str]]:
    """One list of cells per complaint, in the order of `headers`; `identities` maps a
    complaint's id to its complainant's name, phone and e-mail (empty cells for the
    others, such as anonymous complaints)."""
    statuses = dict(Status.choices)
    channels = dict(Channel.Kind.choices)
    for complaint in complaints:
        cells = [
            complaint.reference,
            complaint.title,
            str(statuses.get(complaint.status, complaint.status)),
            complaint.class_name,
            str(channels.get(complaint.channel, complaint.channel)),
            _when(complaint.received_at, tz),
            _when(complaint.due_at, tz),
            ", ".join(
                a.user.get_full_name() or a.user.username for a in complaint.assignments.all()
            ),
        ]
        if identities is not None:
            person = identities.get(complaint.pk, {})
            cells += [person.get("name", ""), person.get("phone", ""), person.get("email", "")]
        yield cells


def _safe(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def as_csv(header: list[str], body: Iterable[list[str]]) -> bytes:
    """CSV bytes, UTF-8 with a byte-order mark; cells that a spreadsheet would run as a
    formula are prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for cells in body:
        writer.writerow([_safe(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(header: list[str], body: Iterable[list[str]], title: str) -> bytes:
    """An XLSX workbook of one sheet named `title` (cut to Excel's 31 characters)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cells in body:
        sheet.append([_safe(cell) for cell in cells])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
