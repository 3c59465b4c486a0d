"""Numbers for the head and the office admin: the period report and its CSV export."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from loket.offices.permissions import get_office_or_404

from .. import services, stats
from ..forms import PeriodForm
from ..roles import REPORT_READERS

if TYPE_CHECKING:
    from datetime import date

    from loket.offices.models import Office


def _period(request, office: Office) -> tuple[PeriodForm, date, date]:
    """The asked period, or the office's today when none (or an invalid one) was asked."""
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
    """A file-like object whose `write` returns the line, for streaming `csv.writer` rows."""

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
