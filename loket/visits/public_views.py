"""Visitor pages: online booking (details -> check answers and documents -> confirmation),
the reception kiosk (booking code or guest book -> queue number and slip), the visitor's own
link, and the waiting-room display. None needs JavaScript; none needs an account.

The kiosk is a shared tablet: its pages never carry a visitor's private link (the token) in
their address, so the tablet's history holds nothing personal. The ticket is shown under a
signed, 5-minute ticket id, with `Cache-Control: no-store`, and returns to the kiosk start."""

from __future__ import annotations

import io
from datetime import date, time
from typing import TYPE_CHECKING

import segno
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from loket.offices.services import office_or_404
from loket.ratelimit import too_many_requests

from . import selectors, services
from .forms import BookingDetailsForm, BookingForm, CodeForm, GuestBookForm
from .models import Visit
from .services import VisitError

if TYPE_CHECKING:
    from loket.offices.models import Office

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
# Per client address. The kiosk tablet is one address, so its limit allows a busy morning.
BOOKING_RATE = "20/h"
KIOSK_RATE = "60/m"
# The kiosk is a shared tablet: its history must never hold a visitor's private link. After
# check-in it shows the ticket under a signed ticket id that names only the visit's row and
# expires after a few minutes; the visitor takes the private link away in the QR code.
KIOSK_TICKET_SALT = "visits.kiosk-ticket"
KIOSK_TICKET_SECONDS = 5 * 60
KIOSK_RETURN_SECONDS = 60  # the ticket page goes back to the kiosk start by itself
LINK_RATE = "60/m"


def _limited(request, group: str, rate: str) -> bool:
    return is_ratelimited(
        request, group=f"visits:{group}", key="ip", rate=rate, method="POST", increment=True
    )


def qr_svg(data: str, title: str, scale: int = 4) -> str:
    """An inline SVG QR code (segno; no image request, no external service)."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=scale, title=title, border=2
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 - segno's own SVG output


def _privacy(office: Office) -> dict:
    return {"visit_settings": services.settings_for(office)}


# --- Start and booking ------------------------------------------------------------------------


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
        {"office": office, "service_rows": service_rows, **_privacy(office)},
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
        {"office": office, "form": form, **_privacy(office)},
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
        if _limited(request, "book", BOOKING_RATE):
            return too_many_requests(request)
        form = BookingForm(saved, request.FILES, office=office)
        if any(name in form.errors for name in DETAIL_FIELDS):
            # A detail no longer valid (the chosen hour has passed): back to that question.
            details = BookingDetailsForm(saved, office=office)
            return render(
                request,
                "visits/public/book.html",
                {"office": office, "form": details, **_privacy(office)},
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
        {"office": office, "form": form, "answers": answers.cleaned_data, **_privacy(office)},
        status=400 if request.method == "POST" else 200,
    )


# --- Kiosk -----------------------------------------------------------------------------------


@require_safe
def kiosk(request, office_slug):
    office = office_or_404(office_slug)
    return render(
        request,
        "visits/kiosk/start.html",
        {"office": office, "closed": _closed(office)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_code(request, office_slug):
    office = office_or_404(office_slug)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, "kiosk", KIOSK_RATE):
            return too_many_requests(request)
        if form.is_valid():
            visit = services.visit_by_code(form.cleaned_data["code"], office)
            if visit is None:
                form.add_error("code", _("Kode pemesanan tidak ditemukan. Periksa kembali."))
            else:
                try:
                    visit = services.check_in(visit)
                except VisitError as exc:
                    form.add_error("code", str(exc))
                else:
                    return _to_ticket(office, visit)
    return render(
        request,
        "visits/kiosk/code.html",
        {"office": office, "form": form, "closed": _closed(office)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_guest(request, office_slug):
    office = office_or_404(office_slug)
    form = GuestBookForm(request.POST or None, office=office)
    if request.method == "POST":
        if _limited(request, "kiosk", KIOSK_RATE):
            return too_many_requests(request)
        if form.is_valid():
            try:
                visit = services.register_walk_in(
                    office, form.entry(request.LANGUAGE_CODE), source=Visit.Source.KIOSK
                )
            except VisitError as exc:
                form.add_error(None, str(exc))
            else:
                return _to_ticket(office, visit)
    return render(
        request,
        "visits/kiosk/guest.html",
        {
            "office": office,
            "form": form,
            "closed": _closed(office),
            **_privacy(office),
        },
        status=400 if form.errors else 200,
    )


def _closed(office: Office) -> str:
    """The kiosk's "closed" notice in the visitor's language ("" while numbers are given)."""
    problem = services.arrival_problem(office)
    return str(problem) if problem is not None else ""


def _visit(token: str) -> Visit:
    visit = services.visit_by_token(token)
    if visit is None:
        raise Http404
    return visit


def kiosk_ticket_id(visit: Visit) -> str:
    return signing.dumps(visit.pk, salt=KIOSK_TICKET_SALT, compress=False)


def _to_ticket(office: Office, visit: Visit):
    return redirect("visits:kiosk_ticket", office.slug, kiosk_ticket_id(visit))


def _kiosk_visit(office_slug: str, ticket: str) -> Visit | None:
    """The visit behind a kiosk ticket id; None once it has expired. 404 when forged."""
    try:
        pk = signing.loads(ticket, salt=KIOSK_TICKET_SALT, max_age=KIOSK_TICKET_SECONDS)
    except signing.SignatureExpired:
        return None
    except signing.BadSignature as exc:
        raise Http404 from exc
    visit = selectors.visit_on_ticket(pk)
    if visit is None or visit.office.slug != office_slug or not visit.queue_number:
        raise Http404
    return visit


def _expired(request, office_slug: str) -> HttpResponse:
    office = office_or_404(office_slug)
    return render(
        request,
        "visits/kiosk/expired.html",
        {"office": office, "return_seconds": 0},
        status=410,
    )


@never_cache
@require_safe
def kiosk_ticket(request, office_slug, ticket):
    """The queue number on the kiosk, never cached, returning to the kiosk start after a
    minute. The QR code carries the visitor's private link; the page's address does not."""
    visit = _kiosk_visit(office_slug, ticket)
    if visit is None:
        return _expired(request, office_slug)
    link = services.absolute(visit.get_absolute_url())
    return render(
        request,
        "visits/kiosk/ticket.html",
        {
            "office": visit.office,
            "visit": visit,
            "ticket": ticket,
            "return_seconds": KIOSK_RETURN_SECONDS,
            "qr": qr_svg(link, _("Tautan kunjungan Anda")),
        },
    )


@never_cache
@require_safe
def kiosk_slip(request, office_slug, ticket):
    """The printable slip from the kiosk, under the same short-lived ticket id."""
    visit = _kiosk_visit(office_slug, ticket)
    if visit is None:
        return _expired(request, office_slug)
    link = services.absolute(visit.get_absolute_url())
    return render(
        request,
        "visits/public/slip.html",
        {
            "office": visit.office,
            "visit": visit,
            "kiosk": True,
            "return_seconds": KIOSK_RETURN_SECONDS,
            "qr": qr_svg(link, _("Tautan kunjungan Anda"), scale=3),
        },
    )


# --- The visitor's link -------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def summary(request, token):
    if request.method == "POST" and _limited(request, "link", LINK_RATE):
        return too_many_requests(request)
    visit = _visit(token)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            try:
                services.cancel(visit, reason=_("Dibatalkan oleh pengunjung."))
            except VisitError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Pemesanan Anda telah dibatalkan."))
        return redirect("visits:summary", visit.token)
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


@require_safe
def slip(request, token):
    visit = _visit(token)
    if not visit.queue_number:
        raise Http404
    link = services.absolute(visit.get_absolute_url())
    return render(
        request,
        "visits/public/slip.html",
        {
            "office": visit.office,
            "visit": visit,
            "qr": qr_svg(link, _("Tautan kunjungan Anda"), scale=3),
        },
    )


# --- Waiting-room display ------------------------------------------------------------------------


def _display_context(office: Office) -> dict:
    board = selectors.display_board(office)
    return {
        "office": office,
        "called": board.called,
        "waiting": board.waiting,
        "now": timezone.now(),
        "refresh_url": reverse("visits:display_list", args=[office.slug]),
    }


@require_safe
def display(request, office_slug):
    office = office_or_404(office_slug)
    return render(request, "visits/public/display.html", _display_context(office))


@require_safe
def display_list(request, office_slug):
    office = office_or_404(office_slug)
    return render(request, "visits/public/_display_list.html", _display_context(office))
