"""Public reports endpoints of the API (mounted at /api/v1/offices/):

- `GET /api/v1/offices/{office}/compliance/` (`?service=<slug>` for one service): the
  compliance report card (`compliance`), one entry per checked item;
- `GET /api/v1/offices/{office}/statistics/?period=YYYY-MM` (also `YYYY`, `YYYY-Qn`,
  `YYYY-Sn`; default this month): the public statistics of a period (`statistics`).

No sign-in, no personal data, rate-limited per client like the public pages. Messages are in
the request's language: `Accept-Language` (`en` or `id`), else the language cookie, else
Bahasa Indonesia.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.utils import timezone, translation
from django.utils.translation.trans_real import parse_accept_lang_header
from django_ratelimit.decorators import ratelimit
from ninja import Field, Router, Schema

from loket.offices.services import office_by_slug
from loket.standards.selectors import public_services

from . import compliance, periods, statistics

router = Router(tags=["reports"])
RATE = "60/m"
CACHE_SECONDS = 300
# Where `loket.middleware.ExplicitLanguageMiddleware` keeps the Accept-Language header it
# hides from the pages (a page is in Bahasa Indonesia unless the visitor switched).
ORIGINAL_ACCEPT_LANGUAGE = "LOKET_ACCEPT_LANGUAGE"


class ErrorItem(Schema):
    code: str
    field: str | None
    message: str


class ApiError(Schema):
    detail: str
    errors: list[ErrorItem] = []


class ComplianceItemOut(Schema):
    code: str = Field(..., description="Stable key of the checked item, e.g. `standard.decree`")
    title: str = Field(..., description="What is checked, in the request's language")
    passed: bool
    message: str = Field(..., description="Why it passed or failed, in the request's language")
    fix_url: str = Field(..., description="Staff page (path) where the gap is fixed; may be empty")


class ComplianceOut(Schema):
    office: str
    office_name: str
    service: str | None = Field(..., description="Service slug, null for the whole office")
    language: str
    computed_at: str
    passed: int
    total: int
    items: list[ComplianceItemOut]


Count = int | str


class CountsOut(Schema):
    received: Count = Field(..., description='Received in the period; "<5" for 1 to 4')
    answered: Count = Field(..., description='Answered in the period; "<5" for 1 to 4')
    answered_on_time: Count = Field(
        ..., description='Answered at or before the class deadline; "<5" for 1 to 4'
    )
    on_time_share: float | None = Field(
        ..., description="answered_on_time / answered with a deadline (0-1); null under 5"
    )
    overdue_open: Count = Field(
        ..., description='Open past the deadline now (not per period); "<5" for 1 to 4'
    )


class GroupOut(CountsOut):
    code: str = Field(..., description='Class code ("" unclassified) or channel kind')
    name: str


class ComplaintsOut(CountsOut):
    mean_rating: float | None = Field(..., description="Mean rating 1-5; null under 5 ratings")
    by_class: list[GroupOut]
    by_channel: list[GroupOut]


class SurveyOut(Schema):
    start: str
    end: str
    service: str | None
    respondents: int
    ikm: float | None = Field(..., description="Converted IKM (25-100), 2 decimals")
    grade: str | None


class StatisticsOut(Schema):
    office: str
    office_name: str
    period: str
    start: str
    end: str
    time_zone: str
    computed_at: str
    complaints: ComplaintsOut
    surveys: list[SurveyOut]


def _error(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    body = {"detail": message, "errors": [{"code": code, "field": field, "message": message}]}
    return JsonResponse(body, status=status)


def _limited(request) -> JsonResponse | None:
    if getattr(request, "limited", False):
        return _error(429, "rate_limited", "Too many requests; try again later.")
    return None


def request_language(request) -> str:
    """`id` or `en`: the first supported language of the request's Accept-Language, else
    the active one (the language cookie's, else Bahasa Indonesia)."""
    header = request.META.get(ORIGINAL_ACCEPT_LANGUAGE) or request.META.get(
        "HTTP_ACCEPT_LANGUAGE", ""
    )
    supported = {code for code, _name in settings.LANGUAGES}
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return translation.get_language() or settings.LANGUAGE_CODE


def _office(slug: str):
    office = office_by_slug(slug)
    if office is None:
        raise Http404
    return office


@router.get(
    "/{office}/compliance/",
    response={200: ComplianceOut, 404: ApiError, 429: ApiError},
    summary="Compliance report card (rapor kepatuhan) of an office or one of its services",
    description="One entry per checked item, in a fixed order, with a stable `code`: "
    + ", ".join(f"`{code}`" for code in compliance.CODES)
    + f". Shares pass at {float(compliance.PASS_SHARE) * 100:.0f}% or more. Messages in the "
    "request's language (`Accept-Language: en` or `id`). `service` (a slug of a service with "
    "a published standard) narrows the card to that service; unknown: 404.",
)
@ratelimit(key="ip", rate=RATE, block=False)
def office_compliance(request, office: str, service: str | None = None):
    if limited := _limited(request):
        return limited
    found = _office(office)
    chosen = None
    if service:
        chosen = public_services(found).filter(slug=service).first()
        if chosen is None:
            raise Http404
    language = request_language(request)
    with translation.override(language):
        card = compliance.published_card(found, chosen)["card"]
    return {
        "office": found.slug,
        "office_name": found.name,
        "service": chosen.slug if chosen else None,
        "language": language,
        "computed_at": card.computed_at.isoformat(),
        "passed": card.passed,
        "total": len(card.items),
        "items": [
            {
                "code": item.code,
                "title": item.title,
                "passed": item.passed,
                "message": item.message,
                "fix_url": item.fix_url,
            }
            for item in card.items
        ],
    }


@router.get(
    "/{office}/statistics/",
    response={200: StatisticsOut, 400: ApiError, 404: ApiError, 429: ApiError},
    summary="Public complaint and satisfaction statistics of an office for one period",
    description="`period`: `YYYY-MM` (a month), `YYYY-Qn` (triwulan, n 1-4), `YYYY-Sn` "
    "(semester, n 1-2) or `YYYY` (a year), in the office's time zone; default this month. "
    "A malformed period answers 400 with code `invalid_period`, field `period`. The same "
    'figures as the public statistics page: counts from 1 to 4 are the text "<5" (every '
    "count, overdue included), shares and means resting on fewer than 5 are null. "
    "`overdue_open` counts the complaints open past their deadline now, whatever the period. "
    "IKM of the survey periods published that overlap the period. Cached for 5 minutes.",
)
@ratelimit(key="ip", rate=RATE, block=False)
def office_statistics(request, office: str, period: str = ""):
    if limited := _limited(request):
        return limited
    found = _office(office)
    language = request_language(request)
    with translation.override(language):
        try:
            if period:
                chosen = statistics.parse_period(period)
            else:
                today = timezone.localdate(timezone=found.tz)
                chosen = periods.preset_period(periods.THIS_MONTH, today)
        except statistics.PeriodError as error:
            return _error(400, error.code, str(error), error.field)
        key = f"reports:api-statistics:{found.pk}:{chosen.start}:{chosen.end}:{language}"
        data: dict[str, Any] | None = cache.get(key)
        if data is None:
            data = statistics.as_data(found, statistics.period_statistics(found, chosen))
            cache.set(key, data, CACHE_SECONDS)
    return data
