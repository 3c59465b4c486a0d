"""The access export (UU 27/2022) as a readable A4 PDF: for each kind of record its purpose,
recipients and retention, then every record's data, then who viewed it. Built from the same
dictionary as the JSON export, so the two never disagree."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

FIELD_LABELS = {
    "booking_code": gettext_lazy("Kode pemesanan"),
    "reference": gettext_lazy("Nomor pengaduan"),
    "created_at": gettext_lazy("Dicatat"),
    "received_at": gettext_lazy("Diterima"),
    "status": gettext_lazy("Status"),
    "service": gettext_lazy("Layanan"),
    "channel": gettext_lazy("Kanal"),
    "title": gettext_lazy("Judul"),
    "description": gettext_lazy("Uraian"),
    "name": gettext_lazy("Nama"),
    "phone": gettext_lazy("Telepon"),
    "email": gettext_lazy("E-mail"),
    "nik": gettext_lazy("NIK"),
    "id_number": gettext_lazy("Nomor identitas"),
    "institution": gettext_lazy("Instansi asal"),
    "position": gettext_lazy("Jabatan"),
    "purpose": gettext_lazy("Keperluan"),
    "anonymous": gettext_lazy("Anonim"),
    "channel_details": gettext_lazy("Rincian kanal"),
    "files": gettext_lazy("Berkas"),
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or "–"
    return str(value) if value not in (None, "") else "–"


def _record_table(record: dict[str, Any], style: ParagraphStyle) -> Table:
    rows = [
        [
            Paragraph(escape(str(FIELD_LABELS.get(key, key))), style),
            Paragraph(escape(_text(v)), style),
        ]
        for key, v in record.items()
    ]
    return Table(rows, colWidths=[45 * mm, 125 * mm], hAlign="LEFT")


def export_pdf(export: dict[str, Any]) -> bytes:
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5)
    title = ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=15, leading=19)
    h2 = ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=12, leading=16)
    story: list[Any] = [
        Paragraph(escape(_("Data pribadi yang diproses oleh %s") % export["office"]), title),
        Paragraph(escape(_("Dibuat: %s") % export["generated_at"]), body),
        Paragraph(escape(_("Dasar pemrosesan: %s") % export["legal_basis"]), body),
        Spacer(1, 4 * mm),
    ]
    for key, heading in (("visits", _("Kunjungan")), ("complaints", _("Pengaduan"))):
        part = export[key]
        story += [
            Paragraph(escape(f"{heading} ({len(part['records'])})"), h2),
            Paragraph(escape(_("Tujuan: %s") % part["purpose"]), body),
            Paragraph(escape(_("Penerima: %s") % part["recipients"]), body),
            Paragraph(escape(_("Masa simpan: %s hari") % part["retention_days"]), body),
            Spacer(1, 2 * mm),
        ]
        for record in part["records"]:
            story += [_record_table(record, body), Spacer(1, 3 * mm)]
    trail = export["complaints"]["access_trail"]
    story.append(Paragraph(escape(_("Siapa yang melihat data pengaduan (%s)") % len(trail)), h2))
    for row in trail:
        line = f"{row['at']} · {row['reference']} · {row['user']} · {row['purpose']}"
        story.append(Paragraph(escape(line), body))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=_("Ekspor data pribadi")).build(story)
    return out.getvalue()
