"""Report exports prepared in the background (issue 16).

An export whose work is large (`too_large`: the period's days times the offices it covers
above `LOKET_EXPORT_INLINE_DAYS`) is never built in the request: its download link answers
a page with a button that asks for it (POST, a job of `services.request_export`), the task
`tasks.build_export` builds it on a worker, and the job's page shows its progress (htmx
fetches it again every `REFRESH_SECONDS` with the poll header; without JavaScript a meta
refresh and a "Muat ulang" link) and, once done, the download link. Smaller exports stay
immediate (`staff_views`): the same content either way.

Who sees a job: for an office report, the office's report readers (another office's user
gets 404, a colleague without the role 403); for the province view, a supervisor of every
office the job covers. Every download is logged (`loket.reports`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from loket.offices.permissions import (
    get_office_or_404,
    get_supervised_office_or_404,
    roles_in,
    supervised_offices,
)

from . import selectors, services, tasks
from .forms import ProvinceForm, ReportForm
from .models import ExportJob
from .roles import READERS

if TYPE_CHECKING:
    from loket.offices.services import Office

    from .periods import Period

logger = logging.getLogger("loket.reports")

# The job's page fetches its progress again this often (htmx; a meta refresh without it).
REFRESH_SECONDS = 3
KINDS = {
    ExportJob.Scope.OFFICE: (ExportJob.Kind.CSV, ExportJob.Kind.XLSX, ExportJob.Kind.PDF),
    ExportJob.Scope.PROVINCE: (ExportJob.Kind.CSV, ExportJob.Kind.XLSX),
    ExportJob.Scope.PROVINCE_OFFICE: (ExportJob.Kind.CSV, ExportJob.Kind.XLSX),
}


# The report pages' parameters a job keeps (`forms.ReportForm`, `forms.ProvinceForm`); any
# other key of the posted query is dropped.
QUERY_FIELDS = tuple(dict.fromkeys((*ReportForm.base_fields, *ProvinceForm.base_fields)))


def too_large(period: Period, offices: int = 1) -> bool:
    """Whether an export of `period` over `offices` offices is prepared in the background:
    its office-days above `LOKET_EXPORT_INLINE_DAYS` (by default 92, a triwulan: the
    monthly and quarterly reports stay immediate, a semester, a year or a province of many
    offices go to a worker)."""
    days = (period.end - period.start).days + 1
    return days * offices > settings.LOKET_EXPORT_INLINE_DAYS


def prepare_page(request, *, kind: str, action: str, back: str, office: Office | None = None):
    """The answer of an immediate download link when the export is too large: a page with
    the button that asks for the job (the query kept in a hidden field)."""
    return render(
        request,
        "reports/staff/export_prepare.html",
        {
            "office": office,
            "kind": kind,
            "action": action,
            "back": back,
            "query": request.GET.urlencode(),
        },
    )


def _reader_office(request, office_slug: str) -> Office:
    office = get_office_or_404(request.user, office_slug)
    if not roles_in(request.user, office) & set(READERS):
        raise PermissionDenied
    return office


def _asked(request, scope: str) -> tuple[str, QueryDict]:
    kind = request.POST.get("format", "")
    if kind not in KINDS[scope]:
        raise Http404
    asked = QueryDict(request.POST.get("kueri", "").removeprefix("?"))
    query = QueryDict(mutable=True)
    for key in QUERY_FIELDS:
        if key in asked:
            query.setlist(key, asked.getlist(key)[:1])
    return kind, query


def _start(request, *, scope: str, kind: str, query: QueryDict, params: dict[str, Any], **kw):
    job = services.request_export(
        user=request.user,
        scope=scope,
        kind=kind,
        params={"query": dict(query.lists()), **params},
        language=get_language() or settings.LANGUAGE_CODE,
        **kw,
    )
    public_id = str(job.public_id)

    def enqueue() -> None:
        try:
            tasks.build_export.enqueue(public_id=public_id)
        except Exception:  # the job shows as queued; the purge marks it failed in time
            logger.exception("could not enqueue report export %s", public_id)

    transaction.on_commit(enqueue)
    logger.info(
        "report export %s (%s %s) asked by user %s", public_id, scope, kind, request.user.pk
    )
    return job


@login_required
@require_POST
def office_request(request, office_slug):
    office = _reader_office(request, office_slug)
    kind, query = _asked(request, ExportJob.Scope.OFFICE)
    today = timezone.localdate(timezone=office.tz)
    job = _start(
        request,
        scope=ExportJob.Scope.OFFICE,
        kind=kind,
        query=query,
        params={"today": today.isoformat()},
        office=office,
    )
    return redirect("reports:office_export", office.slug, job.public_id)


@login_required
@require_POST
def province_request(request):
    offices = list(supervised_offices(request.user))
    if not offices:
        raise PermissionDenied
    kind, query = _asked(request, ExportJob.Scope.PROVINCE)
    job = _start(
        request,
        scope=ExportJob.Scope.PROVINCE,
        kind=kind,
        query=query,
        params={"today": timezone.localdate().isoformat(), "offices": [o.pk for o in offices]},
    )
    return redirect("reports:province_export", job.public_id)


@login_required
@require_POST
def province_office_request(request, office_slug):
    office = get_supervised_office_or_404(request.user, office_slug)
    kind, query = _asked(request, ExportJob.Scope.PROVINCE_OFFICE)
    today = timezone.localdate(timezone=office.tz)
    job = _start(
        request,
        scope=ExportJob.Scope.PROVINCE_OFFICE,
        kind=kind,
        query=query,
        params={"today": today.isoformat()},
        office=office,
    )
    return redirect("reports:province_export", job.public_id)


def _office_job(request, office_slug: str, job_id) -> tuple[Office, ExportJob]:
    office = _reader_office(request, office_slug)
    job = selectors.office_export_job(office, job_id)
    if job is None:
        raise Http404
    return office, job


def _province_job(request, job_id) -> ExportJob:
    ids = {office.pk for office in supervised_offices(request.user)}
    job = selectors.province_export_job(ids, job_id) if ids else None
    if job is None:
        raise Http404
    return job


def _back(job: ExportJob) -> str:
    """The report page the job was asked from, with its query."""
    if job.scope == ExportJob.Scope.OFFICE:
        assert job.office is not None
        url = reverse("reports:office", args=[job.office.slug])
    elif job.scope == ExportJob.Scope.PROVINCE_OFFICE:
        assert job.office is not None
        url = reverse("reports:province_office", args=[job.office.slug])
    else:
        url = reverse("reports:province")
    query = QueryDict(mutable=True)
    for key, values in (job.params.get("query") or {}).items():
        query.setlist(key, values)
    return f"{url}?{query.urlencode()}" if query else url


def _job_page(request, job: ExportJob, *, url: str, download: str, office: Office | None):
    tz = office.tz if office is not None else timezone.get_current_timezone()
    context = {
        "job": job,
        "office": office,
        "url": url,
        "download": download,
        "back": _back(job),
        "expires": timezone.localtime(job.expires_at, tz),
        "created": timezone.localtime(job.created_at, tz),
        "refresh_seconds": REFRESH_SECONDS,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "reports/staff/_export_job.html", context)
    return render(request, "reports/staff/export_job.html", context)


@login_required
@require_safe
@never_cache
def office_job(request, office_slug, job_id):
    """The job's page, or its progress fragment alone for htmx (`HX-Request`)."""
    office, job = _office_job(request, office_slug, job_id)
    job.office = office
    return _job_page(
        request,
        job,
        url=reverse("reports:office_export", args=[office.slug, job.public_id]),
        download=reverse("reports:office_export_file", args=[office.slug, job.public_id]),
        office=office,
    )


@login_required
@require_safe
@never_cache
def province_job(request, job_id):
    job = _province_job(request, job_id)
    return _job_page(
        request,
        job,
        url=reverse("reports:province_export", args=[job.public_id]),
        download=reverse("reports:province_export_file", args=[job.public_id]),
        office=job.office,
    )


def _file(request, job: ExportJob) -> HttpResponse:
    if job.state != ExportJob.State.DONE or not job.file or job.expires_at <= timezone.now():
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    logger.info(
        "report export %s (%s %s, office %s) downloaded by user %s",
        job.public_id,
        job.scope,
        job.kind,
        job.office_id,
        request.user.pk,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename,
        content_type=tasks.CONTENT_TYPES[job.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
@never_cache
def office_file(request, office_slug, job_id):
    _office, job = _office_job(request, office_slug, job_id)
    return _file(request, job)


@login_required
@require_safe
@never_cache
def province_file(request, job_id):
    return _file(request, _province_job(request, job_id))
