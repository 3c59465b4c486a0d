"""The office report for the head and the office admin, and its exports (same figures)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from loket.offices.permissions import get_office_or_404, roles_in
from loket.offices.services import divisions_of
from loket.standards.selectors import complaint_classes, public_services

from . import charts, exports, selectors
from .forms import ReportForm
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
    classes = complaint_classes(office)
    form = ReportForm(
        request.GET or None,
        services=list(public_services(office)),
        classes=classes,
        divisions=list(divisions_of(office)),
    )
    period, filters = form.chosen(timezone.localdate(timezone=office.tz))
    report = selectors.office_report(office, period, classes=classes, filters=filters)
    return form, report


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
    return render(
        request,
        "reports/staff/report.html",
        {
            "office": office,
            "form": form,
            "report": report,
            "complaints": report.complaints,
            "desk": report.desk,
            "complaint_list": complaint_list,
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
            "desk_report": desk_report,
            "weekly_chart": charts.weekly_volume(report),
            "monthly_chart": charts.monthly_on_time(report),
            "weekly_table": exports.weekly_table(report),
            "monthly_table": exports.monthly_table(report),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _download(response: HttpResponse, office: Office, report: selectors.Report, ext: str):
    name = f"laporan-{office.slug}-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def report_csv(request, office_slug):
    office, _roles = _office(request, office_slug)
    _form, report = _report(request, office)
    response = HttpResponse(exports.as_csv(report), content_type="text/csv; charset=utf-8")
    return _download(response, office, report, "csv")


@login_required
@require_safe
def report_xlsx(request, office_slug):
    office, _roles = _office(request, office_slug)
    _form, report = _report(request, office)
    response = HttpResponse(exports.as_xlsx(report), content_type=exports.XLSX_TYPE)
    return _download(response, office, report, "xlsx")
