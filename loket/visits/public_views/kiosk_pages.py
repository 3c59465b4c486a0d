"""The reception kiosk: a tablet the office admin provisioned (`services.kiosks`). Only a
browser holding the office's kiosk cookie gives queue numbers; any other browser is told where
the kiosk is (issue #12, finding 4). The kiosk is a visitor's only screen and cannot be left:
no links out of the kiosk's pages, and after each visitor and after inactivity it returns to
its start through `kiosk_reset`, which forgets the language chosen and the session.

The kiosk is a shared tablet: its pages never carry a visitor's private link (the token) in
their address, so the tablet's history holds nothing personal. The ticket is shown under a
signed, 5-minute ticket id, with `Cache-Control: no-store`, and returns to the kiosk start."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from loket.offices.services import office_or_404
from loket.ratelimit import too_many_requests

from .. import selectors, services
from ..forms import CodeForm, KioskGuestBookForm
from ..models import Visit
from ..services import VisitError
from ..signals import kiosk_enrolled
from .common import limited, privacy, qr_svg, slip_context

if TYPE_CHECKING:
    from loket.offices.models import Office

# A provisioned kiosk is one address: its limit allows a busy morning.
KIOSK_RATE = "60/m"
ENROL_RATE = "10/m"
KIOSK_TICKET_SALT = "visits.kiosk-ticket"
KIOSK_TICKET_SECONDS = 5 * 60
KIOSK_RETURN_SECONDS = 60  # the ticket page goes back to the kiosk start by itself
# A form left alone this long returns to the start (JavaScript warns first and offers more
# time); without JavaScript a meta refresh does it after `KIOSK_IDLE_NOSCRIPT_SECONDS`.
KIOSK_IDLE_SECONDS = 90
KIOSK_IDLE_GRACE_SECONDS = 20
KIOSK_IDLE_NOSCRIPT_SECONDS = 300
# The kiosk credential's cookie in development; production: `__Secure-loket_kiosk`
# (settings.LOKET_KIOSK_COOKIE_NAME, which the pages read).
KIOSK_COOKIE = "loket_kiosk"
KIOSK_COOKIE_SALT = "visits.kiosk-device"
KIOSK_COOKIE_AGE = 5 * 365 * 24 * 3600  # the tablet stays a kiosk until revoked


def kiosk_path(office: Office) -> str:
    return reverse("visits:kiosk", args=[office.slug])


def device_of(request, office: Office):
    """The enrolled, unrevoked kiosk of `office` whose signed cookie this browser sends
    (settings.LOKET_KIOSK_COOKIE_NAME: `__Secure-loket_kiosk` in production); None."""
    credential = request.get_signed_cookie(
        settings.LOKET_KIOSK_COOKIE_NAME, default=None, salt=KIOSK_COOKIE_SALT
    )
    return services.kiosk_for(office, credential)


def kiosk_device_required(view):
    """Serve `view` only to the office's provisioned kiosk; others learn where the kiosk is
    (403). The view receives the office instead of its slug."""

    @wraps(view)
    def wrapped(request, office_slug, *args, **kwargs):
        office = office_or_404(office_slug)
        request.kiosk = device_of(request, office)
        if request.kiosk is None:
            return render(
                request,
                "visits/kiosk/not_kiosk.html",
                {"office": office, **privacy(office)},
                status=403,
            )
        return view(request, office, *args, **kwargs)

    return wrapped


def _kiosk_context(office: Office, **extra) -> dict:
    return {
        "office": office,
        "closed": services.closed_notice(office),
        "reset_url": reverse("visits:kiosk_reset", args=[office.slug]),
        "idle_seconds": KIOSK_IDLE_SECONDS,
        "idle_grace_seconds": KIOSK_IDLE_GRACE_SECONDS,
        "idle_noscript_seconds": KIOSK_IDLE_NOSCRIPT_SECONDS,
        **extra,
    }


@never_cache
@require_safe
@kiosk_device_required
def kiosk(request, office):
    context = _kiosk_context(office)
    if request.LANGUAGE_CODE == "id":
        context["idle_seconds"] = 0  # nothing to forget on the start page in Indonesian
    return render(request, "visits/kiosk/start.html", context)


@never_cache
@require_safe
@kiosk_device_required
def kiosk_reset(request, office):
    """The next visitor starts afresh: Indonesian again (the language cookie goes), no session
    left of the one before (messages, form state), back at the start."""
    request.session.flush()
    response = redirect("visits:kiosk", office.slug)
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@kiosk_device_required
def kiosk_code(request, office):
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if limited(request, "kiosk", KIOSK_RATE):
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
        _kiosk_context(office, form=form),
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@kiosk_device_required
def kiosk_guest(request, office):
    form = KioskGuestBookForm(request.POST or None, office=office)
    if request.method == "POST":
        if limited(request, "kiosk", KIOSK_RATE):
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
        _kiosk_context(office, form=form, **privacy(office)),
        status=400 if form.errors else 200,
    )


def kiosk_ticket_id(visit: Visit) -> str:
    return signing.dumps(visit.pk, salt=KIOSK_TICKET_SALT, compress=False)


def _to_ticket(office: Office, visit: Visit):
    return redirect("visits:kiosk_ticket", office.slug, kiosk_ticket_id(visit))


def _kiosk_visit(office: Office, ticket: str) -> Visit | None:
    """The visit behind a kiosk ticket id; None once it has expired. 404 when forged."""
    try:
        pk = signing.loads(ticket, salt=KIOSK_TICKET_SALT, max_age=KIOSK_TICKET_SECONDS)
    except signing.SignatureExpired:
        return None
    except signing.BadSignature as exc:
        raise Http404 from exc
    visit = selectors.visit_on_ticket(pk)
    if visit is None or visit.office_id != office.pk or not visit.queue_number:
        raise Http404
    return visit


def _expired(request, office: Office) -> HttpResponse:
    return render(
        request,
        "visits/kiosk/expired.html",
        _kiosk_context(office, return_seconds=0),
        status=410,
    )


@never_cache
@require_safe
@kiosk_device_required
def kiosk_ticket(request, office, ticket):
    """The queue number on the kiosk, never cached, returning to the kiosk start after a
    minute. The QR code carries the visitor's private link; the page's address does not."""
    visit = _kiosk_visit(office, ticket)
    if visit is None:
        return _expired(request, office)
    link = services.absolute(visit.get_absolute_url())
    return render(
        request,
        "visits/kiosk/ticket.html",
        _kiosk_context(
            office,
            visit=visit,
            ticket=ticket,
            return_seconds=KIOSK_RETURN_SECONDS,
            qr=qr_svg(link, _("Tautan kunjungan Anda")),
        ),
    )


@never_cache
@require_safe
@kiosk_device_required
def kiosk_slip(request, office, ticket):
    """The printable slip from the kiosk, under the same short-lived ticket id."""
    visit = _kiosk_visit(office, ticket)
    if visit is None:
        return _expired(request, office)
    return render(
        request,
        "visits/public/slip.html",
        slip_context(
            request,
            visit,
            kiosk=True,
            base_template="visits/kiosk/base.html",
            ticket=ticket,
            return_seconds=KIOSK_RETURN_SECONDS,
            reset_url=reverse("visits:kiosk_reset", args=[office.slug]),
        ),
    )


# --- Enrolment ------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_enrol(request, office_slug, token):
    """The one-time enrolment link an office admin opened on the tablet. GET asks to confirm
    (so a link preview cannot use it up); POST makes this browser the kiosk."""
    office = office_or_404(office_slug)
    if request.method == "POST" and limited(request, "kiosk-enrol", ENROL_RATE):
        return too_many_requests(request)
    try:
        if request.method != "POST":
            device = services.pending_enrolment(office, token)
            return render(request, "visits/kiosk/enrol.html", {"office": office, "device": device})
        device, secret = services.enrol_kiosk(office, token)
    except VisitError as exc:
        return render(
            request,
            "visits/kiosk/enrol.html",
            {"office": office, "device": None, "refusal": str(exc)},
            status=410,
        )
    kiosk_enrolled.send(sender=type(device), request=request, office=office, device=device)
    messages.success(request, _("Peramban ini sekarang kios “%(name)s”.") % {"name": device.name})
    response = redirect("visits:kiosk", office.slug)
    response.set_signed_cookie(
        settings.LOKET_KIOSK_COOKIE_NAME,
        services.kiosk_credential(device, secret),
        salt=KIOSK_COOKIE_SALT,
        max_age=KIOSK_COOKIE_AGE,
        path=kiosk_path(office),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
