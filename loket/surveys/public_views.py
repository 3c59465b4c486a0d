"""Respondent pages (GOV.UK patterns, no JavaScript needed) and the public results.

Ways in: a single-use link (visit or complaint), the public poster QR code / short link per
office and per service ("without token": one answer per browser per day, answers past a soft
limit held for review; see `poster`), and the kiosk questionnaire on the office's enrolled
kiosk tablets (`kiosk_devices`).
"""

from __future__ import annotations

import csv
import io
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from loket.offices.services import office_or_404
from loket.ratelimit import over_limit
from loket.standards.selectors import public_services

from . import kiosk_devices, publication, services
from .forms import QuestionnaireForm
from .models import HeldResponse

PUBLIC_RATE = "60/m"
# The poster (no token). One public address may be a whole waiting room (office Wi-Fi, a
# carrier's NAT), so the address is not the respondent: the browser is (a signed cookie, one
# answer per office, service and day). Past a soft limit an answer is kept for review, not
# counted and not lost: more than POSTER_SOFT_PER_ADDRESS answers from one address in an hour
# (a busy waiting room reaches it; staff accept those), or more than POSTER_SOFT_PER_SCOPE
# for one office and service from every address (a flood from many addresses). Only past
# POSTER_RATE answers from one address in an hour (no waiting room gives that many; a script
# does) is a POST refused (429). Pages: POSTER_PAGE_RATE per address, for the same reason.
POSTER_SOFT_PER_ADDRESS = "20/h"
POSTER_SOFT_PER_SCOPE = "60/h"
POSTER_RATE = "300/h"
POSTER_PAGE_RATE = "120/m"
POSTER_COOKIE = "loket_skm"
POSTER_COOKIE_SALT = "surveys.poster-answered"
POSTER_COOKIE_AGE = 2 * 24 * 60 * 60
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


def _submitted(request, office):
    request.session[THANKED] = office.slug
    return redirect("surveys:thanks")


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


def _answered(request) -> list[str]:
    """What this browser answered through a poster lately (its signed cookie; [] when none
    or tampered with)."""
    value = request.get_signed_cookie(
        POSTER_COOKIE, default="", salt=POSTER_COOKIE_SALT, max_age=POSTER_COOKIE_AGE
    )
    return [key for key in value.split(",") if key]


def _poster_ceiling(group, request) -> str:
    return POSTER_RATE  # read at each request, so a test may lower it


def _held_reason(request, office, service) -> str:
    """The poster's soft limit this answer passes ("" when none), both counted per hour in
    the rate limiter's cache: answers from this address (`POSTER_SOFT_PER_ADDRESS`), then
    answers for this office and service from any address (`POSTER_SOFT_PER_SCOPE`)."""
    from_address = is_ratelimited(
        request,
        group="surveys-poster-address",
        key="ip",
        rate=POSTER_SOFT_PER_ADDRESS,
        increment=True,
    )
    for_scope = over_limit(
        request,
        group="surveys-poster-scope",
        key=f"{office.pk}:{service.pk if service else '-'}",
        rate=POSTER_SOFT_PER_SCOPE,
    )
    if from_address:
        return HeldResponse.Reason.ADDRESS
    return HeldResponse.Reason.SCOPE if for_scope else ""


@ratelimit(key="ip", rate=_poster_ceiling, method="POST", block=True)
@ratelimit(key="ip", rate=POSTER_PAGE_RATE, block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def poster(request, office_slug: str, service_slug: str | None = None):
    """The public poster's questionnaire (no token). Limits that hold when a whole waiting
    room shares one public address (office Wi-Fi, a carrier's NAT): one answer per browser,
    office, service and day (a signed cookie); answers past a soft limit per address or per
    office and service and hour are kept for staff to review, not counted and not lost
    (`_held_reason`); only a flood past a generous ceiling per address is refused (429)."""
    office = office_or_404(office_slug)
    service = _service_or_404(office, service_slug)
    key = _answered_key(office, service)
    answered = _answered(request)
    if key in answered:
        return render(request, "surveys/public/already_answered.html", {"office": office})
    choices = None if service else public_services(office)
    form = QuestionnaireForm(request.POST or None, services=choices)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        chosen = service or answers.extra.get("service")
        try:
            services.submit_without_token(
                office, chosen, answers, held=_held_reason(request, office, chosen)
            )
        except services.SurveyError as error:
            _form_errors_from(error, form)
        else:
            response = _submitted(request, office)
            response.set_signed_cookie(
                POSTER_COOKIE,
                ",".join([*answered[-20:], key]),
                salt=POSTER_COOKIE_SALT,
                max_age=POSTER_COOKIE_AGE,
                path="/survei/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
    return _questionnaire(request, office=office, service=service, form=form, heading_kind="poster")


def _kiosk_page(view):
    """Serve `view` only to an enrolled, unrevoked kiosk of the office (`kiosk_devices`): any
    other browser is told where the kiosk is and how to answer instead (403), so nobody can
    pour answers in from elsewhere; a revoked tablet is refused from its next request on.
    The view receives the office, the service (or None) and the device."""

    @wraps(view)
    def wrapped(request, office_slug: str, service_slug: str | None = None):
        office = office_or_404(office_slug)
        service = _service_or_404(office, service_slug)
        device = kiosk_devices.device_of(request, office)
        if device is None:
            return render(request, "surveys/public/kiosk_off.html", {"office": office}, status=403)
        return view(request, office, service, device)

    return wrapped


def kiosk_url(office, service=None, *, thanks: bool = False) -> str:
    """The kiosk questionnaire's address (under the office's kiosk address, where the
    device cookie is sent), or its thanks page."""
    if service is None:
        name = "surveys:kiosk_thanks" if thanks else "surveys:kiosk"
        return reverse(name, args=[office.slug])
    name = "surveys:kiosk_service_thanks" if thanks else "surveys:kiosk_service"
    return reverse(name, args=[office.slug, service.slug])


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@_kiosk_page
def kiosk(request, office, service, device):
    """The kiosk tablet's questionnaire; a fresh, empty form after every answer. The answer
    records the device it came through."""
    choices = None if service else public_services(office)
    form = QuestionnaireForm(request.POST or None, services=choices)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            services.submit_kiosk(
                office, service or answers.extra.get("service"), answers, device_id=device.pk
            )
        except services.SurveyError as error:
            _form_errors_from(error, form)
        else:
            return redirect(kiosk_url(office, service, thanks=True))
    return _questionnaire(
        request, office=office, service=service, form=form, heading_kind="kiosk", kiosk=True
    )


@require_safe
def thanks(request):
    return render(request, "surveys/public/thanks.html", {"kiosk": False})


@never_cache
@require_safe
@_kiosk_page
def kiosk_thanks(request, office, service, device):
    """Thanks in the respondent's language; the next respondent starts in Indonesian again
    (the language cookie goes, as on the reception kiosk: issue 14, kiosk mode)."""
    response = render(
        request,
        "surveys/public/thanks.html",
        {"kiosk": True, "office": office, "restart_url": kiosk_url(office, service)},
    )
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


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
