"""The public statistics page of an office: per month, complaints received, answered and
answered on time, the mean rating and the survey index; no sign-in, no personal data.

Cached: the figures of an office are computed at most once per `CACHE_SECONDS` (and per
language, for the labels). The pages answer conditional requests by the one rule of the
public pages, `loket.conditional.conditional_page`: the ETag covers a digest of the published
figures (with the language and the visitor's CSRF cookie) and Last-Modified is the moment the
figures last changed, so a browser asking again gets 304 Not Modified while nothing changed."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from loket.conditional import conditional_page
from loket.offices.services import office_or_404, public_offices

from . import charts, metrics, periods, selectors

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


def _conditional(request, office: Office, render_page: Callable[[], HttpResponse]):
    """`render_page()`, or 304 when the visitor already holds the same figures."""
    published = _published(office)
    return conditional_page(
        request, parts=(published["etag"],), last_modified=published["since"], render=render_page
    )


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def statistics(request, office_slug: str):
    office = office_or_404(office_slug)
    figures = _published(office)["figures"]
    return _conditional(
        request,
        office,
        lambda: render(
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
        ),
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
def statistics_json(request, office_slug: str):
    office = office_or_404(office_slug)
    data = open_data(_published(office)["figures"], office)
    return _conditional(
        request,
        office,
        lambda: JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False}),
    )


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def statistics_csv(request, office_slug: str):
    office = office_or_404(office_slug)
    return _conditional(request, office, lambda: _csv(office))


def _csv(office: Office) -> HttpResponse:
    data = open_data(_published(office)["figures"], office)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for month in data["months"]:
        writer.writerow(["" if month[k] is None else month[k] for k in CSV_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistik-{office.slug}.csv"'
    return response


# --- The deployment's public statistics (issue 16) -------------------------------------------
# Every office of the deployment side by side for one month, from each office's own published
# figures (`_published`: the same cache, the same numbers as its statistics page, small counts
# withheld the same way). The ETag joins the offices' tags; Last-Modified is the latest.


def _deployment_published() -> tuple[list[tuple[Office, selectors.PublicFigures]], str, Any]:
    offices = public_offices()
    rows, tags, since = [], [], None
    for office in offices:
        published = _published(office)
        rows.append((office, published["figures"]))
        tags.append(f"{office.pk}:{published['etag']}")
        since = published["since"] if since is None else max(since, published["since"])
    etag = hashlib.sha256("|".join(tags).encode()).hexdigest()[:32]
    return rows, etag, since


def _deployment_conditional(request, etag: str, since: Any, render_page):
    return conditional_page(request, parts=(etag,), last_modified=since, render=render_page)


def _month_asked(request, rows) -> tuple[list[Any], Any]:
    """The months offered (newest first, the union of the offices' published months) and
    the month asked by `?bulan=YYYY-MM` (default: the last whole month)."""
    months = sorted({m.month for _office, figures in rows for m in figures.months}, reverse=True)
    chosen = months[1] if len(months) > 1 else (months[0] if months else None)
    asked = request.GET.get("bulan", "")
    for month in months:
        if f"{month:%Y-%m}" == asked:
            chosen = month
    return months, chosen


def _office_month(figures: selectors.PublicFigures, month: Any) -> dict[str, Any] | None:
    """The office's published figures of `month` and its IKM (the latest published survey
    period of the whole office overlapping the month); None when the month is not among
    its published months."""
    for found in figures.months:
        if found.month == month:
            return {
                **found.shown,
                "ikm": metrics.survey_index(figures.surveys, month, periods.month_end(month)),
            }
    return None


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def deployment(request):
    rows, etag, since = _deployment_published()
    months, chosen = _month_asked(request, rows)
    return _deployment_conditional(
        request,
        f"{etag}-{chosen}",
        since,
        lambda: render(
            request,
            "reports/public/deployment.html",
            {
                "months": months,
                "month": chosen,
                "rows": [(office, _office_month(figures, chosen)) for office, figures in rows],
            },
        ),
    )


def _deployment_data(rows) -> dict[str, Any]:
    return {"offices": [open_data(figures, office) for office, figures in rows]}


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def deployment_json(request):
    rows, etag, since = _deployment_published()
    data = _deployment_data(rows)
    return _deployment_conditional(
        request,
        etag,
        since,
        lambda: JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False}),
    )


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def deployment_csv(request):
    rows, etag, since = _deployment_published()
    return _deployment_conditional(request, etag, since, lambda: _deployment_csv(rows))


def _deployment_csv(rows) -> HttpResponse:
    """One line per office and month: the office's code, then the columns of its own CSV.
    Office names are office data: a name starting with = + - @ is neutralised."""
    from .exports import neutral

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("office", "office_name", *CSV_COLUMNS))
    for office in _deployment_data(rows)["offices"]:
        for month in office["months"]:
            writer.writerow(
                [
                    neutral(office["office"]),
                    neutral(office["office_name"]),
                    *["" if month[k] is None else month[k] for k in CSV_COLUMNS],
                ]
            )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="statistik-semua-instansi.csv"'
    return response
