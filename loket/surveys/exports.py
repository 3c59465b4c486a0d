"""A period's result as XLSX (openpyxl, write-only so 100,000 rows stream) and as the PDF
report offices publish (reportlab): introduction with the legal basis, method, sample,
results per element, profile, conclusion, follow-up plan, and an appendix with the
questionnaire and the processing table. Both read `selectors`, like the pages."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from . import ikm, selectors
from .models import Source, SurveyPeriod
from .questionnaire import ELEMENTS

LEGAL_BASIS = (
    "UU No. 25 Tahun 2009 tentang Pelayanan Publik",
    "PP No. 96 Tahun 2012 tentang Pelaksanaan UU No. 25 Tahun 2009",
    "PermenPANRB No. 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat "
    "Unit Penyelenggara Pelayanan Publik",
)
PDF_TABLE_ROWS = 2000  # the PDF appendix lists at most this many respondents; XLSX has all


def _scope(period: SurveyPeriod) -> str:
    return period.service.name if period.service_id else _("Seluruh layanan")


def _summary_rows(period: SurveyPeriod, result: selectors.Results) -> list[list]:
    index = result.index
    rows = [
        [_("Instansi"), period.office.name],
        [_("Layanan"), _scope(period)],
        [_("Periode"), f"{period.start:%d-%m-%Y} s.d. {period.end:%d-%m-%Y}"],
        [_("Jumlah responden"), index.n],
        [_("IKM"), ikm.as_number(index.ikm, 4)],
        [_("Nilai konversi"), ikm.as_number(index.converted, 2)],
        [
            _("Mutu pelayanan"),
            f"{index.grade.letter} ({index.grade.label_id})" if index.grade else "-",
        ],
    ]
    for bucket, label in (("with_token", _("dengan token")), ("without_token", _("tanpa token"))):
        part = result.buckets[bucket]
        rows.append(
            [
                _("Nilai konversi, %(bucket)s (n=%(n)s)") % {"bucket": label, "n": part.n},
                ikm.as_number(part.converted, 2) if part.converted is not None else "-",
            ]
        )
    return rows


def xlsx(period: SurveyPeriod) -> bytes:
    from openpyxl import Workbook

    result = selectors.results(period)
    index = result.index
    book = Workbook(write_only=True)
    summary = book.create_sheet(_("Ringkasan"))
    for row in _summary_rows(period, result):
        summary.append(row)
    summary.append([])
    summary.append([_("Unsur"), _("Pertanyaan"), _("Nama"), "NRR", _("NRR tertimbang")])
    weighted = index.weighted
    for code in ikm.QUESTION_ORDER:
        summary.append(
            [
                code,
                ELEMENTS[code].number,
                str(ELEMENTS[code].name),
                ikm.as_number(index.nrr[code]),
                ikm.as_number(weighted[code]),
            ]
        )
    plan = book.create_sheet(_("Rencana tindak lanjut"))
    plan.append([_("Unsur"), _("Kegiatan"), _("Waktu"), _("Penanggung jawab")])
    for row in period.plan.all():
        plan.append([row.element, row.activity, row.when, row.responsible])
    table = book.create_sheet(_("Pengolahan data"))
    table.append([_("No."), _("Tanggal"), _("Sumber"), *ikm.QUESTION_ORDER])
    sources = dict(Source.choices)
    for number, (day, source, *answers) in enumerate(selectors.processing_rows(period), 1):
        table.append([number, day, str(sources.get(source, source)), *answers])
    sums = index.totals.sums
    table.append([_("Jumlah nilai per unsur"), "", "", *(sums[c] for c in ikm.QUESTION_ORDER)])
    table.append(["NRR", "", "", *(ikm.as_number(index.nrr[c]) for c in ikm.QUESTION_ORDER)])
    table.append(
        [_("NRR tertimbang"), "", "", *(ikm.as_number(weighted[c]) for c in ikm.QUESTION_ORDER)]
    )
    table.append(["IKM", "", "", ikm.as_number(index.ikm)])
    table.append([_("Nilai konversi"), "", "", ikm.as_number(index.converted, 2)])
    profile = book.create_sheet(_("Profil responden"))
    for heading, rows in result.profile_sections:
        profile.append([heading])
        for row in rows:
            profile.append(["", row.value or "-", row.label, row.count])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf(period: SurveyPeriod) -> bytes:
    """The published report (A4). Long on purpose: the report is one story read top to
    bottom in the order offices publish it; splitting it per section scatters that order."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    result = selectors.results(period)
    index = result.index
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
        ]
    )
    story = [
        Paragraph(_("Laporan Survei Kepuasan Masyarakat"), h1),
        Paragraph(
            f"{period.office.name} · {_scope(period)} · "
            f"{period.start:%d-%m-%Y} s.d. {period.end:%d-%m-%Y}",
            body,
        ),
        Paragraph(_("1. Pendahuluan dan dasar hukum"), h2),
    ]
    story += [Paragraph(f"- {basis}", body) for basis in LEGAL_BASIS]
    story += [
        Paragraph(_("2. Metode"), h2),
        Paragraph(
            _(
                "Kuesioner sembilan unsur PermenPANRB 14/2017, empat pilihan jawaban "
                "bernilai 1-4. NRR per unsur = jumlah nilai unsur / jumlah jawaban unsur; "
                "IKM = jumlah (NRR x 1/9); nilai konversi = IKM x 25, dibulatkan dua "
                "desimal."
            ),
            body,
        ),
        Paragraph(_("3. Sampel"), h2),
    ]
    progress = selectors.progress(period)
    story.append(
        Table(
            [
                [_("Populasi"), _("Sampel minimum (Krejcie-Morgan)"), _("Responden")],
                [progress.population, progress.required, index.n],
            ],
            style=grid,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        Table(
            [[str(label), progress.by_source[value]] for value, label in Source.choices],
            style=TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8)]),
        )
    )
    story.append(Paragraph(_("4. Hasil per unsur"), h2))
    weighted = index.weighted
    rows = [[_("Unsur"), _("P"), _("Nama"), "NRR", _("NRR tertimbang")]]
    rows += [
        [
            code,
            ELEMENTS[code].number,
            Paragraph(str(ELEMENTS[code].name), body),
            ikm.as_number(index.nrr[code], 3),
            ikm.as_number(weighted[code], 3),
        ]
        for code in ikm.QUESTION_ORDER
    ]
    story.append(Table(rows, style=grid, colWidths=[14 * mm, 10 * mm, 80 * mm, 25 * mm, 30 * mm]))
    story.append(Spacer(1, 4 * mm))
    story.append(Table(_summary_rows(period, result)[3:], style=grid))
    story.append(Paragraph(_("5. Profil responden"), h2))
    for heading, profile_rows in result.profile_sections:
        story.append(
            Table(
                [
                    [heading, *(r.label for r in profile_rows)],
                    ["n", *(r.count for r in profile_rows)],
                ],
                style=grid,
            )
        )
        story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(_("6. Kesimpulan"), h2))
    weakest = ", ".join(f"{c} {ELEMENTS[c].name}" for c in result.weakest)
    story.append(
        Paragraph(period.conclusion or _("Unsur terlemah: %(list)s.") % {"list": weakest}, body)
    )
    suggestions = list(selectors.approved_suggestions(period)[:50])
    if suggestions:
        story.append(Paragraph(_("Saran responden"), styles["Heading3"]))
        story += [Paragraph(f"- {s.suggestion}", body) for s in suggestions]
    story.append(Paragraph(_("7. Rencana tindak lanjut"), h2))
    plan_rows = [[_("Unsur"), _("Kegiatan"), _("Waktu"), _("Penanggung jawab")]]
    plan_rows += [
        [r.element, Paragraph(r.activity, body), r.when, r.responsible] for r in period.plan.all()
    ]
    story.append(Table(plan_rows, style=grid, colWidths=[14 * mm, 90 * mm, 30 * mm, 40 * mm]))
    story += [PageBreak(), Paragraph(_("Lampiran 1. Kuesioner"), h2)]
    for code in ikm.QUESTION_ORDER:
        element = ELEMENTS[code]
        answers = " / ".join(f"{s}. {a}" for s, a in zip(ikm.SCORES, element.answers, strict=True))
        story.append(
            Paragraph(f"{element.number}. ({code}) {element.question}<br/>{answers}", body)
        )
    story += [
        PageBreak(),
        Paragraph(_("Lampiran 2. Pengolahan data per responden dan per unsur"), h2),
    ]
    table = [[_("No."), *ikm.QUESTION_ORDER]]
    for number, (_day, _source, *answers) in enumerate(selectors.processing_rows(period), 1):
        if number > PDF_TABLE_ROWS:
            break
        table.append([number, *("" if a is None else a for a in answers)])
    sums = index.totals.sums
    table.append([_("Jumlah"), *(sums[c] for c in ikm.QUESTION_ORDER)])
    table.append(["NRR", *(ikm.as_number(index.nrr[c], 3) for c in ikm.QUESTION_ORDER)])
    table.append([_("NRR x 1/9"), *(ikm.as_number(weighted[c], 3) for c in ikm.QUESTION_ORDER)])
    table.append(["IKM", ikm.as_number(index.ikm, 4)])
    table.append([_("Konversi"), ikm.as_number(index.converted, 2)])
    if index.n > PDF_TABLE_ROWS:
        story.append(
            Paragraph(
                _(
                    "Baris 1-%(rows)s dari %(n)s; tabel lengkap ada di berkas "
                    "XLSX. Jumlah, NRR dan IKM dihitung dari semua responden."
                )
                % {"rows": PDF_TABLE_ROWS, "n": index.n},
                body,
            )
        )
    story.append(Table(table, style=grid, repeatRows=1))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=_("Laporan SKM"), leftMargin=15 * mm, rightMargin=15 * mm
    ).build(story)
    return buffer.getvalue()
