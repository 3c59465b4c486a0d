"""The visitor's own link (/kunjungan/<token>/): status, queue number, outcome and history;
the booking's QR code; the printable slip; cancelling or rescheduling a booking (each asks for
confirmation first, GOV.UK's "are you sure" for a destructive action); the booking as an
iCalendar file to add to a phone's calendar."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from loket.ratelimit import too_many_requests

from .. import ics, selectors, services
from ..forms import RescheduleForm
from ..services import VisitError
from .common import LINK_RATE, limited, qr_svg, slip_context, visit_or_404


@never_cache
@require_safe
def summary(request, token):
    visit = visit_or_404(token)
    just_booked = request.session.pop("visits:booked", None) == visit.token
    return render(
        request,
        "visits/public/summary.html",
        {
            "office": visit.office,
            "visit": visit,
            "events": selectors.public_timeline(visit),
            "outcomes": selectors.outcomes_of(visit),
            "just_booked": just_booked,
            "survey_url": services.survey_url(visit),
            "qr": qr_svg(visit.booking_code, _("Kode pemesanan")) if visit.is_booked else "",
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    """Are you sure? The booking is cancelled only by the POST of this page."""
    if request.method == "POST" and limited(request, "link", LINK_RATE):
        return too_many_requests(request)
    visit = visit_or_404(token)
    if not visit.may_cancel or not visit.is_booked:
        return redirect("visits:summary", visit.token)
    if request.method == "POST":
        try:
            services.cancel(visit, reason=_("Dibatalkan oleh pengunjung."))
        except VisitError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Pemesanan Anda telah dibatalkan."))
        return redirect("visits:summary", visit.token)
    return render(request, "visits/public/cancel.html", {"office": visit.office, "visit": visit})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reschedule(request, token):
    """A new day and hour: the form, then "change from ... to ...?", then the change."""
    if request.method == "POST" and limited(request, "link", LINK_RATE):
        return too_many_requests(request)
    visit = visit_or_404(token)
    if not visit.is_booked:
        return redirect("visits:summary", visit.token)
    form = RescheduleForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        day, at = form.cleaned_data["preferred_date"], form.cleaned_data["preferred_time"]
        if request.POST.get("confirm") == "1":
            try:
                services.reschedule(visit, day, at)
            except VisitError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Jadwal kunjungan Anda telah diubah."))
                return redirect("visits:summary", visit.token)
        else:
            return render(
                request,
                "visits/public/reschedule_check.html",
                {"office": visit.office, "visit": visit, "day": day, "at": at, "form": form},
            )
    return render(
        request,
        "visits/public/reschedule.html",
        {"office": visit.office, "visit": visit, "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@require_safe
def calendar(request, token):
    """The booking as an iCalendar (.ics) event, in the office's zone."""
    visit = visit_or_404(token)
    if not visit.is_booked or visit.preferred_date is None:
        raise Http404
    response = HttpResponse(
        ics.booking_calendar(visit), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="kunjungan-{visit.booking_code}.ics"'
    return response


@never_cache
@require_safe
def slip(request, token):
    visit = visit_or_404(token)
    if not visit.queue_number:
        raise Http404
    return render(request, "visits/public/slip.html", slip_context(request, visit))


@never_cache
@require_safe
def survey(request, ticket):
    """Where the slip's survey QR code leads: the visit's single-use survey link once the
    visit is finished; before that (or for a visit that ended without a consultation) a page
    saying when the survey opens. 404 for a forged code."""
    visit = services.visit_by_survey_ticket(ticket)
    if visit is None:
        raise Http404
    url = services.survey_url(visit)
    if url:
        return redirect(url)
    return render(
        request,
        "visits/public/survey_pending.html",
        {"office": visit.office, "visit": visit, "closed": not visit.is_open},
    )
