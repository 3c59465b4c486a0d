"""Respondent pages (GOV.UK patterns, no JavaScript needed) and the public results.

Ways in: a single-use link (visit or complaint), the public poster QR code / short link per
office and per service ("without token": rate-limited per address and one answer per
browser session per day), and the kiosk a staff member opened on a tablet.
"""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from loket.offices.services import office_or_404
from loket.standards.selectors import public_services

from . import publication, services
from .forms import QuestionnaireForm

POSTER_RATE = "30/h"  # per address: a phone on a carrier NAT shares it with many people
PUBLIC_RATE = "60/m"
KIOSK = "survey_kiosk"
ANSWERED = "survey_answered"
THANKED = "survey_thanked"


def _service_or_404(office, slug):
    if slug is None:
        return None
    found = public_services(office).filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def _questionnaire(request, *, office, service, form, heading_kind, kiosk=False):
    return render(
        request,
        "surveys/public/questionnaire.html",
        {"office": office, "service": service, "form": form, "kind": heading_kind, "kiosk": kiosk},
    )


def _submitted(request, office, *, kiosk=False):
    request.session[THANKED] = office.slug
    return redirect("surveys:kiosk_thanks" if kiosk else "surveys:thanks")


def _form_errors_from(error: services.SurveyError, form: QuestionnaireForm) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def by_token(request, token: str):
    state = services.token_state(token)
    if not state.known:
        return render(request, "surveys/public/token_unknown.html", status=404)
    row = state.token
    if row.used:
        return render(request, "surveys/public/token_used.html", {"office": row.office}, status=410)
    choices = None if row.service_id else public_services(row.office)
    form = QuestionnaireForm(request.POST or None, services=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_by_token(token, form.answers())
        except services.SurveyError as error:
            if error.code == services.TOKEN_USED:
                return render(
                    request, "surveys/public/token_used.html", {"office": row.office}, status=410
                )
            _form_errors_from(error, form)
        else:
            return _submitted(request, row.office)
    return _questionnaire(
        request, office=row.office, service=row.service, form=form, heading_kind="token"
    )


def _answered_key(office, service) -> str:
    day = timezone.now().astimezone(office.tz).date()
    return f"{office.pk}:{service.pk if service else '-'}:{day.isoformat()}"


@ratelimit(key="ip", rate=POSTER_RATE, method="POST", block=True)
@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def poster(request, office_slug: str, service_slug: str | None = None):
    office = office_or_404(office_slug)
    service = _service_or_404(office, service_slug)
    key = _answered_key(office, service)
    if key in request.session.get(ANSWERED, []):
        return render(request, "surveys/public/already_answered.html", {"office": office})
    choices = None if service else public_services(office)
    form = QuestionnaireForm(request.POST or None, services=choices)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            services.submit_without_token(office, service or answers.extra.get("service"), answers)
        except services.SurveyError as error:
            _form_errors_from(error, form)
        else:
            request.session[ANSWERED] = [*request.session.get(ANSWERED, [])[-20:], key]
            return _submitted(request, office)
    return _questionnaire(request, office=office, service=service, form=form, heading_kind="poster")


def _kiosk_scope(request):
    data = request.session.get(KIOSK)
    if not data:
        return None, None
    office = office_or_404(data["office"])
    service = _service_or_404(office, data.get("service"))
    return office, service


@require_http_methods(["GET", "HEAD", "POST"])
def kiosk(request):
    """The kiosk tablet's questionnaire; a fresh, empty form after every answer."""
    office, service = _kiosk_scope(request)
    if office is None:
        return render(request, "surveys/public/kiosk_off.html", status=403)
    choices = None if service else public_services(office)
    form = QuestionnaireForm(request.POST or None, services=choices)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            services.submit_kiosk(office, service or answers.extra.get("service"), answers)
        except services.SurveyError as error:
            _form_errors_from(error, form)
        else:
            return _submitted(request, office, kiosk=True)
    return _questionnaire(
        request, office=office, service=service, form=form, heading_kind="kiosk", kiosk=True
    )


@require_safe
def thanks(request):
    return render(request, "surveys/public/thanks.html", {"kiosk": False})


@require_safe
def kiosk_thanks(request):
    office, _service = _kiosk_scope(request)
    if office is None:
        return redirect("surveys:thanks")
    return render(request, "surveys/public/thanks.html", {"kiosk": True, "office": office})


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def public_results(request, office_slug: str):
    office = office_or_404(office_slug)
    data = publication.office_data(office)
    periods = [publication.shown(p) for p in data["periods"]]
    return render(
        request, "surveys/public/results.html", {"office": office, "data": data, "periods": periods}
    )


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def public_results_json(request, office_slug: str):
    office = office_or_404(office_slug)
    return JsonResponse(publication.office_data(office), json_dumps_params={"indent": 1})


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def public_results_csv(request, office_slug: str):
    office = office_or_404(office_slug)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a byte-order mark: Excel then reads the file as UTF-8
    csv.writer(buffer).writerows(publication.csv_rows(publication.office_data(office)))
    response = HttpResponse(buffer.getvalue().encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="skm-{office.slug}.csv"'
    return response
