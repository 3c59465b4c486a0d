"""A published standard as an A4 PDF: the office's letterhead, the decree number, the version
and its date, then every component in the publication's order and wording.

Fonts: DejaVu Sans (full Unicode) when the system has it, else reportlab's built-in
Helvetica, so the PDF renders anywhere without shipping font files.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from loket.pdf_fonts import fonts

from .components import management_rows
from .models import Standard


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
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
            fontSize=16,
            leading=20,
            spaceBefore=6,
            spaceAfter=6,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=9,
            spaceAfter=3,
            textColor=colors.HexColor("#8a1538"),
            keepWithNext=1,  # a heading never ends a page
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=bold,
            fontSize=10.5,
            leading=14,
            spaceBefore=5,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "bold": ParagraphStyle("bold", parent=body, fontName=bold),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _list(items: list[tuple[str, str]], style: ParagraphStyle) -> ListFlowable:
    """A list whose markers are the publication's own ("a.", "1)")."""
    return ListFlowable(
        [ListItem(_p(text, style), value=marker, leftIndent=9 * mm) for marker, text in items],
        bulletType="bullet",
        bulletFontName=style.fontName,
        bulletFontSize=style.fontSize,
        leftIndent=9 * mm,
    )


def render_standard(standard: Standard, *, url: str = "") -> bytes:
    service = standard.service
    office = service.office
    s = _styles()
    story: list = []

    story.append(_p(office.parent_name, s["headsub"]))
    story.append(_p(office.name, s["head"]))
    contact = office.address + (f" {office.postal_code}" if office.postal_code else "")
    extras = " · ".join(v for v in (office.phone_display, office.email) if v)
    story.append(_p(contact, s["headsub"]))
    if extras:
        story.append(_p(extras, s["headsub"]))
    story.append(
        HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceBefore=4, spaceAfter=6)
    )

    story.append(_p(_("Standar pelayanan"), s["bold"]))
    story.append(_p(service.name, s["title"]))
    local_published = (
        timezone.localtime(standard.published_at, office.tz) if standard.published_at else None
    )
    meta = [
        (_("No. SK"), standard.decree_number or _("belum ditetapkan")),
        (
            _("Versi"),
            f"{standard.version}"
            + (
                f", {_('terbit')} {date_format(local_published, 'j F Y')}"
                if local_published
                else f" ({_('draf, belum terbit')})"
            ),
        ),
    ]
    if standard.effective_date:
        meta.append((_("Berlaku sejak"), date_format(standard.effective_date, "j F Y")))
    table = Table(
        [[_p(k, s["bold"]), _p(v, s["body"])] for k, v in meta], colWidths=[38 * mm, None]
    )
    table.setStyle(
        TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey)]
        )
    )
    story.append(table)

    story.append(_p(_("Persyaratan"), s["h2"]))
    story.append(_list([(f"{i}.", t) for i, t in enumerate(standard.requirements, 1)], s["body"]))
    story.append(_p(_("Sistem, Mekanisme dan Prosedur"), s["h2"]))
    story.append(
        _list(
            [
                (f"{step['label'] or i}.", step["text"])
                for i, step in enumerate(standard.procedure, 1)
            ],
            s["body"],
        )
    )
    story.append(_p(_("Waktu Penyelesaian"), s["h2"]))
    if standard.completion_time_text:
        story.append(_p(standard.completion_time_text, s["body"]))
    if standard.administration_time_text:
        story.append(_p(f"{_('Administrasi')} : {standard.administration_time_text}", s["body"]))
    if standard.consultation_time_text:
        story.append(_p(f"{_('Konsultasi')} : {standard.consultation_time_text}", s["body"]))
    story.append(_p(_("Biaya / Tarif"), s["h2"]))
    if standard.fee_tiers:
        story.append(
            _list([("-", f"{t['name']}: {t['text']}") for t in standard.fee_tiers], s["body"])
        )
    else:
        story.append(_p(standard.fee_text or "-", s["body"]))
    if standard.fee_legal_basis:
        story.append(_p(f"{_('Dasar hukum')}: {standard.fee_legal_basis}", s["body"]))
    story.append(_p(_("Produk Pelayanan"), s["h2"]))
    story.append(_list([(f"{i}.", t) for i, t in enumerate(standard.products, 1)], s["body"]))

    story.append(_p(_("Pengaduan Layanan"), s["h2"]))
    if standard.complaint_channels:
        story.append(
            _p(standard.complaint_intro or _("Pengaduan dapat dilakukan melalui :"), s["body"])
        )
        story.append(
            _list([(f"{i})", t) for i, t in enumerate(standard.complaint_channels, 1)], s["body"])
        )
    if standard.complaint_flow:
        story.append(_p(_("Alur Penanganan Pengaduan"), s["h3"]))
        story.append(
            _list([(f"{i}.", t) for i, t in enumerate(standard.complaint_flow, 1)], s["body"])
        )
    if standard.complaint_classes:
        rows = []
        for i, row in enumerate(standard.complaint_classes, 1):
            unit = _("jam") if row["unit"] == "hours" else _("hari kerja")
            text = row.get("text") or (
                f"{row['name']}, {_('selambat-lambatnya')} {row['amount']} {unit}"
            )
            rows.append((f"{i})", text))
        # The deadline items stay with their heading: on the page where the heading fits
        # with all of them, never split with the last items alone on the next page.
        story.append(
            KeepTogether(
                [_p(_("Jangka Waktu Penyelesaian Pengaduan"), s["h3"]), _list(rows, s["body"])]
            )
        )

    management = management_rows(standard)
    if management:
        story.append(_p(_("Komponen pengelolaan pelayanan"), s["h2"]))
        for label, value in management:
            story.append(_p(label, s["h3"]))
            story.append(_p(value, s["body"]))

    footer = f"{office.name} · {service.name} · {_('Versi')} {standard.version}"

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(s["small"].fontName, 8)
        canvas.drawString(16 * mm, 10 * mm, footer)
        if url:
            canvas.drawString(16 * mm, 6.5 * mm, url)
        canvas.drawRightString(A4[0] - 16 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{_('Standar pelayanan')} {service.name}",
        author=office.name,
        subject=standard.decree_number or "",
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
