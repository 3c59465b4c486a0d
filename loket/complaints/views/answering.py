"""Staff pages of issue 14, "Answering well": the office's complaint settings (approval of
the team's answers), the reply templates (templat jawaban), the list of answers waiting
for approval, the answering parts of the complaint page, and the printable disposition
sheet (lembar disposisi) as HTML and PDF. Access like every staff page
(`loket.offices.permissions`): another office's page answers 404, a colleague without the
role 403; every query is scoped to the office."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.offices.permissions import get_office_or_404, get_scoped_or_404, roles_in
from loket.reauth import demand_reauth

from .. import disposition, forms, selectors, services, staff_forms
from ..models import Complaint, ReplyTemplate
from ..roles import (
    ANSWER_APPROVERS,
    DISPOSITION_READERS,
    SETTINGS_EDITORS,
    TEMPLATE_EDITORS,
    TEMPLATE_USERS,
)
from ..services import ComplaintError

if TYPE_CHECKING:
    from loket.offices.services import Office


# --- The complaint page -----------------------------------------------------------------


def detail_context(request, office: Office, complaint: Complaint, can: dict) -> dict[str, Any]:
    """The answering parts of the complaint page: the draft in the works (for everyone who
    sees the complaint: the approvers decide it, the team revises it), whether this user's
    answer needs approval, the office's active templates and, with `?templat=<id>`, the
    answer form filled from one (no JavaScript needed), else with the draft to revise."""
    draft = services.open_draft(complaint)
    context: dict[str, Any] = {"draft": draft, "approval_needed": False, "reply_templates": []}
    if not can.get("answer"):
        return context
    held = roles_in(request.user, office)
    context["approval_needed"] = services.needs_approval(office, request.user)
    text = draft.text if draft is not None and context["approval_needed"] else ""
    if held & set(TEMPLATE_USERS):
        templates = list(services.reply_templates(office, active_only=True))
        context["reply_templates"] = templates
        chosen = request.GET.get("templat", "")
        picked = next((t for t in templates if str(t.pk) == chosen), None)
        if picked is not None:
            text = services.fill_reply_template(picked, complaint, user=request.user)
            context["picked_template"] = picked
    if text:
        form = staff_forms.AnswerForm(initial={"text": text})
        form.auto_id = "jawab-%s"
        context["answer_form"] = form
    return context


# --- The office's complaint settings ------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_page(request, office_slug):
    """Pengaturan pengaduan: the office admin and the Pejabat switch the approval of the
    team's answers and the question of the complainant's NIK on or off, and see who
    changed the settings and templates, when."""
    office = get_office_or_404(request.user, office_slug, SETTINGS_EDITORS)
    if request.method == "POST" and (answer := demand_reauth(request)):
        return answer
    current = services.complaint_settings(office)
    initial = {
        "answers_need_approval": current.answers_need_approval,
        "ask_nik": current.ask_nik,
    }
    form = staff_forms.ComplaintSettingsForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_complaint_settings(
                office,
                actor=request.user,
                answers_need_approval=form.cleaned_data["answers_need_approval"],
                ask_nik=form.cleaned_data["ask_nik"],
            )
        except ComplaintError as exc:
            forms.refuse(form, exc)
        else:
            messages.success(request, _("Pengaturan pengaduan disimpan."))
            return redirect("complaints:staff_settings", office.slug)
    return render(
        request,
        "complaints/staff/settings.html",
        {
            "office": office,
            "form": form,
            "may_edit_templates": True,
            "events": selectors.office_events(office),
        },
        status=400 if form.errors else 200,
    )


# --- Reply templates ----------------------------------------------------------------------


@login_required
@require_safe
def template_list(request, office_slug):
    """Templat jawaban: every template of the office (active and not), by title, and the
    history of their changes."""
    office = get_office_or_404(request.user, office_slug, TEMPLATE_EDITORS)
    return render(
        request,
        "complaints/staff/templates.html",
        {
            "office": office,
            "templates": list(services.reply_templates(office)),
            "placeholders": services.PLACEHOLDERS,
            "events": selectors.office_events(office, templates_only=True),
        },
    )


def _template(request, office: Office, pk: int) -> ReplyTemplate:
    return get_scoped_or_404(
        ReplyTemplate.objects.all(), request.user, TEMPLATE_EDITORS, office=office, pk=pk
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request, office_slug, pk=None):
    """Add a template (no `pk`) or change one: title, text, active. A text with an unknown
    placeholder is refused with the list of those it may use."""
    office = get_office_or_404(request.user, office_slug, TEMPLATE_EDITORS)
    template = _template(request, office, pk) if pk is not None else None
    initial = (
        {"title": template.title, "body": template.body, "is_active": template.is_active}
        if template is not None
        else {"is_active": True}
    )
    form = staff_forms.ReplyTemplateForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        placeholders=services.PLACEHOLDERS,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_reply_template(
                office,
                actor=request.user,
                title=data["title"],
                body=data["body"],
                template=template,
                is_active=data["is_active"],
            )
        except ComplaintError as exc:
            forms.refuse(form, exc)
        else:
            messages.success(request, _("Templat jawaban disimpan."))
            return redirect("complaints:staff_templates", office.slug)
    return render(
        request,
        "complaints/staff/template_form.html",
        {"office": office, "form": form, "template": template},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def template_active(request, office_slug, pk):
    """Deactivate a template (or activate it again) from the list."""
    office = get_office_or_404(request.user, office_slug, TEMPLATE_EDITORS)
    template = _template(request, office, pk)
    active = request.POST.get("aktif") == "1"
    services.save_reply_template(
        office,
        actor=request.user,
        title=template.title,
        body=template.body,
        template=template,
        is_active=active,
    )
    if active:
        messages.success(request, _("Templat %(title)s diaktifkan.") % {"title": template.title})
    else:
        messages.success(request, _("Templat %(title)s dinonaktifkan.") % {"title": template.title})
    return redirect("complaints:staff_templates", office.slug)


@login_required
@require_POST
def template_delete(request, office_slug, pk):
    """Delete a template from the list (its event keeps the text)."""
    office = get_office_or_404(request.user, office_slug, TEMPLATE_EDITORS)
    template = _template(request, office, pk)
    title = template.title
    services.delete_reply_template(office, actor=request.user, template=template)
    messages.success(request, _("Templat %(title)s dihapus.") % {"title": title})
    return redirect("complaints:staff_templates", office.slug)


# --- Answers waiting for approval ---------------------------------------------------------


@login_required
@require_safe
def pending_list(request, office_slug):
    """Jawaban menunggu persetujuan: the office's drafts waiting for the Pejabat or the head,
    oldest first, with their count (a fixed number of queries whatever their number)."""
    office = get_office_or_404(request.user, office_slug, ANSWER_APPROVERS)
    rows = list(selectors.pending_answers(office))
    now = timezone.now()
    for row in rows:
        row.overdue = row.complaint.is_overdue(now)
    return render(
        request,
        "complaints/staff/pending_answers.html",
        {"office": office, "rows": rows, "count": len(rows)},
    )


# --- The disposition sheet ----------------------------------------------------------------


def _disposition(request, office_slug: str, reference: str) -> dict[str, Any]:
    office = get_office_or_404(request.user, office_slug, DISPOSITION_READERS)
    complaint = get_scoped_or_404(
        Complaint.objects.select_related("office", "service"),
        request.user,
        DISPOSITION_READERS,
        office=office,
        reference=reference,
    )
    return disposition.sheet(complaint, user=request.user)


@login_required
@require_safe
def disposition_page(request, office_slug, reference):
    """Lembar disposisi: the complaint's routing sheet for the head's instructions, printed
    from the browser (A4 print stylesheet); the complainant's name only for a user who may
    open the identity (logged)."""
    sheet = _disposition(request, office_slug, reference)
    sheet["pdf_url"] = reverse(
        "complaints:staff_disposition_pdf", args=[office_slug, sheet["complaint"].reference]
    )
    return render(request, "complaints/staff/disposition.html", sheet)


@login_required
@require_safe
def disposition_pdf(request, office_slug, reference):
    """The same sheet as an A4 PDF (reportlab, as the standards' PDF)."""
    sheet = _disposition(request, office_slug, reference)
    complaint = sheet["complaint"]
    response = HttpResponse(disposition.render_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="disposisi-{complaint.reference}.pdf"'
    return response
