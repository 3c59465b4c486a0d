"""SP4N-LAPOR!: import of the admin panel's export, keyed by the LAPOR! tracking id (a
re-import updates, never duplicates), anonim/rahasia carried over, bad rows listed; the
export of our follow-ups per LAPOR! id for upload. The live API plugs in behind
`loket.intake.lapor.gateway`."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import complaints_port as port
from ..lapor import reader
from ..models import InboundMessage, IntakeEvent, LaporMapping
from .accounts import lapor_account
from .ingress import sha256, store_message

M = InboundMessage


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad_rows: list[tuple[int, str]] = field(default_factory=list)


def saved_mapping(office) -> dict[str, str]:
    found = LaporMapping.objects.filter(office=office).first()
    return dict(found.columns) if found else {}


@transaction.atomic
def save_mapping(office, columns: dict[str, str], now: datetime | None = None) -> LaporMapping:
    mapping, _created = LaporMapping.objects.update_or_create(
        office=office, defaults={"columns": columns, "updated_at": now or timezone.now()}
    )
    return mapping


def check_mapping(headers: list[str], columns: dict[str, str]) -> list[str]:
    """What is wrong with a mapping for these headers (empty when usable)."""
    problems = []
    for name, (label, required, _seen) in reader.FIELDS.items():
        column = columns.get(name, "")
        if required and not column:
            problems.append(_("Kolom untuk “%(field)s” wajib dipilih.") % {"field": label})
        elif column and column not in headers:
            problems.append(_("Kolom “%(column)s” tidak ada di berkas.") % {"column": column})
    return problems


def _row_values(table: reader.Table, row: list[str], columns: dict[str, str]) -> dict:
    index = {h: i for i, h in enumerate(table.headers)}
    return {
        name: (row[index[col]] if col in index and index[col] < len(row) else "")
        for name, col in columns.items()
        if col
    }


def _fields(values: dict, office) -> dict:
    """The message fields of one report; ReadError for a row that cannot be imported."""
    lapor_id = values.get("lapor_id", "").strip()
    if not lapor_id:
        raise reader.ReadError(_("Nomor pelacakan LAPOR! kosong."))
    description = values.get("description", "").strip()
    if not description:
        raise reader.ReadError(_("Isi laporan kosong."))
    submitted = reader.parse_time(values.get("submitted_at", ""), office.tz)
    anonymous = reader.is_true(values.get("anonymous", ""))
    confidential = reader.is_true(values.get("confidential", ""))
    email = values.get("reporter_email", "").strip()
    return {
        "provider_id": lapor_id[:255],
        "sender": (email or values.get("reporter_phone", "").strip())[:254],
        "sender_name": values.get("reporter_name", "").strip()[:200],
        "subject": values.get("title", "").strip()[:500],
        "text": description,
        "provider_at": submitted,
        "withhold_sender": anonymous,
        "details": {
            "anonymous": anonymous,
            "confidential": confidential,
            "lapor_status": values.get("status", "").strip(),
            "category": values.get("category", "").strip(),
            "location": values.get("location", "").strip(),
            "reporter_phone": values.get("reporter_phone", "").strip(),
            "reporter_email": email,
        },
    }


def import_reports(
    office,
    content: bytes,
    filename: str,
    columns: dict[str, str],
    *,
    actor=None,
    now: datetime | None = None,
) -> ImportResult:
    """Import every row of an export file (row numbers as the spreadsheet shows them)."""
    table = reader.read(content, filename)
    rows = (
        (number, _row_values(table, row, columns), dict(zip(table.headers, row, strict=False)))
        for number, row in enumerate(table.rows, start=2)  # row 1 is the header
    )
    return import_rows(office, rows, actor=actor, now=now)


def import_rows(office, rows, *, actor=None, now: datetime | None = None) -> ImportResult:
    """Import (row number, field values, raw cells) triples, from a file or a gateway. Each
    report is stored once per office whatever the number of uploads; a changed row updates
    the stored report (an event) and, when it is already a complaint, notes the change on
    the complaint's timeline."""
    now = now or timezone.now()
    result = ImportResult()
    account = lapor_account(office)
    for number, values, cells in rows:
        try:
            fields = _fields(values, office)
        except reader.ReadError as exc:
            result.bad_rows.append((number, str(exc)))
            continue
        raw = json.dumps(cells, ensure_ascii=False, sort_keys=True).encode()
        key = f"lapor:{fields['provider_id']}"
        stored = store_message(
            account=account,
            channel="lapor",
            dedupe_key=key,
            raw=raw,
            raw_type="application/json",
            now=now,
            **fields,
        )
        if stored is not None:
            result.created += 1
        elif _update(account, key, raw, fields, actor=actor, now=now):
            result.updated += 1
        else:
            result.unchanged += 1
    return result


@transaction.atomic
def _update(account, key: str, raw: bytes, fields: dict, *, actor, now: datetime) -> bool:
    message = M.objects.select_for_update().get(account=account, dedupe_key=key)
    if message.raw_sha256 == sha256(raw):
        return False
    before = message.details.get("lapor_status", "")
    for name, value in fields.items():
        setattr(message, name, value)
    message.raw, message.raw_sha256 = raw, sha256(raw)
    message.save()
    IntakeEvent.objects.create(
        message=message,
        at=now,
        actor=actor,
        action=IntakeEvent.Action.UPDATED,
        data={"lapor_status": [before, fields["details"]["lapor_status"]]},
    )
    if message.complaint_id:
        complaint = port.complaint_by_id(message.office, message.complaint_id)
        if complaint is not None:
            port.add_internal_note(
                complaint,
                actor=actor,
                text=_("Laporan SP4N-LAPOR! %(id)s diperbarui pada impor ulang (status: %(s)s).")
                % {"id": message.provider_id, "s": fields["details"]["lapor_status"] or "-"},
            )
    return True


def export_followups(office) -> bytes:
    """CSV of our follow-ups per LAPOR! id, for upload to LAPOR!: status, dates and the
    public timeline's texts (a rahasia complaint's texts stay out, as on the tracking page)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["lapor_id", "status", "diterima", "tindak_lanjut_terakhir", "tindak_lanjut"])
    rows = (
        M.objects.filter(office=office, channel="lapor", complaint__isnull=False)
        .defer("raw")
        .order_by("provider_id")
    )
    for message in rows:
        complaint = port.complaint_by_id(office, message.complaint_id or 0)
        if complaint is None:
            continue
        events = port.public_timeline(complaint)
        texts = [
            f"{at.astimezone(office.tz):%Y-%m-%d %H:%M} {what}" + (f": {text}" if text else "")
            for at, what, text in events
        ]
        last = events[-1][0].astimezone(office.tz).strftime("%Y-%m-%d %H:%M") if events else ""
        writer.writerow(
            [
                message.provider_id,
                port.status_label(complaint),
                complaint.received_at.astimezone(office.tz).strftime("%Y-%m-%d %H:%M"),
                last,
                "\n".join(texts),
            ]
        )
    return out.getvalue().encode("utf-8-sig")
