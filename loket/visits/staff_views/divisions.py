"""The divisions' pages: the overview of every queue, one division's queue, calling the next
visitor, and one consultation with its actions (a dispatch table: each action names the roles
that may take it and the page it returns to)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from loket.offices.permissions import (
    divisions_for,
    get_office_or_404,
    get_scoped_or_404,
    has_division_role,
    has_role,
    require_division_role,
)

from .. import selectors, services
from ..forms import EndForm, HandOverForm
from ..models import Visit
from ..roles import CONSULTANTS, DIVISION_OVERSEERS, DIVISION_READERS, REPORT_READERS
from ..services import VisitError

if TYPE_CHECKING:
    from loket.offices.models import Division, Office


def _divisions(request, office: Office):
    """Divisions whose queue the user may see: a consultant's own, every one for the head and
    the office admin."""
    return divisions_for(request.user, office, DIVISION_OVERSEERS, CONSULTANTS)


def _division(request, office: Office, slug: str) -> Division:
    return get_object_or_404(_divisions(request, office), slug=slug)


@login_required
@require_safe
def consult_home(request, office_slug):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    loads = selectors.division_loads(office, _divisions(request, office))
    can_report = has_role(request.user, office, REPORT_READERS)
    if len(loads) == 1 and not can_report:
        return redirect("visits:queue", office.slug, loads[0].division.slug)
    return render(
        request,
        "visits/staff/consult_home.html",
        {"office": office, "loads": loads, "can_report": can_report},
    )


def _queue_context(request, office: Office, division: Division) -> dict:
    line = selectors.division_queue(office, division)
    return {
        "office": office,
        "division": division,
        "waiting": line.waiting,
        "serving": line.serving,
        "finished": line.finished,
        "now": timezone.now(),
        "can_consult": has_division_role(request.user, office, division.pk, CONSULTANTS),
    }


@login_required
@require_safe
def queue(request, office_slug, division_slug):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    division = _division(request, office, division_slug)
    return render(request, "visits/staff/queue.html", _queue_context(request, office, division))


@login_required
@require_safe
def queue_rows(request, office_slug, division_slug):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    division = _division(request, office, division_slug)
    return render(
        request, "visits/staff/_queue_rows.html", _queue_context(request, office, division)
    )


@login_required
@require_POST
def call_next(request, office_slug, division_slug):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    division = _division(request, office, division_slug)
    require_division_role(request.user, office, division.pk, CONSULTANTS)
    visit = services.call_next(division, actor=request.user)
    if visit is None:
        messages.info(request, _("Tidak ada pengunjung yang menunggu."))
        return redirect("visits:queue", office.slug, division.slug)
    return redirect("visits:consultation", office.slug, visit.pk)


def _consult_visit(request, office: Office, pk: int) -> Visit:
    return get_scoped_or_404(
        selectors.office_visits(office),
        request.user,
        DIVISION_READERS,
        pk=pk,
        division_field="division",
    )


def _consultation_context(request, office, visit, end_form=None, handover_form=None) -> dict:
    consultations = selectors.consultations_of(visit)
    current = next((c for c in consultations if c.is_open), None)
    return {
        "office": office,
        "visit": visit,
        "current": current,
        "consultations": consultations,
        "attachments": selectors.attachments_of(visit),
        "events": selectors.history_of(visit),
        "can_consult": has_division_role(request.user, office, visit.division_id, CONSULTANTS),
        "end_form": end_form
        or EndForm(
            visit=visit,
            initial={
                "outcome_summary": current.outcome_summary if current else "",
                "internal_notes": current.internal_notes if current else "",
                "follow_up_needed": current.follow_up_needed if current else False,
            },
        ),
        "handover_form": handover_form
        or HandOverForm(visit=visit, current_division_id=selectors.open_division_id(visit)),
        "clock": services.admin_clocks(office, [visit])[0],
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


# --- Consultation actions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """What one consultation action needs: the page it came from and where to go next."""

    request: object
    office: Office
    visit: Visit

    @property
    def here(self) -> str:
        return reverse("visits:consultation", args=[self.office.slug, self.visit.pk])

    @property
    def back_to_queue(self) -> str:
        division = self.visit.division
        return (
            reverse("visits:queue", args=[self.office.slug, division.slug])
            if division
            else self.here
        )

    def invalid(self, **forms) -> HttpResponse:
        context = _consultation_context(self.request, self.office, self.visit, **forms)
        return render(self.request, "visits/staff/consultation.html", context, status=400)


def _start(step: Step) -> HttpResponse:
    services.start(step.visit, actor=step.request.user)
    return redirect(step.here)


def _requeue(step: Step) -> HttpResponse:
    services.requeue(step.visit, actor=step.request.user)
    messages.success(
        step.request,
        _("Nomor %(queue)s kembali ke antrean; dipanggil lagi saat gilirannya tiba.")
        % {"queue": step.visit.queue},
    )
    return redirect(step.back_to_queue)


def _walk_out(step: Step) -> HttpResponse:
    services.walk_out(step.visit, actor=step.request.user)
    return redirect(step.back_to_queue)


def _notes(step: Step) -> HttpResponse:
    form = EndForm(step.request.POST, visit=step.visit)
    form.fields["outcome_summary"].required = False  # notes may come before any outcome
    if not form.is_valid():
        return step.invalid(end_form=form)
    data = form.cleaned_data
    services.save_notes(
        step.visit,
        actor=step.request.user,
        internal_notes=data["internal_notes"],
        outcome_summary=data["outcome_summary"],
        follow_up_needed=data["follow_up_needed"],
    )
    messages.success(step.request, _("Catatan tersimpan."))
    return redirect(step.here)


def _end(step: Step) -> HttpResponse:
    form = EndForm(step.request.POST, visit=step.visit)
    if not form.is_valid():
        return step.invalid(end_form=form)
    data = {"send_outcome": False, **form.cleaned_data}
    services.end(step.visit, actor=step.request.user, **data)
    messages.success(step.request, _("Konsultasi %(queue)s selesai.") % {"queue": step.visit.queue})
    if data["send_outcome"]:
        messages.success(step.request, _("Ringkasan hasil dikirim ke e-mail pengunjung."))
    return redirect(step.back_to_queue)


def _hand_over(step: Step) -> HttpResponse:
    form = HandOverForm(
        step.request.POST,
        visit=step.visit,
        current_division_id=selectors.open_division_id(step.visit),
    )
    if not form.is_valid():
        return step.invalid(handover_form=form)
    division = form.cleaned_data["division"]
    services.hand_over(
        step.visit, division, actor=step.request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        step.request,
        _("%(queue)s dialihkan ke %(division)s.")
        % {"queue": step.visit.queue, "division": division.name},
    )
    return redirect(step.back_to_queue)


@dataclass(frozen=True)
class Action:
    roles: tuple[str, ...]  # division-bound roles, held in the visit's division
    run: Callable[[Step], HttpResponse]


# The `action` of the URL -> who may take it and what it does. Every one is the consultant's
# of the visit's division; the head and the office admin read the page but act on none.
# The actions by their URL words, in Bahasa Indonesia like every staff URL.
CONSULTATION_ACTIONS: dict[str, Action] = {
    "mulai": Action(CONSULTANTS, _start),
    "kembalikan-ke-antrean": Action(CONSULTANTS, _requeue),
    "pergi": Action(CONSULTANTS, _walk_out),
    "catatan": Action(CONSULTANTS, _notes),
    "selesai": Action(CONSULTANTS, _end),
    "serahkan": Action(CONSULTANTS, _hand_over),
}


@login_required
@require_POST
def consultation_action(request, office_slug, pk, action):
    office = get_office_or_404(request.user, office_slug, DIVISION_READERS)
    visit = _consult_visit(request, office, pk)
    chosen = CONSULTATION_ACTIONS.get(action)
    if chosen is None:
        raise Http404
    require_division_role(request.user, office, visit.division_id, chosen.roles)
    step = Step(request=request, office=office, visit=visit)
    try:
        return chosen.run(step)
    except VisitError as exc:
        messages.error(request, str(exc))
        return redirect(step.here)
