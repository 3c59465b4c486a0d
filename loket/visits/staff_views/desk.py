"""The front desk's pages: the guest book, one visit's reception and routing, closing a visit,
a visitor's documents, and the office's personal-data settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.offices.permissions import (
    get_office_or_404,
    get_scoped_or_404,
    has_role,
    require_role,
)

from .. import selectors, services
from ..forms import CodeForm, GuestBookForm, ReceptionForm
from ..models import Visit
from ..roles import ATTACHMENT_READERS, DESK_READERS, DESK_WRITERS
from ..services import VisitError

if TYPE_CHECKING:
    from loket.offices.models import Office


def _desk_office(request, slug: str, write: bool = False) -> Office:
    office = get_office_or_404(request.user, slug, DESK_READERS)
    if write:
        require_role(request.user, office, DESK_WRITERS)
    return office


def _desk_visit(request, office: Office, pk: int) -> Visit:
    return get_scoped_or_404(selectors.office_visits(office), request.user, DESK_READERS, pk=pk)


def _guest_book_context(office: Office) -> dict:
    now = timezone.now()
    book = selectors.guest_book(office, now)
    return {
        "office": office,
        "today": book.today,
        "waiting_rows": book.waiting,
        "arrived_rows": book.arrived,
        "expected": book.expected,
        "now": now,
    }


@login_required
@require_safe
def guest_book(request, office_slug):
    office = _desk_office(request, office_slug)
    context = _guest_book_context(office)
    context["code_form"] = CodeForm()
    context["can_write"] = has_role(request.user, office, DESK_WRITERS)
    return render(request, "visits/staff/guest_book.html", context)


@login_required
@require_safe
def guest_book_rows(request, office_slug):
    office = _desk_office(request, office_slug)
    return render(request, "visits/staff/_guest_book_rows.html", _guest_book_context(office))


@login_required
@require_POST
def desk_check_in(request, office_slug):
    office = _desk_office(request, office_slug, write=True)
    form = CodeForm(request.POST)
    visit = services.visit_by_code(form.cleaned_data["code"], office) if form.is_valid() else None
    if visit is None:
        messages.error(request, _("Kode pemesanan tidak ditemukan."))
        return redirect("visits:guest_book", office.slug)
    try:
        visit = services.check_in(visit, actor=request.user)
    except VisitError as exc:
        messages.error(request, str(exc))
        return redirect("visits:guest_book", office.slug)
    messages.success(
        request,
        _("%(name)s mendapat nomor %(queue)s.") % {"name": visit.name, "queue": visit.queue},
    )
    return redirect("visits:visit", office.slug, visit.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def desk_new(request, office_slug):
    """The receptionist fills in the guest book for a visitor at the desk."""
    office = _desk_office(request, office_slug, write=True)
    form = GuestBookForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.register_walk_in(
                office,
                form.entry(request.LANGUAGE_CODE),
                actor=request.user,
                source=Visit.Source.DESK,
            )
        except VisitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Nomor antrean %(queue)s.") % {"queue": visit.queue})
            return redirect("visits:visit", office.slug, visit.pk)
    return render(
        request,
        "visits/staff/desk_new.html",
        {"office": office, "form": form, "visit_settings": services.settings_for(office)},
        status=400 if form.errors else 200,
    )


def _reception_form(visit: Visit, office: Office, data=None) -> ReceptionForm:
    initial = {
        "requirements": visit.requirements_checked,
        "identity_checked": visit.identity_checked,
        "id_number": visit.id_number,
        "information_given": visit.information_given,
        "division": visit.division_id,
    }
    return ReceptionForm(
        data,
        initial=None if data is not None else initial,
        visit=visit,
        requirements=services.requirement_list(visit.service),
        store_id=services.settings_for(office).store_id_number,
    )


def _visit_context(request, office: Office, visit: Visit, form=None) -> dict:
    return {
        "office": office,
        "visit": visit,
        "clock": services.admin_clocks(office, [visit])[0],
        "form": form or _reception_form(visit, office),
        "attachments": selectors.attachments_of(visit),
        "events": selectors.history_of(visit),
        "consultations": selectors.consultations_of(visit),
        "can_write": has_role(request.user, office, DESK_WRITERS),
    }


def _receive(request, office: Office, visit: Visit, form: ReceptionForm, routing: bool):
    """Record the reception (while the visit runs) and route when asked, all or nothing: a
    refused routing leaves no reception recorded (found by a tester: the check was saved
    with the refusal, and saved again on the retry). The redirect, or None with the refusal
    added to `form`."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if visit.is_on_site:
                services.record_reception(
                    visit,
                    actor=request.user,
                    requirements=data["requirements"],
                    identity_checked=data["identity_checked"],
                    information_given=data["information_given"],
                    id_number=data.get("id_number") or "",
                )
            if routing:
                visit = services.route(
                    visit,
                    data["division"],
                    actor=request.user,
                    reason=data.get("unchecked_reason") or "",
                )
    except VisitError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return None
    if routing:
        messages.success(
            request,
            _("%(queue)s diarahkan ke %(division)s.")
            % {"queue": visit.queue, "division": visit.division.name},
        )
        return redirect("visits:guest_book", office.slug)
    messages.success(request, _("Tersimpan."))
    return redirect("visits:visit", office.slug, visit.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def visit_detail(request, office_slug, pk):
    office = _desk_office(request, office_slug)
    visit = _desk_visit(request, office, pk)
    if request.method != "POST":  # GET and HEAD only read
        return render(request, "visits/staff/visit.html", _visit_context(request, office, visit))
    require_role(request.user, office, DESK_WRITERS)
    form = _reception_form(visit, office, request.POST)
    routing = request.POST.get("action") == "route"
    if form.is_valid():
        if routing and not form.cleaned_data["division"]:
            form.add_error("division", _("Pilih bagian tujuan."))
        else:
            response = _receive(request, office, visit, form, routing)
            if response is not None:
                return response
    visit.refresh_from_db()
    return render(
        request,
        "visits/staff/visit.html",
        _visit_context(request, office, visit, form),
        status=400,
    )


@login_required
@require_safe
def visit_clock(request, office_slug, pk):
    office = _desk_office(request, office_slug)
    visit = _desk_visit(request, office, pk)
    return render(
        request, "visits/staff/_clock.html", {"row": services.admin_clocks(office, [visit])[0]}
    )


# How the desk closes a visit: the `how` of the URL -> the service.
CLOSINGS = {
    "walk_out": lambda request, visit: services.walk_out(visit, actor=request.user),
    "cancel": lambda request, visit: services.cancel(
        visit, actor=request.user, reason=request.POST.get("reason", "")
    ),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def visit_close(request, office_slug, pk, how):
    """Cancel a visit or record a walk-out: GET asks "are you sure?", POST does it."""
    office = _desk_office(request, office_slug, write=True)
    visit = _desk_visit(request, office, pk)
    closing = CLOSINGS.get(how)
    if closing is None:
        raise Http404
    if request.method != "POST":
        return render(
            request, "visits/staff/visit_close.html", {"office": office, "visit": visit, "how": how}
        )
    try:
        closing(request, visit)
    except VisitError as exc:
        messages.error(request, str(exc))
        return redirect("visits:visit", office.slug, visit.pk)
    return redirect("visits:guest_book", office.slug)


@login_required
@require_safe
def attachment(request, office_slug, pk, attachment_pk):
    """A visitor's document, to staff who may see the visit; never from a public path."""
    office = get_office_or_404(request.user, office_slug, ATTACHMENT_READERS)
    visit = get_scoped_or_404(
        selectors.office_visits(office),
        request.user,
        ATTACHMENT_READERS,
        pk=pk,
        division_field="division",
    )
    item = selectors.attachment_of(visit, attachment_pk)
    if item is None:
        raise Http404
    # Under the visitor's own name (RFC 6266 filename*, so any characters survive), never
    # the stored hash; the content type is the one detected at upload.
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=item.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
