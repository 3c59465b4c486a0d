"""The Pejabat Pengelola Pengaduan's intake inbox: messages the worker could not place,
newest first, and one message with its four actions. Scoped to the user's offices: another
office's message answers 404; staff without the role get 404 for the office as well."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from loket.offices.permissions import get_office_or_404, get_scoped_or_404

from . import complaints_port, forms, selectors, services
from .models import InboundAttachment
from .roles import INBOX

PAGE_SIZE = 25


def _office(request, slug):
    return get_office_or_404(request.user, slug, INBOX)


def _message(request, office, pk):
    return get_scoped_or_404(
        selectors.office_messages(office).select_related("account", "office"),
        request.user,
        INBOX,
        pk=pk,
    )


@login_required
@require_safe
def inbox(request, office_slug):
    office = _office(request, office_slug)
    page = Paginator(selectors.inbox(office), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "intake/staff/inbox.html",
        {"office": office, "page": page, "accounts": selectors.accounts(office)},
    )


def _suggestions(message):
    if message.withhold_sender:
        return []
    if message.channel == "whatsapp":
        return complaints_port.complaints_of_sender(message.office, phone=message.sender)
    if "@" in message.sender:
        return complaints_port.complaints_of_sender(message.office, email=message.sender)
    return []


ACTIONS = {
    "buat": forms.MakeComplaintForm,
    "gabung": forms.JoinForm,
    "bukan": forms.DismissForm,
    "spam": None,
}


def _act(request, message, action, form):
    """Call the service of `action`; the complaint it made or joined, or None."""
    data = form.cleaned_data if form is not None else {}
    if action == "buat":
        return services.make_complaint(message, actor=request.user, **data)
    if action == "gabung":
        return services.join_complaint(message, actor=request.user, code=data["code"])
    if action == "bukan":
        services.dismiss(message, actor=request.user, reason=data["reason"])
    else:
        services.mark_spam(message, actor=request.user)
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def message(request, office_slug, pk):
    office = _office(request, office_slug)
    message = _message(request, office, pk)
    action = request.POST.get("tindakan", "") if request.method == "POST" else ""
    if action and action not in ACTIONS:
        raise Http404
    bound = {
        name: (cls(request.POST) if name == action else None)
        for name, cls in ACTIONS.items()
        if cls
    }
    form = bound.get(action)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            complaint = _act(request, message, action, form)
        except services.IntakeError as exc:
            if form is not None:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                flash.error(request, str(exc))
        else:
            flash.success(request, _("Pesan ditangani."))
            if complaint is not None:
                return redirect(complaints_port.staff_url(complaint))
            return redirect("intake:staff_inbox", office.slug)
    make = bound.get("buat") or forms.MakeComplaintForm(initial=services.prefill(message))
    context = {
        "office": office,
        "message": message,
        "make_form": make,
        "join_form": bound.get("gabung") or forms.JoinForm(),
        "dismiss_form": bound.get("bukan") or forms.DismissForm(),
        "suggestions": _suggestions(message),
        "events": message.events.select_related("actor").order_by("at", "id"),
        "attachments": list(message.attachments.all()),
        "form": form,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "intake/staff/message.html", context, status=status)


@login_required
@require_safe
def attachment(request, office_slug, pk, attachment_pk):
    office = _office(request, office_slug)
    message = _message(request, office, pk)
    try:
        item = message.attachments.get(pk=attachment_pk, status=InboundAttachment.Status.STORED)
    except InboundAttachment.DoesNotExist as exc:
        raise Http404 from exc
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.filename,
        content_type=item.detected_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
