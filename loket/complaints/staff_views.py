"""Staff pages: the officer's intake for the seven channels, the team queue, the head's list,
one complaint with its actions, and the complainant's identity (logged). Every query is
scoped to the user's offices: another office's complaint answers 404; a colleague without
the role for an action gets 403."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket import uploads
from loket.notify import selectors as outbox
from loket.offices.permissions import (
    get_office_or_404,
    get_scoped_or_404,
    has_role,
    require_role,
    roles_in,
)
from loket.offices.services import Channel, other_offices
from loket.standards.selectors import public_services

from . import forms, selectors, services, staff_forms
from .models import Complaint, Status
from .roles import ACCESS_LOG_READERS, HANDLERS, HEAD_LIST, OFFICERS, TEAM, VIEWERS
from .services import ComplaintError, InvalidInput

if TYPE_CHECKING:
    from loket.offices.services import Office

PAGE_SIZE = 25


def _office(request, slug: str, roles=VIEWERS) -> Office:
    return get_office_or_404(request.user, slug, roles)


def can_see_all(user, office: Office) -> bool:
    """The head's list of every complaint: the head and the Pejabat Pengelola Pengaduan,
    not the team (who work from the queue). One check for the page and for its link."""
    return has_role(user, office, HEAD_LIST)


def _complaint(request, office: Office, reference: str) -> Complaint:
    """The office's complaint by its reference number (staff never use the tracking code,
    the complainant's secret)."""
    return get_scoped_or_404(
        Complaint.objects.select_related(
            "office", "service", "duplicate_of", "forwarded_from__office"
        ),
        request.user,
        VIEWERS,
        office=office,
        reference=reference,
    )


def _mark(rows, now) -> None:
    for row in rows:
        row.overdue = row.is_overdue(now)
        row.due_soon = not row.overdue and row.is_due_soon(now)


def _listing(request, office: Office, queryset, *, default_open: bool):
    """Filter, search and paginate: a fixed number of queries whatever the page holds."""
    classes = services.classes_for(office)
    form = staff_forms.QueueFilterForm(
        request.GET or None, classes=classes, statuses=Status.choices
    )
    filters = form.cleaned_data if form.is_valid() else {}
    now = timezone.now()
    rows = selectors.filter_complaints(
        queryset,
        user=request.user,
        now=now,
        status=filters.get("status") or "",
        default_open=default_open,
        complaint_class=filters.get("complaint_class") or "",
        channel=filters.get("channel") or "",
        overdue=bool(filters.get("overdue")),
        unassigned=bool(filters.get("unassigned")),
        mine=bool(filters.get("mine")),
        query=filters.get("q") or "",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    _mark(page.object_list, now)
    params = request.GET.copy()
    params.pop("halaman", None)
    return form, page, params.urlencode()


@login_required
@require_safe
def queue(request, office_slug):
    """The Tim Pengelola Pengaduan's work queue: open complaints by due time."""
    office = _office(request, office_slug)
    rows = selectors.queue_order(selectors.office_complaints(office))
    form, page, query = _listing(request, office, rows, default_open=True)
    return render(
        request,
        "complaints/staff/queue.html",
        {
            "office": office,
            "form": form,
            "page": page,
            "query": query,
            "is_officer": has_role(request.user, office, OFFICERS),
            "sees_all": can_see_all(request.user, office),
            "heading": _("Antrean pengaduan"),
        },
    )


@login_required
@require_safe
def head_list(request, office_slug):
    """Every complaint of the office for the head: open ones first, overdue at the top."""
    # The same roles as can_see_all(), in the office lookup itself (one query fewer).
    office = _office(request, office_slug, HEAD_LIST)
    rows = selectors.head_order(selectors.office_complaints(office))
    form, page, query = _listing(request, office, rows, default_open=False)
    return render(
        request,
        "complaints/staff/queue.html",
        {
            "office": office,
            "form": form,
            "page": page,
            "query": query,
            "head_list": True,
            "heading": _("Semua pengaduan"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def intake(request, office_slug):
    """The officer enters a complaint received face to face, by phone, fax, the box,
    WhatsApp, e-mail or SP4N-LAPOR!."""
    office = _office(request, office_slug)
    require_role(request.user, office, OFFICERS)
    with timezone.override(office.tz):
        offered = list(public_services(office))
        chosen = request.GET.get("kanal", "")
        form = staff_forms.IntakeForm(
            request.POST or None,
            request.FILES or None,
            services=offered,
            office=office,
            channel=chosen,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.submit(
                    office=office,
                    actor=request.user,
                    channel=data["channel"],
                    channel_details=form.channel_details(),
                    received_at=data["received_at"],
                    title=data["title"],
                    description=data["description"],
                    incident_date=data["incident_date"],
                    incident_place=data["incident_place"],
                    service=next((x for x in offered if str(x.pk) == data["service"]), None),
                    complainant_name=data["name"],
                    complainant_phone=data["phone"],
                    complainant_email=data["email"],
                    complainant_nik=data["nik"],
                    anonymous=data["anonymous"],
                    confidential=data["confidential"],
                    attachments=data["files"],
                )
            except ComplaintError as exc:
                forms.refuse(form, exc)
            else:
                # The code is shown once, on the next page, to read out or print for the
                # complainant; the staff's own session forgets it there.
                request.session[INTAKE_RECEIPT] = {
                    "pk": complaint.pk,
                    "code": complaint.tracking_code,
                }
                return redirect("complaints:staff_intake_done", office.slug)
        return render(
            request,
            "complaints/staff/intake.html",
            {
                "office": office,
                "form": form,
                "channels": staff_forms.STAFF_CHANNELS,
                "chosen": chosen,
            },
            status=400 if form.is_bound else 200,
        )


INTAKE_RECEIPT = "complaint_intake_receipt"


@login_required
@require_safe
def intake_done(request, office_slug):
    """After the officer's intake: the reference for the office and, once, the tracking
    code for the complainant (read out on the phone, printed on the counter's receipt). A
    reload, or any later page, no longer shows it."""
    office = _office(request, office_slug)
    require_role(request.user, office, OFFICERS)
    receipt = request.session.pop(INTAKE_RECEIPT, None)
    if not isinstance(receipt, dict):
        return redirect("complaints:staff_queue", office.slug)
    complaint = get_scoped_or_404(
        Complaint.objects.select_related("office"),
        request.user,
        OFFICERS,
        office=office,
        pk=receipt.get("pk"),
    )
    code = str(receipt.get("code", ""))
    return render(
        request,
        "complaints/staff/intake_done.html",
        {
            "office": office,
            "complaint": complaint,
            "code": code,
            "track_url": f"{settings.SITE_URL}{reverse('complaints:track_lookup')}",
        },
    )


CHANNEL_NAMES = dict(Channel.Kind.choices)

# What each message to the complainant is, as the staff page names it.
COMPLAINANT_MESSAGES = {
    "complaint.acknowledgement": gettext_lazy("Tanda terima pengaduan"),
    "complaint.completion_requested": gettext_lazy("Permintaan kelengkapan"),
    "complaint.answered": gettext_lazy("Jawaban"),
    "complaint.closed": gettext_lazy("Pemberitahuan penutupan"),
    "complaint.forwarded": gettext_lazy("Pemberitahuan penerusan"),
}


def undelivered_to_complainant(complaint: Complaint) -> list[dict[str, Any]]:
    """The messages to the complainant that did not arrive (refused for good, out of
    attempts, or no gateway), so the officer can phone instead: what, on which channel,
    when, and why. The address is left out of the reason (the identity is need-to-know)."""
    rows = []
    for message in outbox.undelivered_messages(f"complaint:{complaint.pk}"):
        if message.topic not in COMPLAINANT_MESSAGES:
            continue  # mail to staff about the complaint
        reason = message.last_error
        if message.status == "undelivered":
            reason = _("Tidak ada gateway WhatsApp/SMS yang terpasang.")
        elif message.recipient:
            reason = reason.replace(message.recipient, "…")
        rows.append(
            {
                "what": COMPLAINANT_MESSAGES[message.topic],
                "channel": message.get_channel_display(),
                "at": message.created_at,
                "reason": reason,
            }
        )
    for flag in complaint.undeliverable_contacts:
        reason = flag.get("reason", "")
        if flag.get("address"):
            reason = reason.replace(flag["address"], "…")
        rows.append(
            {
                "what": _("Alamat pengadu tidak dapat dihubungi"),
                "channel": CHANNEL_NAMES.get(flag.get("channel", ""), flag.get("channel", "")),
                "at": parse_datetime(flag["at"]) if flag.get("at") else None,
                "reason": reason,
            }
        )
    return rows


def _detail_context(request, office: Office, complaint: Complaint, **bound: Any) -> dict:
    held = roles_in(request.user, office)
    can = {
        step.key or action: services.allowed(complaint, action) and bool(held & set(step.roles))
        for step in ACTIONS.values()
        for action in step.actions
    }
    now = timezone.now()
    context = {
        "office": office,
        "complaint": complaint,
        "events": complaint.events.select_related("actor").order_by("at", "id"),
        "answers": complaint.answers.prefetch_related("attachments"),
        "files": complaint.attachments.filter(answer__isnull=True),
        "assignees": [a.user for a in complaint.assignments.select_related("user")],
        "can": can,
        "now": now,
        "overdue": complaint.is_overdue(now),
        "forwarded_to": getattr(complaint, "forwarded_to", None),
        "access_log": services.personal_data_log(complaint)
        if held & set(ACCESS_LOG_READERS)
        else None,
        "may_view_identity": services.may_view_identity(complaint, request.user),
        "undelivered": undelivered_to_complainant(complaint),
    }
    for slug, step in ACTIONS.items():
        context[step.form_name] = _form(slug, office, complaint)
    context.update(bound)
    return context


def _form(slug: str, office: Office, complaint: Complaint, data: tuple = ()):
    """The form of one action; ids carry the action so that several forms share a page."""
    form = ACTIONS[slug].form(office, complaint, data)
    form.auto_id = f"{slug}-%s"
    return form


@login_required
@require_safe
def detail(request, office_slug, reference):
    office = _office(request, office_slug)
    complaint = _complaint(request, office, reference)
    return render(
        request, "complaints/staff/detail.html", _detail_context(request, office, complaint)
    )


@login_required
@require_safe
def identity(request, office_slug, reference):
    """The complainant's personal data; each view is logged (UU 27/2022). Need to know:
    403 for a colleague who is not assigned (`services.may_view_identity`)."""
    office = _office(request, office_slug)
    complaint = _complaint(request, office, reference)
    if not services.may_view_identity(complaint, request.user):
        raise PermissionDenied
    data = None
    if not complaint.anonymous:
        data = services.view_personal_data(
            complaint, user=request.user, purpose=_("Dilihat di halaman pengaduan")
        )
    return render(
        request,
        "complaints/staff/identity.html",
        {"office": office, "complaint": complaint, "data": data},
    )


@login_required
@require_safe
def attachment(request, office_slug, reference, pk):
    """A file of the complaint (evidence or an answer's attachment), for the office's staff
    only; each download is logged as an access to personal data."""
    office = _office(request, office_slug)
    complaint = _complaint(request, office, reference)
    item = complaint.attachments.filter(pk=pk).first()
    if item is None:
        raise Http404
    handle = services.open_attachment(item, user=request.user)
    return uploads.download(handle, name=item.name, content_type=item.content_type)


# --- Actions ---------------------------------------------------------------------------


def _classify(request, office, complaint, form):
    services.classify(complaint, actor=request.user, class_code=form.cleaned_data["class_code"])
    return _("Pengaduan diklasifikasi; batas waktu ditetapkan.")


def _reclassify(request, office, complaint, form):
    services.reclassify(
        complaint,
        actor=request.user,
        class_code=form.cleaned_data["class_code"],
        reason=form.cleaned_data["reason"],
    )
    return _("Klasifikasi diubah; batas waktu dihitung ulang.")


def _request_reclassification(request, office, complaint, form):
    services.request_reclassification(
        complaint,
        actor=request.user,
        class_code=form.cleaned_data["class_code"],
        reason=form.cleaned_data["reason"],
    )
    return _("Usul perubahan klasifikasi dikirim kepada Pejabat Pengelola Pengaduan.")


def _request_completion(request, office, complaint, form):
    services.request_completion(complaint, actor=request.user, message=form.cleaned_data["message"])
    return _("Permintaan kelengkapan dikirim; batas waktu berhenti.")


def _not_authority(request, office, complaint, form):
    slug = form.cleaned_data["to_office"]
    reason = form.cleaned_data["reason"]
    if slug:
        target = other_offices(office).filter(slug=slug).first()
        if target is None:
            raise InvalidInput(
                gettext_lazy("Instansi tujuan tidak ditemukan."),
                code="unknown_office",
                field="to_office",
            )
        received = services.forward(complaint, actor=request.user, to_office=target, reason=reason)
        return _("Pengaduan diteruskan kepada %(office)s dengan nomor %(reference)s.") % {
            "office": target.name,
            "reference": received.reference,
        }
    services.mark_not_authority(complaint, actor=request.user, reason=reason)
    return _("Pengaduan ditandai bukan wewenang.")


def _duplicate(request, office, complaint, form):
    rows = selectors.office_complaints(office)
    original = selectors.by_reference(rows, form.cleaned_data["original"]).first()
    if original is None:
        raise InvalidInput(
            gettext_lazy("Tidak ada pengaduan instansi ini dengan nomor itu."),
            code="unknown_original",
            field="original",
        )
    services.reject_duplicate(complaint, actor=request.user, original=original)
    return _("Pengaduan ditolak sebagai duplikat.")


def _assign(request, office, complaint, form):
    chosen = set(form.cleaned_data["users"])
    team = [user for user in services.team_members(office) if str(user.pk) in chosen]
    added = services.assign(complaint, actor=request.user, users=team)
    if not added:
        return _("Anggota itu sudah ditugaskan.")
    return _("Pengaduan ditugaskan.")


def _note(request, office, complaint, form):
    services.add_note(complaint, actor=request.user, text=form.cleaned_data["message"])
    return _("Catatan internal disimpan.")


def _answer(request, office, complaint, form):
    services.answer(
        complaint,
        actor=request.user,
        text=form.cleaned_data["text"],
        attachments=form.cleaned_data["files"],
    )
    return _("Jawaban dikirim kepada pengadu.")


def _other_classes(office: Office, complaint: Complaint) -> list:
    classes = services.classes_for(office, complaint.received_at)
    return [k for k in classes if k.code != complaint.class_code]


@dataclass(frozen=True)
class StaffAction:
    """One action of the complaint page: the service actions it may take (the transition
    table decides when), who may take it, its form and the handler that calls the service."""

    actions: tuple[str, ...]
    roles: list[str]
    form_name: str
    form: Callable[[Office, Complaint, tuple], django_forms.Form]
    handler: Callable[..., str]
    # The page's name for it when two steps share a service action (default: the action).
    key: str = ""


# URL slug (Indonesian) -> the action. The one table of who may do what on the page.
ACTIONS: dict[str, StaffAction] = {
    "klasifikasi": StaffAction(
        ("classify",),
        OFFICERS,
        "classify_form",
        lambda o, c, d: staff_forms.ClassifyForm(
            *d, classes=services.classes_for(o, c.received_at)
        ),
        _classify,
    ),
    # The Pejabat's act; the team asks for it (issue 11 §5).
    "reklasifikasi": StaffAction(
        ("reclassify",),
        OFFICERS,
        "reclassify_form",
        lambda o, c, d: staff_forms.ReclassifyForm(*d, classes=_other_classes(o, c)),
        _reclassify,
    ),
    "usul-reklasifikasi": StaffAction(
        ("reclassify",),
        TEAM,
        "reclassify_request_form",
        lambda o, c, d: staff_forms.ReclassifyForm(*d, classes=_other_classes(o, c)),
        _request_reclassification,
        key="reclassify_request",
    ),
    "minta-kelengkapan": StaffAction(
        ("request_completion",),
        OFFICERS,
        "completion_form",
        lambda o, c, d: staff_forms.MessageForm(*d),
        _request_completion,
    ),
    "bukan-wewenang": StaffAction(
        ("not_authority", "forward"),
        OFFICERS,
        "forward_form",
        lambda o, c, d: staff_forms.ForwardForm(*d, offices=other_offices(o)),
        _not_authority,
    ),
    "duplikat": StaffAction(
        ("duplicate",),
        OFFICERS,
        "duplicate_form",
        lambda o, c, d: staff_forms.DuplicateForm(*d),
        _duplicate,
    ),
    "tugaskan": StaffAction(
        ("assign",),
        HANDLERS,
        "assign_form",
        lambda o, c, d: staff_forms.AssignForm(*d, team=services.team_members(o)),
        _assign,
    ),
    "catatan": StaffAction(
        ("note",),
        HANDLERS,
        "note_form",
        lambda o, c, d: staff_forms.MessageForm(*d, prefix="note"),
        _note,
    ),
    "jawab": StaffAction(
        ("answer",), HANDLERS, "answer_form", lambda o, c, d: staff_forms.AnswerForm(*d), _answer
    ),
}


@login_required
@require_POST
def act(request, office_slug, reference, action):
    if action not in ACTIONS:
        raise Http404
    office = _office(request, office_slug)
    complaint = _complaint(request, office, reference)
    step = ACTIONS[action]
    require_role(request.user, office, step.roles)
    form = _form(action, office, complaint, (request.POST, request.FILES))
    if form.is_valid():
        try:
            done = step.handler(request, office, complaint, form)
        except ComplaintError as exc:
            forms.refuse(form, exc)
        else:
            messages.success(request, done)
            return redirect(complaint.get_staff_url())
    context = _detail_context(request, office, complaint, **{step.form_name: form})
    context["form"] = form
    return render(request, "complaints/staff/detail.html", context, status=400)
