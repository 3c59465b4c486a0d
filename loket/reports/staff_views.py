"""The office report for the head and the office admin, and its exports (same figures); the
staff dashboard of an office, for every role, with the counts of its work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from loket.offices.permissions import (
    get_office_or_404,
    get_supervised_office_or_404,
    roles_in,
    supervised_offices,
)

from . import charts, export_views, exports, metrics, pdf, selectors
from . import roles as who
from .forms import BY_NAME, PeriodForm, ProvinceForm, ReportForm, office_report_for
from .roles import COMPLAINT_LIST_READERS, DESK_REPORT_READERS, READERS

if TYPE_CHECKING:
    from loket.offices.services import Office


def _office(request, office_slug: str) -> tuple[Office, set[str]]:
    """The office (404 for a user without any role there) and the user's roles in it (403
    without a reader's role)."""
    office = get_office_or_404(request.user, office_slug)
    roles = roles_in(request.user, office)
    if not roles & set(READERS):
        raise PermissionDenied
    return office, roles


def _report(request, office: Office) -> tuple[ReportForm, selectors.Report]:
    return office_report_for(office, request.GET, timezone.localdate(timezone=office.tz))


@login_required
@require_safe
def office_report(request, office_slug):
    office, roles = _office(request, office_slug)
    form, report = _report(request, office)
    complaint_list = ""
    if roles & set(COMPLAINT_LIST_READERS):
        complaint_list = reverse("complaints:staff_all", args=[office.slug])
    desk_report = ""
    if roles & set(DESK_REPORT_READERS):
        desk_report = (
            reverse("visits:report", args=[office.slug])
            + "?"
            + urlencode(
                {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()}
            )
        )
    context = _report_context(request, office, form, report)
    context.update(
        complaint_list=complaint_list,
        desk_report=desk_report,
        survey_links=True,
        csv_url=reverse("reports:office_csv", args=[office.slug]),
        xlsx_url=reverse("reports:office_xlsx", args=[office.slug]),
        pdf_url=reverse("reports:office_pdf", args=[office.slug]),
        background_exports=export_views.too_large(report.period),
    )
    return render(request, "reports/staff/report.html", context, status=400 if form.errors else 200)


def _report_context(
    request, office: Office, form: ReportForm, report: selectors.Report
) -> dict[str, Any]:
    """What the report page shows, without its links to lists (the caller adds those the
    user may open)."""
    return {
        "office": office,
        "form": form,
        "report": report,
        "complaints": report.complaints,
        "desk": report.desk,
        "complaint_list": "",
        "desk_report": "",
        "survey_links": False,
        # The overdue list narrowed like the report (the complaint list's own parameters).
        "list_filters": urlencode(
            {
                key: value
                for key, value in (
                    ("channel", report.filters.channel),
                    ("complaint_class", report.filters.complaint_class),
                )
                if value
            }
        ),
        "complaint_tables": [
            {
                "heading": _("Per klasifikasi"),
                "first": _("Klasifikasi"),
                "param": "complaint_class",
                "rows": report.complaints.by_class,
            },
            {
                "heading": _("Per kanal"),
                "first": _("Kanal"),
                "param": "channel",
                "rows": report.complaints.by_channel,
            },
        ],
        "weekly_chart": charts.weekly_volume(report),
        "monthly_chart": charts.monthly_on_time(report),
        "weekly_table": exports.weekly_table(report),
        "monthly_table": exports.monthly_table(report),
        "query": request.GET.urlencode(),
    }


def _download(response: HttpResponse, office: Office, report: selectors.Report, ext: str):
    name = f"laporan-{office.slug}-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _office_too_large(request, office: Office, kind: str, *, province: bool = False):
    """The page that asks for a background job when this export is too large
    (`export_views.too_large`), else None (built here). Reads no report."""
    period = PeriodForm(request.GET or None).period(timezone.localdate(timezone=office.tz))
    if not export_views.too_large(period):
        return None
    if province:
        action = reverse("reports:province_office_export_request", args=[office.slug])
        back = reverse("reports:province_office", args=[office.slug])
    else:
        action = reverse("reports:office_export_request", args=[office.slug])
        back = reverse("reports:office", args=[office.slug])
    return export_views.prepare_page(request, kind=kind, action=action, back=back, office=office)


@login_required
@require_safe
def report_csv(request, office_slug):
    office, _roles = _office(request, office_slug)
    if large := _office_too_large(request, office, "csv"):
        return large
    _form, report = _report(request, office)
    response = HttpResponse(exports.as_csv(report), content_type="text/csv; charset=utf-8")
    return _download(response, office, report, "csv")


@login_required
@require_safe
def report_xlsx(request, office_slug):
    office, _roles = _office(request, office_slug)
    if large := _office_too_large(request, office, "xlsx"):
        return large
    _form, report = _report(request, office)
    response = HttpResponse(exports.as_xlsx(report), content_type=exports.XLSX_TYPE)
    return _download(response, office, report, "xlsx")


@login_required
@require_safe
def report_pdf(request, office_slug):
    """The report as a PDF with the office's letterhead for the head to sign (`pdf`),
    rendered in the request: one period's aggregates (see bench/README.md); a period
    longer than `LOKET_EXPORT_INLINE_DAYS` answers the page that asks for a background
    job (`export_views`)."""
    office, _roles = _office(request, office_slug)
    if large := _office_too_large(request, office, "pdf"):
        return large
    form, report = _report(request, office)
    response = HttpResponse(
        pdf.render_report(report, filters=form.chosen_filters()), content_type=pdf.PDF_TYPE
    )
    return _download(response, office, report, "pdf")


# --- The staff dashboard ---------------------------------------------------------------------

# Every count with its label and the query of the list it opens (None: the lists have no
# filter for it, so the count is shown without a link rather than with a wrong one).
COMPLAINT_COUNTS = {
    "unclassified": (_("Belum diklasifikasi"), "status=received"),
    "in_progress": (_("Sedang ditindaklanjuti"), "status=in_progress"),
    "due_today": (_("Batas waktu hari ini"), None),
    "overdue": (_("Melewati batas waktu"), "overdue=on"),
    "mine": (_("Ditugaskan kepada saya"), "mine=on"),
    "waiting": (_("Menunggu kelengkapan dari pengadu"), "status=waiting"),
    "answered": (_("Dijawab, menunggu penilaian pengadu"), "status=answered"),
    "new_replies": (_("Tanggapan baru dari pengadu"), "new_replies=on"),
    "pending_answers": (_("Jawaban tim menunggu persetujuan"), None),
}
# Counts whose list is a page of its own rather than a filter of the queue (its roles are
# the count's: `roles.DASHBOARD_COMPLAINT_COUNTS`).
COUNT_PAGES = {"pending_answers": "complaints:staff_pending_answers"}
DESK_COUNTS = {
    "at_desk": _("Menunggu di meja informasi"),
    "bookings_today": _("Pemesanan kunjungan hari ini"),
    "no_shows_today": _("Tidak datang hari ini"),
}
DASHBOARD_ROLES = {
    role
    for allowed in (
        *who.DASHBOARD_COMPLAINT_COUNTS.values(),
        *who.DASHBOARD_DESK_COUNTS.values(),
        who.DASHBOARD_ALL_DIVISIONS,
        who.DASHBOARD_OWN_DIVISION,
        who.DASHBOARD_ON_TIME,
    )
    for role in allowed
}


def _count(label, value: int, url: str = "") -> dict[str, Any]:
    return {"label": label, "value": value, "url": url if url and value else ""}


def _dashboard_context(request, office_slug: str) -> dict[str, Any]:
    """The office (404 for a user without a role there; 403 for a role that sees no count)
    and the user's counts, each with the link to its list where the user may open one."""
    office = get_office_or_404(request.user, office_slug)
    roles = roles_in(request.user, office)
    if not roles & DASHBOARD_ROLES:
        raise PermissionDenied
    board = selectors.office_dashboard(office, user=request.user, roles=roles)
    queue = ""
    if roles & set(who.COMPLAINT_QUEUE_READERS):
        queue = reverse("complaints:staff_queue", args=[office.slug])

    def list_url(key: str, query: str | None) -> str:
        if key in COUNT_PAGES:
            return reverse(COUNT_PAGES[key], args=[office.slug])
        return f"{queue}?{query}" if queue and query else ""

    complaints = [
        _count(label, board.complaints[key], list_url(key, query))
        for key, (label, query) in COMPLAINT_COUNTS.items()
        if key in board.complaints
    ]
    desk_urls = {}
    if roles & set(who.GUEST_BOOK_READERS):
        guest_book = reverse("visits:guest_book", args=[office.slug])
        desk_urls = {"at_desk": guest_book, "bookings_today": guest_book}
    if roles & set(DESK_REPORT_READERS):
        day = board.today.isoformat()
        desk_urls["no_shows_today"] = (
            reverse("visits:report", args=[office.slug])
            + "?"
            + urlencode({"start": day, "end": day})
        )
    desk = [
        _count(label, board.desk[key], desk_urls.get(key, ""))
        for key, label in DESK_COUNTS.items()
        if key in board.desk
    ]
    opens_queues = bool(roles & set(who.DIVISION_QUEUE_READERS))
    divisions = [
        _count(
            division.name,
            waiting,
            reverse("visits:queue", args=[office.slug, division.slug]) if opens_queues else "",
        )
        for division, waiting in board.divisions
    ]
    report = ""
    if roles & set(READERS):
        report = reverse("reports:office", args=[office.slug]) + "?periode=bulan-ini"
    return {
        "office": office,
        "board": board,
        "complaint_counts": complaints,
        "desk_counts": desk,
        "division_counts": divisions,
        "report_url": report,
        "refresh_seconds": REFRESH_SECONDS,
    }


# The counts fragment is fetched again this often (htmx); without JavaScript the page has a
# link to load it again.
REFRESH_SECONDS = 60


@login_required
@require_safe
@never_cache
def dashboard(request, office_slug):
    return render(request, "reports/staff/dashboard.html", _dashboard_context(request, office_slug))


@login_required
@require_safe
@never_cache
def dashboard_counts(request, office_slug):
    """The counts alone, for the page to replace its own every `REFRESH_SECONDS`."""
    return render(
        request, "reports/staff/_dashboard_counts.html", _dashboard_context(request, office_slug)
    )


# --- The province comparison (issue 16) ------------------------------------------------------
# For a supervisor (`Role.SUPERVISOR`) of a group of offices and the system administrator:
# aggregate figures only, never a list of complaints or visits, nor a link to one.


def _province_period(request) -> tuple[list[Office], ProvinceForm, Any]:
    """The supervised offices (403 for a user who supervises none), the form and the
    period."""
    offices = list(supervised_offices(request.user))
    if not offices:
        raise PermissionDenied
    form = ProvinceForm(request.GET or None)
    return offices, form, form.period(timezone.localdate())


def _province(request) -> tuple[list[Office], ProvinceForm, Any, list[selectors.OfficeFigures]]:
    """The supervised offices (403 for a user who supervises none), the form, the period and
    the figures in the asked order."""
    offices, form, period = _province_period(request)
    rows = selectors.province_report(offices, period)
    ranking = form.ranking()
    if ranking != BY_NAME:
        rows = metrics.ranked(rows, ranking)
    return offices, form, period, rows


@login_required
@require_safe
def province(request):
    offices, form, period, rows = _province(request)
    query = request.GET.urlencode()
    return render(
        request,
        "reports/staff/province.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "query": query,
            "ranked": form.ranking() != BY_NAME,
            "background_exports": export_views.too_large(period, len(offices)),
        },
        status=400 if form.errors else 200,
    )


def _province_download(response: HttpResponse, period: Any, ext: str) -> HttpResponse:
    name = f"perbandingan-instansi-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _province_too_large(request, kind: str):
    """The page that asks for a background job when the comparison's export is too large
    (its period's days times the supervised offices), else None. Reads no figure."""
    offices, _form, period = _province_period(request)
    if not export_views.too_large(period, len(offices)):
        return None
    return export_views.prepare_page(
        request,
        kind=kind,
        action=reverse("reports:province_export_request"),
        back=reverse("reports:province"),
    )


@login_required
@require_safe
def province_csv(request):
    if large := _province_too_large(request, "csv"):
        return large
    _offices, _form, period, rows = _province(request)
    text = exports.tables_csv(exports.province_tables(rows, period))
    return _province_download(
        HttpResponse(text, content_type="text/csv; charset=utf-8"), period, "csv"
    )


@login_required
@require_safe
def province_xlsx(request):
    if large := _province_too_large(request, "xlsx"):
        return large
    _offices, _form, period, rows = _province(request)
    data = exports.tables_xlsx(exports.province_tables(rows, period))
    return _province_download(HttpResponse(data, content_type=exports.XLSX_TYPE), period, "xlsx")


def _supervised_report(request, office_slug: str) -> tuple[Office, ReportForm, selectors.Report]:
    office = get_supervised_office_or_404(request.user, office_slug)
    form, report = _report(request, office)
    return office, form, report


@login_required
@require_safe
def province_office(request, office_slug):
    """One supervised office's report, aggregate only: the same figures as the office
    report, without a link to any list of complaints, visits or survey responses."""
    office, form, report = _supervised_report(request, office_slug)
    context = _report_context(request, office, form, report)
    context.update(
        province=True,
        csv_url=reverse("reports:province_office_csv", args=[office.slug]),
        xlsx_url=reverse("reports:province_office_xlsx", args=[office.slug]),
        background_exports=export_views.too_large(report.period),
    )
    return render(request, "reports/staff/report.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def province_office_csv(request, office_slug):
    office = get_supervised_office_or_404(request.user, office_slug)
    if large := _office_too_large(request, office, "csv", province=True):
        return large
    _form, report = _report(request, office)
    response = HttpResponse(exports.as_csv(report), content_type="text/csv; charset=utf-8")
    return _download(response, office, report, "csv")


@login_required
@require_safe
def province_office_xlsx(request, office_slug):
    office = get_supervised_office_or_404(request.user, office_slug)
    if large := _office_too_large(request, office, "xlsx", province=True):
        return large
    _form, report = _report(request, office)
    response = HttpResponse(exports.as_xlsx(report), content_type=exports.XLSX_TYPE)
    return _download(response, office, report, "xlsx")
