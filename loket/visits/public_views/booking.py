"""Booking a visit online (GOV.UK: details -> check answers and documents -> confirmation).
A slot already full is refused with the next free slots of the same division offered."""

from __future__ import annotations

from datetime import date, time

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from loket.offices.services import office_or_404
from loket.ratelimit import too_many_requests

from .. import selectors, services
from ..forms import BookingDetailsForm, BookingForm
from ..limits import BOOKINGS, POST_RATE
from ..models import Visit
from ..services import VisitError
from .common import limited, privacy

SESSION_KEY = "visits:booking:%s"
DETAIL_FIELDS = (
    "service",
    "division",
    "name",
    "phone",
    "email",
    "institution",
    "position",
    "purpose",
    "preferred_date",
    "preferred_time",
)


@require_safe
def start(request, office_slug):
    office = office_or_404(office_slug)
    service_rows = [
        (service, services.requirement_list(service))
        for service in selectors.bookable_services(office)
    ]
    return render(
        request,
        "visits/public/start.html",
        {"office": office, "service_rows": service_rows, **privacy(office)},
    )


def _serialize(form: BookingDetailsForm) -> dict:
    data = {}
    for name in DETAIL_FIELDS:
        value = form.cleaned_data.get(name)
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, date | time):
            value = value.isoformat(timespec="minutes") if isinstance(value, time) else str(value)
        data[name] = "" if value is None else str(value)
    return data


@require_http_methods(["GET", "HEAD", "POST"])
def book(request, office_slug):
    office = office_or_404(office_slug)
    key = SESSION_KEY % office.slug
    if request.method == "POST":
        form = BookingDetailsForm(request.POST, office=office)
        if form.is_valid():
            request.session[key] = _serialize(form)
            return redirect("visits:book_check", office.slug)
    else:
        form = BookingDetailsForm(initial=request.session.get(key), office=office)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "visits/public/book.html",
        {"office": office, "form": form, **privacy(office)},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def book_check(request, office_slug):
    """Check answers, add the documents, send (GOV.UK: check answers before submitting)."""
    office = office_or_404(office_slug)
    key = SESSION_KEY % office.slug
    saved = request.session.get(key)
    if not saved:
        return redirect("visits:book", office.slug)
    if request.method == "POST":
        if limited(request, "book", POST_RATE) or BOOKINGS.reached(request, office):
            return too_many_requests(request)
        form = BookingForm(saved, request.FILES, office=office)
        if any(name in form.errors for name in DETAIL_FIELDS):
            # A detail no longer valid (the chosen hour has passed): back to that question.
            details = BookingDetailsForm(saved, office=office)
            return render(
                request,
                "visits/public/book.html",
                {"office": office, "form": details, **privacy(office)},
                status=400,
            )
        if form.is_valid():
            try:
                visit = services.book(
                    office,
                    form.entry(request.LANGUAGE_CODE),
                    form.uploads(),
                    source=Visit.Source.ONLINE,
                )
            except VisitError as exc:
                form.add_error(None, str(exc))
            else:
                BOOKINGS.count(request, office)
                del request.session[key]
                request.session["visits:booked"] = visit.token
                return redirect("visits:summary", visit.token)
    else:
        form = BookingForm(saved, office=office)
        form.is_valid()  # shows a detail that became invalid since (a time now past)
    answers = BookingDetailsForm(saved, office=office)
    answers.is_valid()
    return render(
        request,
        "visits/public/book_check.html",
        {"office": office, "form": form, "answers": answers.cleaned_data, **privacy(office)},
        status=400 if request.method == "POST" else 200,
    )
