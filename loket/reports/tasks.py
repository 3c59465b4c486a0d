"""The background task that builds a report export (issue 16): the office report as CSV,
XLSX or PDF, the province comparison as CSV or XLSX, a supervised office's report as CSV or
XLSX. The content is exactly the immediate download's (`exports`, `pdf`, same tables); only
where it is built differs. Progress is recorded per step: the office report in two (its
figures, then the file: its medians and percentiles need the whole period at once), the
comparison per batch of `PROVINCE_BATCH` offices and then the file."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from django.http import QueryDict
from django.utils import translation
from django_tasks import task

from loket.offices.permissions import supervised_offices

from . import exports, metrics, pdf, selectors, services
from .forms import BY_NAME, ProvinceForm, office_report_for
from .models import ExportJob

logger = logging.getLogger("loket.reports")

# Offices read per step of the comparison (each step a fixed number of queries).
PROVINCE_BATCH = 25

CONTENT_TYPES = {
    ExportJob.Kind.CSV: "text/csv; charset=utf-8",
    ExportJob.Kind.XLSX: exports.XLSX_TYPE,
    ExportJob.Kind.PDF: pdf.PDF_TYPE,
}


def _query(job: ExportJob) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in (job.params.get("query") or {}).items():
        query.setlist(key, values)
    return query


def _today(job: ExportJob) -> date:
    return date.fromisoformat(job.params["today"])


def report_name(office_slug: str, period, kind: str) -> str:
    """The download name of an office report (as the immediate download's)."""
    return f"laporan-{office_slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{kind}"


def province_name(period, kind: str) -> str:
    """The download name of the comparison (as the immediate download's)."""
    return f"perbandingan-instansi-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{kind}"


def _office_report(job: ExportJob) -> tuple[bytes, str]:
    assert job.office is not None
    services.export_progress(job, done=0, total=2)
    form, report = office_report_for(job.office, _query(job), _today(job))
    services.export_progress(job, done=1, total=2)
    if job.kind == ExportJob.Kind.PDF:
        content = pdf.render_report(report, filters=form.chosen_filters())
    elif job.kind == ExportJob.Kind.XLSX:
        content = exports.as_xlsx(report)
    else:
        content = exports.as_csv(report).encode()
    return content, report_name(job.office.slug, report.period, job.kind)


def _province(job: ExportJob) -> tuple[bytes, str]:
    """The comparison of the offices the requester asked for and still supervises."""
    if job.requested_by is None:
        raise PermissionError("the requester is gone")
    asked = set(job.params.get("offices") or [])
    offices = [o for o in supervised_offices(job.requested_by) if o.pk in asked]
    if not offices:
        raise PermissionError("the requester supervises none of the offices any more")
    form = ProvinceForm(_query(job) or None)
    period = form.period(_today(job))
    total = len(offices) + 1
    rows: list[selectors.OfficeFigures] = []
    services.export_progress(job, done=0, total=total)
    for first in range(0, len(offices), PROVINCE_BATCH):
        rows.extend(selectors.province_report(offices[first : first + PROVINCE_BATCH], period))
        services.export_progress(job, done=len(rows), total=total)
    if form.ranking() != BY_NAME:
        rows = metrics.ranked(rows, form.ranking())
    tables = exports.province_tables(rows, period)
    if job.kind == ExportJob.Kind.XLSX:
        content = exports.tables_xlsx(tables)
    else:
        content = exports.tables_csv(tables).encode()
    return content, province_name(period, job.kind)


BUILDERS: dict[str, Callable[[ExportJob], tuple[bytes, str]]] = {
    ExportJob.Scope.OFFICE: _office_report,
    ExportJob.Scope.PROVINCE_OFFICE: _office_report,
    ExportJob.Scope.PROVINCE: _province,
}


@task()
def build_export(public_id: str) -> str:
    """Build the queued job `public_id`'s file in the requester's language and store it;
    returns the job's final state ("done", "failed"), or "skipped" when another worker took
    it or it is gone. An error is recorded on the job (the page says it failed), never
    raised: the job, not the task queue, is what the user follows."""
    job = services.start_export(public_id)
    if job is None:
        return "skipped"
    try:
        with translation.override(job.language):
            content, filename = BUILDERS[job.scope](job)
    except Exception as exc:
        logger.exception("report export %s failed", job.public_id)
        services.fail_export(job, error=f"{type(exc).__name__}: {exc}")
        return ExportJob.State.FAILED
    if not services.finish_export(job, content=content, filename=filename):
        return "skipped"
    return ExportJob.State.DONE
