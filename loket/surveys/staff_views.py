"""Staff pages of the survey: periods (open, progress against the Krejcie-Morgan sample,
close, results, processing table, trend, plan, publish, exports), paper entry and import,
suggestion moderation, the kiosk and the posters. Every office is reached through
`get_office_or_404` with the roles of `roles.py`: another office answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from loket.offices.permissions import get_office_or_404
from loket.standards.selectors import public_services

from . import charts, exports, forms, ikm, paper, posters, selectors, services
from .models import Source, SurveyPeriod
from .public_views import kiosk_url
from .questionnaire import ELEMENTS
from .roles import ENTRY, MANAGERS


def _office(request, slug, roles=MANAGERS):
    return get_office_or_404(request.user, slug, roles)


def _period(office, pk) -> SurveyPeriod:
    found = selectors.periods_of(office).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _services(office):
    return public_services(office)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request, office_slug):
    office = _office(request, office_slug)
    form = forms.PeriodForm(request.POST or None, services=_services(office))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == SurveyPeriod.Kind.CUSTOM:
                start, end = data["start"], data["end"]
            else:
                start, end = services.bounds(data["kind"], data["year"], data["number"] or 1)
            period = services.open_period(
                office,
                kind=data["kind"],
                start=start,
                end=end,
                service=data["service"],
                population=data["population"],
                actor=request.user,
            )
        except services.SurveyError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("Periode survei dibuka."))
            return redirect("surveys:staff_period", office.slug, period.pk)
    periods = list(selectors.periods_of(office))
    return render(
        request,
        "surveys/staff/index.html",
        {
            "office": office,
            "form": form,
            "periods": periods,
            "pending": selectors.pending_suggestions(office).count(),
            "held": selectors.held_answers(office).count(),
            "services": _services(office),
        },
    )


def _trend(period, data=None):
    points = selectors.trend(period, data=data)
    chart_points = [charts.Point(p.label, p.converted.converted_display) for p in points]
    svg = charts.trend_svg(
        chart_points,
        _("Nilai IKM per periode"),
        _(
            "Nilai konversi IKM (25-100) periode ini dan periode sebelumnya; garis putus-putus "
            "adalah batas mutu A, B dan C."
        ),
    )
    return points, svg


def _shown(value, places: int):
    """A Decimal rounded half up to `places` (None stays None): the template writes it with
    the language's decimal separator ("3,333" in Indonesian), like the converted score."""
    return ikm.round_half_up(value, places) if value is not None else None


def _element_rows(index: ikm.Index):
    weighted = index.weighted
    return [
        {
            "code": code,
            "number": ELEMENTS[code].number,
            "name": ELEMENTS[code].name,
            "nrr": index.nrr[code],
            "nrr_display": _shown(index.nrr[code], 3),
            "weighted_display": _shown(weighted[code], 3),
        }
        for code in ikm.QUESTION_ORDER
    ]


@login_required
@require_safe
def period(request, office_slug, pk):
    office = _office(request, office_slug)
    found = _period(office, pk)
    data = selectors.summary(found)
    result = selectors.results(found, data=data)
    progress = selectors.progress(found, data)
    points, svg = _trend(found, data)
    return render(
        request,
        "surveys/staff/period.html",
        {
            "office": office,
            "period": found,
            "progress": progress,
            "sources": [(label, progress.by_source[value]) for value, label in Source.choices],
            "result": result,
            "elements": _element_rows(result.index),
            "buckets": [(name, result.buckets[name]) for name in selectors.BUCKETS],
            "weakest": [ELEMENTS[code] for code in result.weakest],
            "trend_points": points,
            "trend_svg": svg,
            "suggestions": selectors.approved_suggestions(found)[:50],
            "population_form": forms.PopulationForm(initial={"population": found.population}),
            "events": found.events.select_related("actor").order_by("-at")[:20],
        },
    )


# The actions that cannot be undone: GET asks first (a warning page), POST does it.
CONFIRMED_ACTIONS = ("tutup", "umumkan")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def period_action(request, office_slug, pk, action):
    """Close or publish (GET: the confirmation page, POST: done), or set the population
    (POST only)."""
    office = _office(request, office_slug)
    found = _period(office, pk)
    if request.method != "POST":
        if action not in CONFIRMED_ACTIONS:
            raise Http404
        index = selectors.results(found, with_profile=False).index
        return render(
            request,
            "surveys/staff/period_confirm.html",
            {"office": office, "period": found, "action": action, "index": index},
        )
    try:
        if action == "tutup":
            services.close_period(found, actor=request.user)
            messages.success(request, _("Periode ditutup."))
        elif action == "umumkan":
            services.publish_period(found, actor=request.user)
            messages.success(request, _("Hasil survei diumumkan."))
        elif action == "populasi":
            form = forms.PopulationForm(request.POST)
            if not form.is_valid():
                raise services.SurveyError(
                    _("Populasi harus bilangan bulat."), code="population_invalid"
                )
            services.set_population(found, form.cleaned_data["population"], actor=request.user)
            messages.success(request, _("Populasi disimpan."))
        else:
            raise Http404
    except services.SurveyError as error:
        messages.error(request, str(error))
    return redirect("surveys:staff_period", office.slug, found.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan(request, office_slug, pk):
    office = _office(request, office_slug)
    found = _period(office, pk)
    initial = [
        {"element": r.element, "activity": r.activity, "when": r.when, "responsible": r.responsible}
        for r in found.plan.all()
    ]
    if not initial:
        weakest = selectors.results(found, with_profile=False).weakest
        initial = [{"element": code} for code in weakest]
    formset = forms.PlanFormSet(request.POST or None, initial=initial, prefix="rencana")
    conclusion = forms.ConclusionForm(
        request.POST or None, initial={"conclusion": found.conclusion}
    )
    if request.method == "POST" and formset.is_valid() and conclusion.is_valid():
        try:
            services.save_plan(
                found,
                [f.row() for f in formset if f.cleaned_data],
                conclusion.cleaned_data["conclusion"],
                actor=request.user,
            )
        except services.SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Rencana tindak lanjut disimpan."))
            return redirect("surveys:staff_period", office.slug, found.pk)
    return render(
        request,
        "surveys/staff/plan.html",
        {
            "office": office,
            "period": found,
            "formset": formset,
            "conclusion": conclusion,
        },
    )


@login_required
@require_safe
def processing(request, office_slug, pk):
    """Pengolahan data per responden dan per unsur, 50 respondents a page, with the totals,
    NRR, weighted NRR and IKM rows of the whole period under every page."""
    office = _office(request, office_slug)
    found = _period(office, pk)
    page = selectors.processing_page(found, request.GET.get("halaman"))
    for row in page.object_list:
        row.ordered = [getattr(row, code.lower()) for code in ikm.QUESTION_ORDER]
    index = selectors.results(found, with_profile=False).index
    sums = [index.totals.sums[code] for code in ikm.QUESTION_ORDER]
    return render(
        request,
        "surveys/staff/processing.html",
        {
            "office": office,
            "period": found,
            "page": page,
            "index": index,
            "codes": ikm.QUESTION_ORDER,
            "elements": _element_rows(index),
            "sums": sums,
            "ikm_display": _shown(index.ikm, 4),
        },
    )


@login_required
@require_safe
def export_xlsx(request, office_slug, pk):
    office = _office(request, office_slug)
    found = _period(office, pk)
    response = HttpResponse(
        exports.xlsx(found),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="skm-{office.slug}-{found.pk}.xlsx"'
    return response


@login_required
@require_safe
def export_pdf(request, office_slug, pk):
    office = _office(request, office_slug)
    found = _period(office, pk)
    response = HttpResponse(exports.pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="skm-{office.slug}-{found.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def paper_entry(request, office_slug):
    """Fast keyboard entry of paper sheets: save, and the empty form comes back focused,
    keeping the date and service of the previous sheet."""
    office = _office(request, office_slug, ENTRY)
    keep = request.session.get("survey_paper", {})
    form = forms.PaperEntryForm(
        request.POST or None,
        services=_services(office),
        initial=keep or {"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enter_paper(
                office, data["service"], data["date"], form.answers(), actor=request.user
            )
        except services.SurveyError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            request.session["survey_paper"] = {
                "date": data["date"].isoformat(),
                "service": data["service"].pk if data["service"] else "",
            }
            request.session["survey_paper_count"] = request.session.get("survey_paper_count", 0) + 1
            messages.success(request, _("Lembar tersimpan."))
            return redirect("surveys:staff_paper", office.slug)
    return render(
        request,
        "surveys/staff/paper.html",
        {
            "office": office,
            "form": form,
            "count": request.session.get("survey_paper_count", 0),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def paper_import(request, office_slug):
    office = _office(request, office_slug, ENTRY)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        by_slug = {s.slug: s for s in _services(office)}
        rows, errors = paper.parse_sheet(
            form.cleaned_data["file"],
            by_slug,
            lambda service, day: services.check_paper_date(office, service, day),
        )
        if not errors:
            count = services.import_paper(office, rows, actor=request.user)
            messages.success(request, _("%(count)s lembar diimpor.") % {"count": count})
            return redirect("surveys:staff_index", office.slug)
    return render(
        request,
        "surveys/staff/import.html",
        {
            "office": office,
            "form": form,
            "errors": errors[:200],
            "error_count": len(errors),
            "columns": paper.TEMPLATE_HEADER,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def suggestions(request, office_slug):
    office = _office(request, office_slug)
    if request.method == "POST":
        try:
            services.moderate(
                office,
                int(request.POST.get("response", 0)),
                request.POST.get("decision") == "approve",
                actor=request.user,
            )
        except (services.SurveyError, ValueError):
            messages.error(request, _("Saran tidak ditemukan."))
        return redirect("surveys:staff_suggestions", office.slug)
    rows = selectors.pending_suggestions(office)[:50]
    return render(request, "surveys/staff/suggestions.html", {"office": office, "rows": rows})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def held(request, office_slug):
    """Poster answers held past a soft limit: accept (counted from now on) or reject."""
    office = _office(request, office_slug)
    if request.method == "POST":
        try:
            accepted = services.review_held(
                office,
                int(request.POST.get("held", 0)),
                request.POST.get("decision") == "accept",
                actor=request.user,
            )
        except ValueError:
            messages.error(request, _("Jawaban ini tidak ditemukan."))
        except services.SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Jawaban diterima.") if accepted else _("Jawaban ditolak dan dihapus.")
            )
        return redirect("surveys:staff_held", office.slug)
    rows = list(selectors.held_answers(office)[:HELD_SHOWN])
    return render(
        request,
        "surveys/staff/held.html",
        {"office": office, "rows": rows, "total": selectors.held_answers(office).count()},
    )


HELD_SHOWN = 50


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_start(request, office_slug):
    """Open the kiosk questionnaire on a tablet the office admin enrolled as the office's
    kiosk (the same enrolment as the visitors' kiosk; `kiosk_devices`): the staff session
    ends (nobody can reach staff pages from the tablet) and the questionnaire opens. On any
    other browser the questionnaire refuses to open; the page lists its addresses too."""
    office = _office(request, office_slug, ENTRY)
    if request.method == "POST":
        slug = request.POST.get("service") or None
        service = _services(office).filter(slug=slug).first() if slug else None
        if slug and service is None:
            raise Http404
        logout(request)
        return redirect(kiosk_url(office, service))
    services_ = list(_services(office))
    return render(
        request,
        "surveys/staff/kiosk_start.html",
        {
            "office": office,
            "services": services_,
            "kiosk_links": [
                (_("Seluruh layanan (responden memilih sendiri)"), kiosk_url(office)),
                *((s.name, kiosk_url(office, s)) for s in services_),
            ],
        },
    )


@login_required
@require_safe
def poster(request, office_slug, service_slug=None):
    office = _office(request, office_slug, ENTRY)
    service = None
    if service_slug:
        service = _services(office).filter(slug=service_slug).first()
        if service is None:
            raise Http404
    size = "a5" if request.GET.get("ukuran") == "a5" else "a4"
    path = (
        reverse("surveys:poster_service", args=[office.slug, service.slug])
        if service
        else reverse("surveys:poster", args=[office.slug])
    )
    url = request.build_absolute_uri(path)
    return render(
        request,
        "surveys/staff/poster.html",
        {
            "office": office,
            "service": service,
            "size": size,
            "url": url,
            "qr_svg": posters.qr_svg(url),
        },
    )
