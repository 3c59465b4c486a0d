"""The public statistics page of an office: per month, complaints received, answered and
answered on time, the mean rating and the survey index; no sign-in, no personal data.

Cached: the figures of an office are computed at most once per `CACHE_SECONDS` (and per
language, for the labels); the ETag is a digest of the published figures (with the language
and the visitor's CSRF cookie) and Last-Modified the moment the figures last changed, so a
browser asking again gets 304 Not Modified while nothing changed. The pages are `private`
for caches: each carries the visitor's CSRF token in its language switch form."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe
from django_ratelimit.decorators import ratelimit

from loket.offices.services import office_or_404

from . import charts, selectors

if TYPE_CHECKING:
    from loket.offices.services import Office

CACHE_SECONDS = 300
PUBLIC_RATE = "60/m"


def _digest(figures: selectors.PublicFigures) -> str:
    shown = [
        (m.month.isoformat(), sorted(m.shown.items(), key=lambda item: item[0]))
        for m in figures.months
    ]
    surveys = [(r.period.pk, str(r.index.converted_display), r.index.n) for r in figures.surveys]
    classes = [(c.code, c.name, c.amount, c.unit) for c in figures.classes]
    text = repr((shown, figures.overdue, surveys, classes))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _published(office: Office) -> dict[str, Any]:
    """{"figures", "etag", "since"} of `office`, from the cache while fresh. `since` stays
    the same as long as the digest does, across recomputations."""
    language = get_language()
    key = f"reports:public:{office.pk}:{language}"
    found = cache.get(key)
    if found is not None:
        return found
    figures = selectors.public_figures(office)
    # The body differs per language: so does the tag.
    etag = f"{_digest(figures)}-{language}"
    last_key = f"reports:public-since:{office.pk}:{language}"
    last = cache.get(last_key)
    since = last[1] if last and last[0] == etag else figures.computed_at.replace(microsecond=0)
    cache.set(last_key, (etag, since), None)
    found = {"figures": figures, "etag": etag, "since": since}
    cache.set(key, found, CACHE_SECONDS)
    return found


def _office(request, office_slug: str) -> Office:
    """The office, looked up once per request (the ETag, Last-Modified and the page)."""
    if getattr(request, "_reports_office", None) is None:
        request._reports_office = office_or_404(office_slug)
    return request._reports_office


def _always_render(request) -> bool:
    """A page with flash messages waiting is rendered (a 304 would keep them for the next
    page)."""
    return bool(len(messages.get_messages(request)))


def _etag(request, office_slug: str) -> str | None:
    """The figures' tag, with the visitor's CSRF cookie: every page carries the language
    switch form, whose token is bound to that cookie, so a rotated cookie must not revive a
    cached copy of the form."""
    if _always_render(request):
        return None
    cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    token = hashlib.sha256(cookie.encode()).hexdigest()[:8]
    return f"{_published(_office(request, office_slug))['etag']}-{token}"


def _last_modified(request, office_slug: str) -> datetime | None:
    if _always_render(request):
        return None
    return _published(_office(request, office_slug))["since"]


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
@cache_control(max_age=CACHE_SECONDS, private=True)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def statistics(request, office_slug: str):
    office = _office(request, office_slug)
    published = _published(office)
    figures = published["figures"]
    return render(
        request,
        "reports/public/statistics.html",
        {
            "office": office,
            "figures": figures,
            "months": [(m.month, m.shown) for m in reversed(figures.months)],
            "now": timezone.localtime(figures.computed_at, office.tz),
            "chart": charts.public_on_time(
                [m.month for m in figures.months],
                [m.shown["on_time_share"] for m in figures.months],
            ),
        },
    )


def open_data(figures: selectors.PublicFigures, office: Office) -> dict[str, Any]:
    """The page's figures as open data (the data dictionary is on the page): counts from 1
    to 4 are the text "<5", withheld shares and means are null."""

    def number(value):
        return None if value is None else round(float(value), 4)

    return {
        "office": office.slug,
        "office_name": office.name,
        "time_zone": office.timezone,
        "computed_at": figures.computed_at.isoformat(),
        "months": [
            {
                "month": f"{m.month:%Y-%m}",
                "received": m.shown["received"],
                "answered": m.shown["answered"],
                "answered_on_time": m.shown["answered_on_time"],
                "on_time_share": number(m.shown["on_time_share"]),
                "mean_rating": number(m.shown["mean_rating"]),
            }
            for m in figures.months
        ],
        "overdue_open": figures.overdue,
        "complaint_classes": [
            {"code": c.code, "name": c.name, "amount": c.amount, "unit": c.unit}
            for c in figures.classes
        ],
        "surveys": [
            {
                "start": r.period.start.isoformat(),
                "end": r.period.end.isoformat(),
                "service": r.period.service.name if r.period.service else None,
                "respondents": r.index.n,
                "ikm": number(r.index.converted_display),
                "grade": r.index.grade.letter if r.index.grade else None,
            }
            for r in figures.surveys
        ],
    }


CSV_COLUMNS = ("month", "received", "answered", "answered_on_time", "on_time_share", "mean_rating")


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
@cache_control(max_age=CACHE_SECONDS, private=True)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def statistics_json(request, office_slug: str):
    office = _office(request, office_slug)
    data = open_data(_published(office)["figures"], office)
    return JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False})


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
@cache_control(max_age=CACHE_SECONDS, private=True)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def statistics_csv(request, office_slug: str):
    office = _office(request, office_slug)
    data = open_data(_published(office)["figures"], office)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for month in data["months"]:
        writer.writerow(["" if month[k] is None else month[k] for k in CSV_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistik-{office.slug}.csv"'
    return response
