"""The disposition sheet (lembar disposisi, issue 14): the paper that carries a complaint to
the head for instructions. Its data (`sheet`) feeds the HTML page (printed from the
browser, A4) and the PDF (`render_pdf`, reportlab like the standards' PDF): reference,
received date, channel, class, deadline in the office's zone (WIB/WITA/WIT), subject, the
assignees, and blanks for the head's instructions, the date and the signature.

The complainant's identity is need-to-know (issue 12): the name is printed only for a user
who may open it (`services.may_view_identity`), and printing it is logged as an access to
personal data (UU 27/2022); everyone else gets a sheet without it."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from loket.moments import moment_in
from loket.pdf_fonts import fonts

from . import services
from .models import Complaint

# The head's usual instructions, ticked by hand on the printed sheet.
INSTRUCTIONS = [
    gettext_lazy("Tindak lanjuti sesuai ketentuan"),
    gettext_lazy("Koordinasikan dengan unit terkait"),
    gettext_lazy("Siapkan jawaban untuk pengadu"),
    gettext_lazy("Laporkan hasilnya kepada saya"),
    gettext_lazy("Untuk diketahui / arsip"),
]


def _moment(value: datetime | None, office: Any) -> str:
    return moment_in(value, office.tz)


def sheet(complaint: Complaint, *, user: Any, now: datetime | None = None) -> dict[str, Any]:
    """Everything the sheet shows, as text, for `user` (one of the office's staff, already
    checked by the page): `office`, `complaint`, `rows` [(label, value)], `assignees`
    [names], `instructions` [labels], `printed_at`, `identity_shown`."""
    now = now or timezone.now()
    office = complaint.office
    if complaint.anonymous:
        complainant = _("Anonim")
        shown = False
    elif services.may_view_identity(complaint, user) and complaint.complainant_name:
        complainant = services.view_personal_data(
            complaint, user=user, purpose=_("Lembar disposisi dicetak"), now=now
        )["name"]
        shown = True
    else:
        complainant = _("Tidak dicetak (hanya bagi petugas yang berwenang)")
        shown = False
    assignees = [
        a.user.get_full_name() or a.user.username
        for a in complaint.assignments.select_related("user").order_by("assigned_at", "id")
    ]
    rows = [
        (_("Nomor pengaduan"), complaint.reference),
        (_("Diterima"), _moment(complaint.received_at, office)),
        (_("Kanal"), str(complaint.get_channel_display())),
        (_("Klasifikasi"), complaint.class_name or _("Belum diklasifikasi")),
        (_("Batas waktu"), _moment(complaint.due_at, office) or _("Belum ditetapkan")),
        (_("Perihal"), complaint.title),
        (_("Layanan"), complaint.service.name if complaint.service else "-"),
        (_("Pengadu"), complainant),
        (_("Status"), str(complaint.get_status_display())),
    ]
    return {
        "office": office,
        "complaint": complaint,
        "rows": rows,
        "assignees": assignees,
        "instructions": [str(text) for text in INSTRUCTIONS],
        "printed_at": _moment(now, office),
        "identity_shown": shown,
    }


def render_pdf(data: dict[str, Any]) -> bytes:
    """The sheet of `sheet()` as one A4 page of PDF."""
    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.5)
    strong = ParagraphStyle("strong", parent=body, fontName=bold)
    head = ParagraphStyle(
        "head", parent=body, fontName=bold, fontSize=13, leading=16, alignment=TA_CENTER
    )
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    office = data["office"]
    story: list = [
        p(office.name, head),
        HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceBefore=4, spaceAfter=6),
        p(_("Lembar disposisi pengaduan"), head),
        Spacer(1, 4 * mm),
    ]
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    table = Table([[p(k, strong), p(v)] for k, v in data["rows"]], colWidths=[42 * mm, None])
    table.setStyle(TableStyle(grid))
    story += [table, Spacer(1, 4 * mm)]
    assignees = "\n".join(f"☐ {name}" for name in data["assignees"]) or "-"
    instructions = "\n".join(f"☐ {text}" for text in data["instructions"])
    routing = Table(
        [
            [p(_("Diteruskan kepada"), strong), p(_("Instruksi / disposisi kepala"), strong)],
            [p(assignees + "\n☐ ……………………………"), p(instructions)],
            [p(_("Catatan kepala"), strong), p(_("Tanggal dan paraf"), strong)],
            [Spacer(1, 35 * mm), Spacer(1, 35 * mm)],
        ],
        colWidths=[None, None],
    )
    routing.setStyle(TableStyle(grid))
    story += [routing, Spacer(1, 8 * mm)]
    signature = Table(
        [
            [p(""), p(_("Kepala %(office)s") % {"office": office.name}, center)],
            [p(""), Spacer(1, 22 * mm)],
            [p(""), p("(……………………………………)", center)],
        ],
        colWidths=[None, 70 * mm],
    )
    story += [signature, Spacer(1, 6 * mm)]
    story.append(p(_("Dicetak %(moment)s dari Loket.") % {"moment": data["printed_at"]}, small))
    buffer = io.BytesIO()
    complaint = data["complaint"]
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Lembar disposisi %(reference)s") % {"reference": complaint.reference},
        author=office.name,
    )
    doc.build(story)
    return buffer.getvalue()
