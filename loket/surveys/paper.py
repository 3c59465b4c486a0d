"""Paper questionnaires in a spreadsheet (CSV or XLSX), one row per respondent, checked row
by row before anything is stored.

Columns (header names, any order; others ignored): `tanggal` (YYYY-MM-DD or DD/MM/YYYY),
`layanan` (the service's code, optional), `jenis_kelamin` (L/P), `umur` (years) or `usia`
(band), `pendidikan`, `pekerjaan`, `U1`..`U9` (1-4, blank allowed), `saran`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.utils.translation import gettext as _

from . import ikm
from .csvio import SheetError, read_table
from .questionnaire import AgeBand, Education, Occupation, Sex, age_band
from .services import Answers, PaperRow, SurveyError, check

TEMPLATE_HEADER = [
    "tanggal",
    "layanan",
    "jenis_kelamin",
    "umur",
    "pendidikan",
    "pekerjaan",
    *ikm.QUESTION_ORDER,
    "saran",
]


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Baris %(line)s, kolom %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def parse_date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC).date()  # a date only
        except ValueError:
            continue
    raise ValueError(text)


def _choice(value: str, choices) -> str:
    if not value:
        return ""
    for allowed in choices.values:
        if allowed.lower() == value.lower():
            return allowed
    raise ValueError(value)


def _row(
    number: int, row: dict[str, str], services_by_slug: dict, check_date
) -> tuple[PaperRow | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    day = None
    try:
        day = parse_date(row.get("tanggal", ""))
    except ValueError:
        fail("tanggal", _("tanggal tidak dikenal (pakai YYYY-MM-DD atau DD/MM/YYYY)"))
    service = None
    if row.get("layanan"):
        service = services_by_slug.get(row["layanan"].lower())
        if service is None:
            fail("layanan", _("layanan tidak dikenal"))
    profile = {}
    for column, name, choices in (
        ("jenis_kelamin", "sex", Sex),
        ("pendidikan", "education", Education),
        ("pekerjaan", "occupation", Occupation),
        ("usia", "age_band", AgeBand),
    ):
        try:
            profile[name] = _choice(row.get(column, ""), choices)
        except ValueError:
            fail(column, _("pilihan tidak dikenal: %(value)s") % {"value": row[column]})
    if row.get("umur"):
        if row["umur"].isdigit() and 10 <= int(row["umur"]) <= 120:
            profile["age_band"] = age_band(int(row["umur"]))
        else:
            fail("umur", _("umur harus bilangan 10-120"))
    scores: dict[str, int | None] = {}
    for code in ikm.CODES:
        text = row.get(code, "")
        if text == "":
            scores[code] = None
        elif text in {"1", "2", "3", "4"}:
            scores[code] = int(text)
        else:
            fail(code, _("jawaban harus 1, 2, 3 atau 4"))
    if errors:
        return None, errors
    try:
        check_date(service, day)
    except SurveyError as error:
        fail("tanggal", str(error))
        return None, errors
    answers = Answers(scores=scores, suggestion=row.get("saran", ""), complete=False, **profile)
    try:
        check(answers)
    except SurveyError as error:
        fail(error.field or "U1", str(error))
        return None, errors
    return PaperRow(line=number, service=service, day=day, answers=answers), []


def parse_sheet(
    data: bytes, services_by_slug: dict, check_date
) -> tuple[list[PaperRow], list[RowError]]:
    """Every row of the file, or the list of what is wrong in which row and column.
    `check_date(service, day)` raises SurveyError for a date the office cannot take."""
    try:
        header, body = read_table(data)
    except SheetError as exc:
        return [], [RowError(1, "-", str(exc))]
    missing = [c for c in ("tanggal", *ikm.CODES) if c not in header]
    if missing:
        return [], [RowError(1, c, _("kolom tidak ada")) for c in missing]
    if not body:
        return [], [RowError(2, "-", _("berkas tidak berisi baris jawaban"))]
    rows: list[PaperRow] = []
    errors: list[RowError] = []
    for number, row in body:
        parsed, row_errors = _row(number, row, services_by_slug, check_date)
        errors.extend(row_errors)
        if parsed:
            rows.append(parsed)
    return rows, errors
