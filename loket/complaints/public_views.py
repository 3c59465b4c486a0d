"""Citizen pages (GOV.UK patterns, no JavaScript needed): a start page, a multi-step form
kept in the session (what happened, evidence, who you are, check answers), the
confirmation with the tracking code, and the tracking page reached by the code alone, where
the complainant completes, replies, rates or says they are not satisfied."""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from loket import uploads
from loket.codes import normalize_code
from loket.conditional import kept_page, row_state
from loket.offices.services import office_or_404
from loket.ratelimit import too_many_requests
from loket.standards.selectors import public_services

from . import files, forms, selectors, services
from .limits import SUBMISSIONS
from .models import Complaint, Event, Status
from .services import ComplaintError

if TYPE_CHECKING:
    from loket.offices.services import Office

DRAFT = "complaint_draft"
SUBMITTED = "complaint_submitted"
# The idempotency keys of the drafts this session sent: a "Kirim" posted again (a double
# tap, a reload, a request still in flight) lands on the same confirmation.
SENT_DRAFTS = "complaint_sent_drafts"
SENT_DRAFTS_KEPT = 5
PUBLIC_RATE = "60/m"


def _office(slug: str) -> Office:
    return office_or_404(slug)


def _draft(request, office: Office) -> dict:
    draft = request.session.get(DRAFT)
    if not draft or draft.get("office") != office.slug:
        draft = {"office": office.slug, "files": []}
    if "key" not in draft:
        # One key per filled-in form: the complaint it becomes is stored under it (a unique
        # column), so however often and however concurrently it is sent, it is one complaint.
        draft["key"] = f"web-draft:{secrets.token_urlsafe(24)}"
    return draft


def _store(request, draft: dict) -> None:
    request.session[DRAFT] = draft
    request.session.modified = True


# --- The form --------------------------------------------------------------------------


@require_safe
def start(request, office_slug):
    office = _office(office_slug)
    classes = [
        {"name": c.name, "duration": forms.duration_text(c.amount, c.unit)}
        for c in services.classes_for(office)
    ]
    return render(
        request,
        "complaints/public/start.html",
        {
            "office": office,
            "classes": classes,
            "channels": office.channels.filter(is_published=True),
            "limits": files.limits_hint(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def step_what(request, office_slug):
    office = _office(office_slug)
    draft = _draft(request, office)
    offered = list(public_services(office))
    if request.method == "POST":
        form = forms.WhatForm(request.POST, services=offered, office=office)
        if form.is_valid():
            data = form.cleaned_data
            draft["what"] = {
                "title": data["title"],
                "description": data["description"],
                "incident_date": data["incident_date"].isoformat() if data["incident_date"] else "",
                "incident_place": data["incident_place"],
                "service": data["service"],
            }
            _store(request, draft)
            return redirect(_next(draft, office, "complaints:step_evidence"))
    else:
        form = forms.WhatForm(initial=draft.get("what"), services=offered, office=office)
    return _step(request, office, form, "what", _("Apa yang terjadi?"), 1)


@ratelimit(key="ip", rate=PUBLIC_RATE, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def step_evidence(request, office_slug):
    office = _office(office_slug)
    draft = _draft(request, office)
    if "what" not in draft:
        return redirect("complaints:step_what", office.slug)
    if request.method == "POST" and "remove" in request.POST:
        keep, drop = [], []
        for item in draft["files"]:
            (drop if item["path"] == request.POST["remove"] else keep).append(item)
        draft["files"] = keep
        _store(request, draft)
        transaction.on_commit(lambda: services.discard_draft_files(d["path"] for d in drop))
        return redirect("complaints:step_evidence", office.slug)
    if request.method == "POST":
        form = forms.EvidenceForm(request.POST, request.FILES, existing=len(draft["files"]))
        if form.is_valid():
            for upload in form.cleaned_data["files"]:
                draft["files"].append(services.keep_draft_upload(upload))
            _store(request, draft)
            if request.POST.get("action") == "upload":
                return redirect("complaints:step_evidence", office.slug)
            return redirect(_next(draft, office, "complaints:step_who"))
    else:
        form = forms.EvidenceForm(existing=len(draft["files"]))
    return _step(
        request, office, form, "evidence", _("Bukti"), 2, extra={"uploaded": draft["files"]}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def step_who(request, office_slug):
    office = _office(office_slug)
    draft = _draft(request, office)
    if "what" not in draft:
        return redirect("complaints:step_what", office.slug)
    if request.method == "POST":
        form = forms.WhoForm(request.POST, ask_nik=services.collects_nik(office))
        if form.is_valid():
            draft["who"] = form.cleaned_data
            _store(request, draft)
            return redirect("complaints:check", office.slug)
    else:
        form = forms.WhoForm(initial=draft.get("who"), ask_nik=services.collects_nik(office))
    return _step(request, office, form, "who", _("Siapa Anda?"), 3)


def _next(draft: dict, office: Office, default: str) -> str:
    # From the check page, "Ubah" returns there after the change.
    if "who" in draft:
        return reverse("complaints:check", args=[office.slug])
    return reverse(default, args=[office.slug])


def _step(request, office, form, step, heading, number, extra=None):
    back = {
        "what": reverse("complaints:start", args=[office.slug]),
        "evidence": reverse("complaints:step_what", args=[office.slug]),
        "who": reverse("complaints:step_evidence", args=[office.slug]),
    }[step]
    return render(
        request,
        f"complaints/public/step_{step}.html",
        {
            "office": office,
            "form": form,
            "heading": heading,
            "number": number,
            "back": back,
            **(extra or {}),
        },
    )


@ratelimit(key="ip", rate=PUBLIC_RATE, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def check(request, office_slug):
    office = _office(office_slug)
    if request.method == "POST" and DRAFT not in request.session:
        sent = _already_sent(request, office)
        if sent is not None:
            return sent
    draft = _draft(request, office)
    if "what" not in draft:
        return redirect("complaints:step_what", office.slug)
    if "who" not in draft:
        return redirect("complaints:step_who", office.slug)
    what, who = draft["what"], draft["who"]
    service = None
    if what.get("service"):
        service = public_services(office).filter(pk=what["service"]).first()
    if request.method == "POST":
        return _send(request, office, draft, service)
    return render(
        request,
        "complaints/public/check.html",
        {
            "office": office,
            "what": what,
            # The draft keeps the day as ISO text; the page writes it as people read it.
            "incident_date": date.fromisoformat(what["incident_date"])
            if what.get("incident_date")
            else None,
            "who": who,
            "anonymous": who["identity"] == forms.WhoForm.ANONYMOUS,
            "service": service,
            "uploaded": draft["files"],
        },
    )


def _confirm(request, office: Office, complaint: Complaint, key: str):
    """Remember the sent draft and show its confirmation."""
    sent = [k for k in request.session.get(SENT_DRAFTS, []) if k != key]
    request.session[SENT_DRAFTS] = [*sent, key][-SENT_DRAFTS_KEPT:]
    request.session[SUBMITTED] = {"pk": complaint.pk, "code": complaint.tracking_code}
    return redirect("complaints:confirmation", office.slug)


def _already_sent(request, office: Office):
    """The confirmation of the draft this session sent last, when "Kirim" is posted again
    after the draft left the session; None when there is none."""
    for key in reversed(request.session.get(SENT_DRAFTS, [])):
        complaint = selectors.complaint_by_idempotency_key(key)
        if complaint is not None and complaint.office_id == office.pk:
            return _confirm(request, office, complaint, key)
    return None


def _send(request, office: Office, draft: dict, service):
    """Submit the checked draft once: the files move to the complaint, the draft is gone.
    The draft's key is the complaint's idempotency key (a unique column): a second POST of
    the same draft, sequential or concurrent, finds the complaint the first one made (or
    fails on the unique key and then finds it) and lands on the same confirmation, with no
    second complaint and no second acknowledgement."""
    what, who = draft["what"], draft["who"]
    key = draft["key"]
    existing = selectors.complaint_by_idempotency_key(key)
    if existing is not None:
        request.session.pop(DRAFT, None)
        return _confirm(request, office, existing, key)
    if SUBMISSIONS.reached(request, office):
        return too_many_requests(request)
    uploads = []
    for item in draft["files"]:
        upload = services.open_draft_upload(item)
        if upload is None:
            existing = selectors.complaint_by_idempotency_key(key)
            if existing is not None:  # the concurrent first send moved the files
                request.session.pop(DRAFT, None)
                return _confirm(request, office, existing, key)
            messages.error(request, _("Berkas %(name)s hilang; unggah lagi.") % item)
            draft["files"] = [f for f in draft["files"] if f is not item]
            _store(request, draft)
            return redirect("complaints:step_evidence", office.slug)
        uploads.append(upload)
    try:
        complaint = services.submit(
            office=office,
            channel="web",
            title=what["title"],
            description=what["description"],
            incident_date=date.fromisoformat(what["incident_date"])
            if what["incident_date"]
            else None,
            incident_place=what["incident_place"],
            service=service,
            complainant_name=who["name"],
            complainant_phone=who["phone"],
            complainant_email=who["email"],
            complainant_nik=who.get("nik", ""),
            anonymous=who["identity"] == forms.WhoForm.ANONYMOUS,
            confidential=who["confidential"],
            attachments=uploads,
            idempotency_key=key,
            language=get_language() or "",
        )
    except IntegrityError:  # the same draft sent at the same moment: that one's complaint
        complaint = selectors.complaint_by_idempotency_key(key)
        if complaint is None:
            raise
    except ComplaintError as exc:
        # Only what the steps already checked can be refused (an incident date that a
        # day change made wrong is impossible: dates only move into the past).
        # A NIK kept in the draft of an office that stopped asking for it since: the step
        # "Siapa Anda?", now without the field, replaces it.
        messages.error(request, str(exc))
        step = "complaints:step_who" if exc.field == "nik" else "complaints:step_what"
        return redirect(step, office.slug)
    finally:
        for upload in uploads:
            upload.file.close()
    SUBMISSIONS.count(request, office)
    services.discard_draft_files(item["path"] for item in draft["files"])
    request.session.pop(DRAFT, None)
    return _confirm(request, office, complaint, key)


@require_safe
def confirmation(request, office_slug):
    """The tracking code, shown once: the session forgets it as the page is shown (the
    acknowledgement sent to the complainant carries it too)."""
    office = _office(office_slug)
    submitted = request.session.get(SUBMITTED)
    code = submitted.get("code") if isinstance(submitted, dict) else None
    complaint = selectors.complaint_by_code(code) if code else None
    if complaint is None or complaint.office_id != office.pk:
        return redirect("complaints:start", office.slug)
    request.session.pop(SUBMITTED, None)
    return render(
        request,
        "complaints/public/confirmation.html",
        {"office": office, "complaint": complaint},
    )


# --- Tracking ----------------------------------------------------------------------------


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def track_lookup(request):
    form = forms.TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if selectors.complaint_by_code(code) is not None:
            return redirect("complaints:track", code)
        form.add_error("code", _("Tidak ada pengaduan dengan kode ini. Periksa lagi kodenya."))
    return render(request, "complaints/public/track_lookup.html", {"form": form})


def _complaint(code: str) -> Complaint:
    complaint = selectors.complaint_by_code(code)
    if complaint is None:
        raise Http404
    return complaint


def public_timeline(complaint: Complaint) -> list[Event]:
    return complaint.public_events()


def _track_context(complaint: Complaint, **forms_) -> dict:
    answers = list(complaint.answers.prefetch_related("attachments"))
    latest = answers[-1] if answers else None
    rated = {r.answer_id for r in complaint.ratings.all()}
    can_rate = latest is not None and latest.pk not in rated and services.allowed(complaint, "rate")
    context = {
        "complaint": complaint,
        "office": complaint.office,
        "events": public_timeline(complaint),
        "answers": answers,
        # Evidence is never served publicly: the complainant sees how many files they sent.
        "own_files_count": complaint.attachments.filter(answer__isnull=True).count(),
        "public_files": set(complaint.public_attachments().values_list("pk", flat=True)),
        "can_complete": complaint.status == Status.WAITING,
        "can_reply": services.allowed(complaint, "reply"),
        "can_reopen": services.may_reopen(complaint),
        "can_rate": can_rate,
        "forwarded_to": getattr(complaint, "forwarded_to", None)
        if complaint.status == Status.FORWARDED
        else None,
        "complete_form": forms.CompleteForm(),
        "reply_form": forms.ReplyForm(),
        "rate_form": forms.RateForm(),
        "reopen_form": forms.ReopenForm(),
    }
    context.update(forms_)
    return context


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def track(request, code):
    """The tracking page. A code typed loosely (lower case, no dashes) is redirected to its
    canonical URL, so there is one address per complaint."""
    canonical = normalize_code(code)
    if canonical is None:
        raise Http404
    if canonical != code:
        return redirect("complaints:track", canonical, permanent=True)
    complaint = _complaint(code)
    # Every change of what the page shows writes an event (ARCHITECTURE.md, the event base)
    # or saves the complaint: with the office and the hour (a due time "today"), they name
    # the page, kept once for every request with the code (`loket.conditional.kept_page`).
    parts = (
        row_state(complaint),
        row_state(complaint.office),
        selectors.latest_event_id(complaint),
        timezone.now().strftime("%Y%m%d%H"),
    )
    return kept_page(
        request,
        parts=parts,
        render=lambda: render(request, "complaints/public/track.html", _track_context(complaint)),
    )


# What the complainant may do on the tracking page: the form, its name in the page's
# context, the service call and the message once done (translated when shown).
CITIZEN_ACTIONS = {
    "complete": (
        forms.CompleteForm,
        "complete_form",
        lambda c, d: services.complete(c, message=d["message"], attachments=d["files"]),
        gettext_lazy("Terima kasih. Kelengkapan pengaduan Anda sudah kami terima."),
    ),
    "reply": (
        forms.ReplyForm,
        "reply_form",
        lambda c, d: services.reply(c, text=d["text"]),
        gettext_lazy("Tanggapan Anda sudah kami terima."),
    ),
    "rate": (
        forms.RateForm,
        "rate_form",
        lambda c, d: services.rate(c, score=d["score"], comment=d["comment"]),
        gettext_lazy("Terima kasih atas penilaian Anda."),
    ),
    "reopen": (
        forms.ReopenForm,
        "reopen_form",
        lambda c, d: services.reopen(c, reason=d["reason"]),
        gettext_lazy("Pengaduan Anda dibuka kembali dan akan ditindaklanjuti."),
    ),
}


def _citizen_action(request, code, action):
    form_class, form_name, act, done_message = CITIZEN_ACTIONS[action]
    complaint = _complaint(code)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            act(complaint, form.cleaned_data)
        except ComplaintError as exc:
            forms.refuse(form, exc)
        else:
            messages.success(request, str(done_message))
            return redirect("complaints:track", complaint.tracking_code)
    context = _track_context(complaint, **{form_name: form})
    context["form"] = form
    return render(request, "complaints/public/track.html", context, status=400)


# One view per action, so that each keeps its own URL and its own rate-limit counter.
@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_POST
def complete(request, code):
    return _citizen_action(request, code, "complete")


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_POST
def reply(request, code):
    return _citizen_action(request, code, "reply")


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_POST
def rate(request, code):
    return _citizen_action(request, code, "rate")


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_POST
def reopen(request, code):
    return _citizen_action(request, code, "reopen")


@ratelimit(key="ip", rate=PUBLIC_RATE, block=True)
@require_safe
def attachment(request, code, pk):
    """Only the files of a published answer of a complaint that is not rahasia
    (`Complaint.public_attachments`); evidence is served to the office's staff only."""
    complaint = _complaint(code)
    item = complaint.public_attachments().filter(pk=pk).first()
    if item is None:
        raise Http404
    return uploads.download(item.file.open("rb"), name=item.name, content_type=item.content_type)
