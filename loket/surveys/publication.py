"""What the public sees of a published period, as plain data: the public page, its JSON and
CSV and the API all render this one structure, so they show the same numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import number_format

from . import ikm, selectors
from .models import SurveyPeriod
from .questionnaire import ELEMENTS


def _scope(period: SurveyPeriod) -> dict:
    if period.service_id:
        return {"service": period.service.slug, "service_name": period.service.name}
    return {"service": None, "service_name": None}


def period_data(period: SurveyPeriod, index: ikm.Index | None = None) -> dict:
    """Numbers of one period: full precision (`ikm`, `converted`, `nrr`) and as shown
    (`converted_display`, 2 decimals half-up), the grade in both languages and the plan."""
    index = index or selectors.results(period, with_profile=False).index
    grade = index.grade
    return {
        "id": period.pk,
        "kind": period.kind,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        **_scope(period),
        "published_at": period.published_at.isoformat() if period.published_at else None,
        "respondents": index.n,
        "nrr": {code: ikm.as_number(index.nrr[code]) for code in ikm.QUESTION_ORDER},
        "nrr_display": {code: ikm.as_number(index.nrr[code], 3) for code in ikm.QUESTION_ORDER},
        "ikm": ikm.as_number(index.ikm),
        "converted": ikm.as_number(index.converted),
        "converted_display": ikm.as_number(index.converted, 2),
        "grade": grade.letter if grade else None,
        "grade_label": {"id": grade.label_id, "en": grade.label_en} if grade else None,
        "plan": [
            {
                "element": row.element,
                "activity": row.activity,
                "when": row.when,
                "responsible": row.responsible,
            }
            for row in period.plan.all()
        ],
    }


def office_data(office) -> dict:
    periods = list(selectors.published_periods(office))
    return {
        "office": office.slug,
        "office_name": office.name,
        "url": reverse("surveys:public_results", args=[office.slug]),
        "elements": [
            {"code": code, "question": ELEMENTS[code].number, "name": str(ELEMENTS[code].name)}
            for code in ikm.QUESTION_ORDER
        ],
        "periods": [period_data(p) for p in periods],
    }


def shown(period: dict) -> dict:
    """`period_data` with what the public page shows in the active language: the dates as
    dates (the template writes "15 Mei 2026"), the converted score and the NRR with the
    language's decimal separator ("91,48" in Indonesian, "91.48" in English), rows of
    (code, name, NRR) in the questionnaire's order. The JSON and CSV keep `period_data`."""
    return {
        **period,
        "start_date": date.fromisoformat(period["start"]),
        "end_date": date.fromisoformat(period["end"]),
        "converted_shown": _decimal(period["converted_display"], 2),
        "nrr_rows": [
            (code, ELEMENTS[code].name, _decimal(period["nrr_display"][code], 3))
            for code in ikm.QUESTION_ORDER
        ],
    }


def _decimal(value: str | float | None, places: int) -> str:
    if value is None:
        return "-"
    return number_format(Decimal(str(value)), decimal_pos=places)


# The public CSV's columns: Indonesian headers in every language (the file's columns do not
# change with the reader's language), the element codes as in the regulation.
CSV_HEADER = [
    "Mulai periode",
    "Akhir periode",
    "Layanan",
    "Jumlah responden",
    *ikm.QUESTION_ORDER,
    "IKM",
    "Nilai konversi",
    "Nilai konversi (dibulatkan)",
    "Mutu pelayanan",
]


def csv_rows(data: dict):
    yield CSV_HEADER
    for p in data["periods"]:
        yield [
            p["start"],
            p["end"],
            p["service"] or "",
            p["respondents"],
            *(p["nrr"][code] for code in ikm.QUESTION_ORDER),
            p["ikm"],
            p["converted"],
            p["converted_display"],
            p["grade"],
        ]
