"""Staff pages of the consultation desk.

- Guest book (/staf/<office>/tamu/): receptionists see the whole office's visits of today,
  check visitors in, record the requirement check and route them. Heads and office admins
  read it; only receptionists and office admins change it (403 for the head).
- Consultations (/staf/<office>/konsultasi/): a consultant sees the queue of their division
  and the visits routed or handed to it, calls the next visitor, starts, ends or hands over.
  Heads and office admins read every division's queue.
- Numbers (/staf/<office>/konsultasi/statistik/): heads and office admins, with CSV export.

Another office's objects answer 404 (loket.offices.permissions); so does a visit of another
division for a consultant.
"""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.offices.models import Division, Office, Role
from loket.offices.permissions import (
    get_office_or_404,
    get_scoped_or_404,
    has_role,
    memberships,
    require_role,
    scoped,
)
from loket.workdays.services import calendar_for

from . import services, stats
from .forms import (
    CodeForm,
    EndForm,
    GuestBookForm,
    HandOverForm,
    PeriodForm,
    ReceptionForm,
    SettingsForm,
)
from .models import ON_SITE_STATUSES, Attachment, Consultation, Visit
from .services import VisitError

DESK_READERS = [Role.RECEPTIONIST, Role.HEAD, Role.OFFICE_ADMIN]
DESK_WRITERS = [Role.RECEPTIONIST, Role.OFFICE_ADMIN]
DIVISION_READERS = [Role.CONSULTANT, Role.HEAD, Role.OFFICE_ADMIN]
REPORT_READERS = [Role.HEAD, Role.OFFICE_ADMIN]
SETTINGS_EDITORS = [Role.OFFICE_ADMIN]
S = Visit.Status


def _desk_office(request, slug: str, write: bool = False) -> Office:
    office = get_office_or_404(request.user, slug, DESK_READERS)
    if write:
        require_role(request.user, office, DESK_WRITERS)
    return office


def _desk_visit(request, office: Office, pk: int) -> Visit:
    return get_scoped_or_404(
        Visit.objects.select_related("office", "service", "division"),
        request.user,
        DESK_READERS,
        pk=pk,
        office=office,
    )


# --- Guest book ---------------------------------------------------------------------------------


def _clock_rows(office: Office, visits: list[Visit]) -> list[dict]:
    """Each visit with its administration clock (office time) against its limit."""
    calendar = calendar_for(office)
    now = timezone.now()
    rows = []
    for visit in visits:
        elapsed = services.admin_elapsed(visit, now, calendar)
        limit = timedelta(seconds=visit.admin_limit_seconds) if visit.admin_limit_seconds else None
        rows.append(
            {
                "visit": visit,
                "elapsed": elapsed,
                "minutes": int(elapsed.total_seconds() // 60) if elapsed is not None else None,
                "limit_minutes": int(limit.total_seconds() // 60) if limit else None,
                "over": bool(elapsed is not None and limit and elapsed > limit),
                "running": visit.status == S.CHECKED_IN,
            }
        )
    return rows


def _guest_book_context(office: Office) -> dict:
    today = services.local_today(office)
    visits = list(
        Visit.objects.filter(office=office)
        # Today's arrivals and bookings, and whoever is still in the office's hands from an
        # earlier day (checked in before closing and not yet finished: the clock runs on).
        .filter(
            Q(queue_date=today)
            | Q(status=S.BOOKED, preferred_date=today)
            | Q(status__in=ON_SITE_STATUSES)
        )
        .select_related("division", "service")
        .order_by("queue_date", "queue_number", "preferred_time", "id")
    )
    arrived = [v for v in visits if v.queue_number]
    return {
        "office": office,
        "today": today,
        "waiting_rows": _clock_rows(office, [v for v in arrived if v.status == S.CHECKED_IN]),
        "arrived_rows": _clock_rows(office, [v for v in arrived if v.status != S.CHECKED_IN]),
        "expected": [v for v in visits if not v.queue_number],
        "now": timezone.now(),
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
    visit = (
        services.visit_by_code(request.POST.get("code", ""), office) if form.is_valid() else None
    )
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


def _visit_context(request, office: Office, visit: Visit, form=None) -> dict:
    store_id = services.settings_for(office).store_id_number
    requirements = services.requirement_list(visit.service)
    if form is None:
        form = ReceptionForm(
            initial={
                "requirements": visit.requirements_checked,
                "identity_checked": visit.identity_checked,
                "id_number": visit.id_number,
                "information_given": visit.information_given,
                "division": visit.division_id,
            },
            visit=visit,
            requirements=requirements,
            store_id=store_id,
        )
    rows = _clock_rows(office, [visit])
    return {
        "office": office,
        "visit": visit,
        "clock": rows[0],
        "form": form,
        "requirements": requirements,
        "attachments": list(visit.attachments.all()),
        "events": visit.events.select_related("actor", "division"),
        "consultations": visit.consultations.select_related("division", "consultant"),
        "can_write": has_role(request.user, office, DESK_WRITERS),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def visit_detail(request, office_slug, pk):
    office = _desk_office(request, office_slug)
    visit = _desk_visit(request, office, pk)
    if request.method != "POST":  # GET and HEAD only read
        return render(request, "visits/staff/visit.html", _visit_context(request, office, visit))
    require_role(request.user, office, DESK_WRITERS)
    form = ReceptionForm(
        request.POST,
        visit=visit,
        requirements=services.requirement_list(visit.service),
        store_id=services.settings_for(office).store_id_number,
    )
    routing = request.POST.get("action") == "route"
    if form.is_valid():
        if routing and not form.cleaned_data["division"]:
            form.add_error("division", _("Pilih bagian tujuan."))
        else:
            data = form.cleaned_data
            try:
                if visit.status in (S.CHECKED_IN, S.ROUTED, S.CALLED, S.IN_CONSULTATION):
                    services.record_reception(
                        visit,
                        actor=request.user,
                        requirements=data["requirements"],
                        identity_checked=data["identity_checked"],
                        information_given=data["information_given"],
                        id_number=data.get("id_number") or "",
                    )
                if routing:
                    visit = services.route(visit, data["division"], actor=request.user)
                    messages.success(
                        request,
                        _("%(queue)s diarahkan ke %(division)s.")
                        % {"queue": visit.queue, "division": visit.division.name},
                    )
                    return redirect("visits:guest_book", office.slug)
                messages.success(request, _("Tersimpan."))
                return redirect("visits:visit", office.slug, visit.pk)
            except VisitError as exc:
                form.add_error(None, str(exc))
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
    return render(request, "visits/staff/_clock.html", {"row": _clock_rows(office, [visit])[0]})


@login_required
@require_POST
def visit_close(request, office_slug, pk, how):
    office = _desk_office(request, office_slug, write=True)
    visit = _desk_visit(request, office, pk)
    try:
        if how == "walk_out":
            services.walk_out(visit, actor=request.user)
        elif how == "cancel":
            services.cancel(visit, actor=request.user, reason=request.POST.get("reason", ""))
        else:
            raise Http404
    except VisitError as exc:
        messages.error(request, str(exc))
        return redirect("visits:visit", office.slug, visit.pk)
    return redirect("visits:guest_book", office.slug)


@login_required
@require_safe
def attachment(request, office_slug, pk, attachment_pk):
    """A visitor's document, to staff who may see the visit; never from a public path."""
    office = get_office_or_404(request.user, office_slug, [*DESK_READERS, Role.CONSULTANT])
    visible = scoped(
        Visit.objects.filter(office=office),
        request.user,
        [*DESK_READERS, Role.CONSULTANT],
        division_field="division",
    )
    visit = get_object_or_404(visible, pk=pk)
    item = get_object_or_404(Attachment, pk=attachment_pk, visit=visit)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.stored_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def visit_settings(request, office_slug):
    office = get_office_or_404(request.user, office_slug, SETTINGS_EDITORS)
    current = services.settings_for(office)
    form = SettingsForm(
        request.POST or None,
        initial={
            "retention_days": current.retention_days,
            "store_id_number": current.store_id_number,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.save_settings(office, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Pengaturan tersimpan."))
        return redirect("visits:settings", office.slug)
    return render(
        request,
        "visits/staff/settings.html",
        {"office": office, "form": form},
        status=400 if form.errors else 200,
    )


# --- Divisions --------------------------------------------------------------------------------


def _divisions_for(request, office: Office):
    """Divisions whose queue the user may see: a consultant's own, every one for the head
    and the office admin."""
    divisions = Division.objects.filter(office=office).order_by("position", "name")
    if request.user.is_superuser or has_role(request.user, office, [Role.HEAD, Role.OFFICE_ADMIN]):
        return divisions
    own = memberships(request.user).filter(office=office, role=Role.CONSULTANT)
    return divisions.filter(pk__in=own.values("division_id"))


def _may_consult(request, office: Office, division_id: int | None) -> bool:
    if request.user.is_superuser:
        return True
    return (
        memberships(request.user)
        .filter(office=office, role=Role.CONSULTANT, division_id=division_id)
        .exists()
    )


@login_required
@require_safe
def consult_home(request, office_slug):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    divisions = _divisions_for(request, office).annotate(
        waiting=Count(
            "visits",
            filter=Q(visits__status=S.ROUTED),
        ),
        in_progress=Count(
            "visits",
            filter=Q(visits__status__in=(S.CALLED, S.IN_CONSULTATION)),
        ),
    )
    divisions = list(divisions)
    if len(divisions) == 1 and not has_role(request.user, office, REPORT_READERS):
        return redirect("visits:queue", office.slug, divisions[0].slug)
    return render(
        request,
        "visits/staff/consult_home.html",
        {
            "office": office,
            "divisions": divisions,
            "can_report": has_role(request.user, office, REPORT_READERS),
        },
    )


def _division(request, office: Office, slug: str) -> Division:
    return get_object_or_404(_divisions_for(request, office), slug=slug)


def _queue_context(office: Office, division: Division) -> dict:
    rows = list(
        Consultation.objects.filter(
            division=division,
            status__in=(
                Consultation.Status.WAITING,
                Consultation.Status.CALLED,
                Consultation.Status.ACTIVE,
            ),
        )
        .select_related("visit", "handed_from__division", "consultant")
        .order_by("queued_at", "id")
    )
    today = services.local_today(office)
    finished = list(
        Consultation.objects.filter(
            division=division,
            status__in=(Consultation.Status.DONE, Consultation.Status.HANDED_OVER),
            visit__queue_date=today,
        )
        .select_related("visit", "consultant")
        .order_by("-ended_at")[:20]
    )
    return {
        "office": office,
        "division": division,
        "waiting": [c for c in rows if c.status == Consultation.Status.WAITING],
        "serving": [c for c in rows if c.status != Consultation.Status.WAITING],
        "finished": finished,
        "now": timezone.now(),
    }


@login_required
@require_safe
def queue(request, office_slug, division_slug):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    division = _division(request, office, division_slug)
    context = _queue_context(office, division)
    context["can_consult"] = _may_consult(request, office, division.pk)
    return render(request, "visits/staff/queue.html", context)


@login_required
@require_safe
def queue_rows(request, office_slug, division_slug):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    division = _division(request, office, division_slug)
    context = _queue_context(office, division)
    context["can_consult"] = _may_consult(request, office, division.pk)
    return render(request, "visits/staff/_queue_rows.html", context)


@login_required
@require_POST
def call_next(request, office_slug, division_slug):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    division = _division(request, office, division_slug)
    if not _may_consult(request, office, division.pk):
        raise PermissionDenied
    visit = services.call_next(division, actor=request.user)
    if visit is None:
        messages.info(request, _("Tidak ada pengunjung yang menunggu."))
        return redirect("visits:queue", office.slug, division.slug)
    return redirect("visits:consultation", office.slug, visit.pk)


def _consult_visit(request, office: Office, pk: int) -> Visit:
    return get_scoped_or_404(
        Visit.objects.select_related("office", "service", "division"),
        request.user,
        DIVISION_READERS,
        pk=pk,
        office=office,
        division_field="division",
    )


def _consultation_context(request, office, visit, end_form=None, handover_form=None) -> dict:
    consultations = list(visit.consultations.select_related("division", "consultant"))
    current = next((c for c in consultations if c.status in ("waiting", "called", "active")), None)
    return {
        "office": office,
        "visit": visit,
        "current": current,
        "consultations": consultations,
        "attachments": list(visit.attachments.all()),
        "events": visit.events.select_related("actor", "division"),
        "can_consult": _may_consult(request, office, visit.division_id),
        "end_form": end_form
        or EndForm(
            visit=visit,
            initial={
                "outcome_summary": current.outcome_summary if current else "",
                "internal_notes": current.internal_notes if current else "",
                "follow_up_needed": current.follow_up_needed if current else False,
            },
        ),
        "handover_form": handover_form or HandOverForm(visit=visit),
        "clock": _clock_rows(office, [visit])[0],
    }


@login_required
@require_safe
def consultation(request, office_slug, pk):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    visit = _consult_visit(request, office, pk)
    return render(
        request,
        "visits/staff/consultation.html",
        _consultation_context(request, office, visit),
    )


@login_required
@require_POST
def consultation_action(request, office_slug, pk, action):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    visit = _consult_visit(request, office, pk)
    if not _may_consult(request, office, visit.division_id):
        raise PermissionDenied
    here = reverse("visits:consultation", args=[office.slug, visit.pk])
    back_to_queue = (
        reverse("visits:queue", args=[office.slug, visit.division.slug]) if visit.division else here
    )
    try:
        if action == "start":
            services.start(visit, actor=request.user)
            return redirect(here)
        if action == "requeue":
            services.requeue(visit, actor=request.user)
            return redirect(back_to_queue)
        if action == "walk_out":
            services.walk_out(visit, actor=request.user)
            return redirect(back_to_queue)
        if action in ("notes", "end"):
            form = EndForm(request.POST, visit=visit)
            if action == "notes":
                form.fields["outcome_summary"].required = False
            if not form.is_valid():
                return render(
                    request,
                    "visits/staff/consultation.html",
                    _consultation_context(request, office, visit, end_form=form),
                    status=400,
                )
            data = form.cleaned_data
            if action == "notes":
                services.save_notes(
                    visit,
                    actor=request.user,
                    internal_notes=data["internal_notes"],
                    outcome_summary=data["outcome_summary"],
                    follow_up_needed=data["follow_up_needed"],
                )
                messages.success(request, _("Catatan tersimpan."))
                return redirect(here)
            data.setdefault("send_outcome", False)
            services.end(visit, actor=request.user, **data)
            messages.success(request, _("Konsultasi %(queue)s selesai.") % {"queue": visit.queue})
            if data["send_outcome"]:
                messages.success(request, _("Ringkasan hasil dikirim ke e-mail pengunjung."))
            return redirect(back_to_queue)
        if action == "hand_over":
            form = HandOverForm(request.POST, visit=visit)
            if not form.is_valid():
                return render(
                    request,
                    "visits/staff/consultation.html",
                    _consultation_context(request, office, visit, handover_form=form),
                    status=400,
                )
            services.hand_over(
                visit,
                form.cleaned_data["division"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("%(queue)s dialihkan ke %(division)s.")
                % {"queue": visit.queue, "division": form.cleaned_data["division"].name},
            )
            return redirect(back_to_queue)
    except VisitError as exc:
        messages.error(request, str(exc))
        return redirect(here)
    raise Http404


# --- Numbers --------------------------------------------------------------------------------------


def _period(request, office: Office) -> tuple[PeriodForm, object, object]:
    today = services.local_today(office)
    data = request.GET if "start" in request.GET else None
    form = PeriodForm(data, initial={"start": today, "end": today})
    if data is not None and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, today, today


@login_required
@require_safe
def report(request, office_slug):
    office = get_office_or_404(request.user, office_slug, REPORT_READERS)
    form, start, end = _period(request, office)
    return render(
        request,
        "visits/staff/report.html",
        {
            "office": office,
            "form": form,
            "report": stats.report(office, start, end),
            "query": f"start={start.isoformat()}&end={end.isoformat()}",
        },
        status=400 if form.errors else 200,
    )


class _Echo:
    def write(self, value):
        return value


@login_required
@require_safe
def report_csv(request, office_slug):
    office = get_office_or_404(request.user, office_slug, REPORT_READERS)
    _form, start, end = _period(request, office)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in stats.csv_rows(office, start, end)),
        content_type="text/csv; charset=utf-8",
    )
    name = f"kunjungan-{office.slug}-{start.isoformat()}-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
