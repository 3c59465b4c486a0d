"""Reading an SP4N-LAPOR! export (CSV or XLSX) into rows of text cells, and the column
mapping: which header holds which field. LAPOR!'s export layout is only documented to
registered agencies and changes between versions, so nothing is assumed: the admin maps
the columns once (a guess from common header names is offered), with a preview."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from django.utils.translation import gettext_lazy as _

MAX_ROWS = 20_000

# Our field -> (label, required, header names seen in LAPOR! exports, lower case).
FIELDS: dict[str, tuple] = {
    "lapor_id": (
        _("Nomor pelacakan LAPOR!"),
        True,
        [
            "id laporan",
            "nomor laporan",
            "no. tracking",
            "tracking id",
            "kode laporan",
            "id",
            "no tracking",
            "tracking_id",
        ],
    ),
    "title": (_("Judul"), False, ["judul", "judul laporan", "title"]),
    "description": (
        _("Isi laporan"),
        True,
        ["isi laporan", "isi", "laporan", "deskripsi", "uraian", "content"],
    ),
    "submitted_at": (
        _("Tanggal laporan"),
        False,
        ["tanggal laporan", "tanggal", "tgl laporan", "waktu", "created_at", "tanggal masuk"],
    ),
    "reporter_name": (_("Nama pelapor"), False, ["nama pelapor", "pelapor", "nama"]),
    "reporter_phone": (
        _("Telepon pelapor"),
        False,
        ["telepon", "no hp", "nomor telepon", "hp", "telepon pelapor"],
    ),
    "reporter_email": (_("E-mail pelapor"), False, ["email", "e-mail", "email pelapor"]),
    "anonymous": (_("Anonim"), False, ["anonim", "anonymous", "is_anonymous"]),
    "confidential": (_("Rahasia"), False, ["rahasia", "confidential", "is_secret"]),
    "status": (_("Status di LAPOR!"), False, ["status", "status laporan"]),
    "category": (_("Kategori"), False, ["kategori", "category", "topik"]),
    "location": (_("Lokasi"), False, ["lokasi", "location", "alamat"]),
}
TRUE_WORDS = {"ya", "y", "yes", "true", "1", "benar", "anonim", "rahasia"}


class ReadError(ValueError):
    pass


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv(content: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ReadError(_("Berkas kosong."))
    return Table(headers=rows[0], rows=rows[1 : MAX_ROWS + 1])


def _xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ReadError(_("Berkas XLSX tidak dapat dibaca.")) from exc
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = [_cell(v) for v in row]
        if any(cells):
            rows.append(cells)
        if len(rows) > MAX_ROWS:
            break
    book.close()
    if not rows:
        raise ReadError(_("Berkas kosong."))
    return Table(headers=rows[0], rows=rows[1:])


def read(content: bytes, filename: str) -> Table:
    """The export's header row and data rows, as text."""
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _xlsx(content)
    if b"\x00" in content[:1024]:
        raise ReadError(_("Berkas harus CSV atau XLSX."))
    return _csv(content)


def guess_mapping(headers: list[str]) -> dict[str, str]:
    lowered = {h.strip().lower(): h for h in headers}
    mapping = {}
    for name, (_label, _required, seen) in FIELDS.items():
        for candidate in seen:
            if candidate in lowered:
                mapping[name] = lowered[candidate]
                break
    return mapping


def is_true(value: str) -> bool:
    return value.strip().lower() in TRUE_WORDS


def parse_time(value: str, tz: tzinfo) -> datetime | None:
    """A date or time as LAPOR! exports write it; without a zone it is `tz`'s local time."""
    value = value.strip()
    if not value:
        return None
    for pattern in (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y",
        "%d-%m-%Y %H:%M",
        "%d-%m-%Y",
    ):
        try:
            return datetime.strptime(f"{value} +0000", f"{pattern} %z").replace(tzinfo=tz)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ReadError(_("Tanggal tidak dikenali: %(value)s") % {"value": value}) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
