"""SP4N-LAPOR! pages: upload an export, check the column mapping against a preview, import
(re-imports update, never duplicate), and download our follow-ups per LAPOR! id. The
uploaded file waits between preview and import in storage, named in the session only."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from loket.offices.permissions import get_office_or_404

from . import forms
from .lapor import reader
from .roles import LAPOR
from .services import lapor

SESSION_KEY = "intake_lapor_upload"


def _office(request, slug):
    return get_office_or_404(request.user, slug, LAPOR)


def _keep(request, office, upload) -> bytes:
    content = upload.read()
    name = default_storage.save(
        f"intake/lapor-upload/{secrets.token_hex(12)}", ContentFile(content)
    )
    previous = request.session.get(SESSION_KEY)
    if previous:
        default_storage.delete(previous["path"])
    request.session[SESSION_KEY] = {
        "path": name,
        "office": office.pk,
        "filename": upload.name or "ekspor.csv",
    }
    return content


def _kept(request, office):
    kept = request.session.get(SESSION_KEY)
    if not kept or kept["office"] != office.pk or not default_storage.exists(kept["path"]):
        return None, None
    with default_storage.open(kept["path"], "rb") as handle:
        return handle.read(), kept


def _preview(request, office, content, filename, mapping_form=None, status=200):
    table = reader.read(content, filename)
    initial = lapor.saved_mapping(office) or reader.guess_mapping(table.headers)
    form = mapping_form or forms.LaporMappingForm(headers=table.headers, initial=initial)
    return render(
        request,
        "intake/staff/lapor.html",
        {
            "office": office,
            "step": "preview",
            "headers": table.headers,
            "rows": table.rows[:5],
            "total": len(table.rows),
            "form": form,
            "filename": filename,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def lapor_import(request, office_slug):
    office = _office(request, office_slug)
    action = request.POST.get("tindakan", "")
    if action == "impor":
        content, kept = _kept(request, office)
        if content is not None:
            table = reader.read(content, kept["filename"])
            form = forms.LaporMappingForm(request.POST, headers=table.headers)
            if form.is_valid():
                columns = {k: v for k, v in form.cleaned_data.items() if v}
                lapor.save_mapping(office, columns)
                result = lapor.import_reports(
                    office, content, kept["filename"], columns, actor=request.user
                )
                default_storage.delete(kept["path"])
                del request.session[SESSION_KEY]
                return render(
                    request,
                    "intake/staff/lapor.html",
                    {"office": office, "step": "done", "result": result},
                )
            return _preview(request, office, content, kept["filename"], form, status=400)
    upload_form = (
        forms.LaporUploadForm(request.POST or None, request.FILES or None)
        if action == "pratinjau"
        else forms.LaporUploadForm()
    )
    if action == "pratinjau" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            content = _keep(request, office, upload)
            return _preview(request, office, content, upload.name or "")
        except reader.ReadError as exc:
            upload_form.add_error("file", str(exc))
    return render(
        request,
        "intake/staff/lapor.html",
        {"office": office, "step": "upload", "form": upload_form},
        status=400 if upload_form.errors else 200,
    )


@login_required
@require_safe
def lapor_export(request, office_slug):
    office = _office(request, office_slug)
    stamp = timezone.localtime(timezone.now(), office.tz).strftime("%Y%m%d-%H%M")
    response = HttpResponse(lapor.export_followups(office), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="tindak-lanjut-lapor-{office.slug}-{stamp}.csv"'
    )
    return response
