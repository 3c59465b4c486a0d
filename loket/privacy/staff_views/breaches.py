"""The breach register (UU 27/2022 Pasal 46): the office admin records a breach, its notices to
the authority and the subjects, and closes it; the head reads it. Times are typed and shown in
the office's zone; the deadline is 72 clock hours after discovery."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from loket.notify import selectors as notify_reads
from loket.offices.permissions import has_role

from .. import selectors, services
from ..forms import BreachForm, CloseBreachForm, NoticeForm
from ..roles import KEEPERS, READERS
from .access import office_for


def _breach(request, office_slug, pk, roles):
    office = office_for(request, office_slug, roles)
    found = selectors.breach_of(office, pk)
    if found is None:
        raise Http404
    return office, found


@login_required
@require_safe
def breaches(request, office_slug):
    office = office_for(request, office_slug, READERS)
    return render(
        request,
        "privacy/staff/breaches.html",
        {
            "office": office,
            "breaches": selectors.office_breaches(office)[:100],
            "now": timezone.now(),
            "may_keep": has_role(request.user, office, KEEPERS),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def breach_new(request, office_slug):
    office = office_for(request, office_slug, KEEPERS)
    with timezone.override(office.tz):
        form = BreachForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                created = services.record_breach(office, actor=request.user, **form.cleaned_data)
            except services.PrivacyError as error:
                form.add_error(error.field, str(error))
            else:
                return redirect("privacy:breach", office.slug, created.pk)
        return render(
            request,
            "privacy/staff/breach_form.html",
            {"office": office, "form": form},
            status=400 if form.errors else 200,
        )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def breach_edit(request, office_slug, pk):
    office, breach = _breach(request, office_slug, pk, KEEPERS)
    if not breach.is_open:
        raise Http404
    with timezone.override(office.tz):
        initial = {name: getattr(breach, name) for name in BreachForm.base_fields}
        form = BreachForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.update_breach(breach, actor=request.user, **form.cleaned_data)
            except services.PrivacyError as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(request, _("Catatan kegagalan tersimpan."))
                return redirect("privacy:breach", office.slug, breach.pk)
        return render(
            request,
            "privacy/staff/breach_form.html",
            {"office": office, "form": form, "breach": breach},
            status=400 if form.errors else 200,
        )


def _notice_texts(office, breach) -> list[tuple[str, str, str]]:
    """The notice (Pasal 46 ayat 2: the data disclosed, when and how, the measures) in
    Indonesian and English, to copy into the letter or message: (code, language, text)."""
    texts = []
    for code, language in (("id", "Bahasa Indonesia"), ("en", "English")):
        with translation.override(code):
            text = render_to_string(
                "privacy/notices/breach.txt",
                {"office": office, "breach": breach, "profile": services.profile_of(office)},
            )
        texts.append((code, language, text))
    return texts


def _detail(request, office, breach, *, notice_form=None, close_form=None, status=200):
    may_keep = has_role(request.user, office, KEEPERS)
    new, reached = services.split_affected(breach) if services.has_scope(breach) else ([], [])
    # Each person with whether a send reached them already.
    people = (
        [(person, False) for person in new] + [(person, True) for person in reached]
        if services.has_scope(breach)
        else None
    )
    return render(
        request,
        "privacy/staff/breach.html",
        {
            "office": office,
            "item": breach,
            "notices": list(breach.notices.all()),
            "events": selectors.breach_events(breach),
            "notice_texts": _notice_texts(office, breach),
            "notice_form": notice_form or NoticeForm(),
            "close_form": close_form or CloseBreachForm(),
            "now": timezone.now(),
            "may_keep": may_keep,
            "has_scope": services.has_scope(breach),
            "affected_count": len(people) if people is not None else None,
            # Names and addresses only for those who keep the register (the office admin).
            "people": people if may_keep else None,
            "subject_messages": notify_reads.status_counts(services.breach_related(breach)),
            # The people no send reached yet (all of them before the first send).
            "new_count": len(new),
            "reached_count": len(reached),
        },
        status=status,
    )


@login_required
@require_safe
def breach_detail(request, office_slug, pk):
    office, breach = _breach(request, office_slug, pk, READERS)
    with timezone.override(office.tz):
        return _detail(request, office, breach)


@login_required
@require_POST
def breach_notice(request, office_slug, pk):
    office, breach = _breach(request, office_slug, pk, KEEPERS)
    with timezone.override(office.tz):
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                services.record_notice(breach, actor=request.user, **form.cleaned_data)
            except services.PrivacyError as error:
                if error.field is None:  # closed meanwhile: the form is gone from the page
                    messages.error(request, str(error))
                    return redirect("privacy:breach", office.slug, breach.pk)
                form.add_error(error.field, str(error))
            else:
                messages.success(request, _("Pemberitahuan dicatat."))
                return redirect("privacy:breach", office.slug, breach.pk)
        return _detail(request, office, breach, notice_form=form, status=400)


@login_required
@require_POST
def breach_close(request, office_slug, pk):
    office, breach = _breach(request, office_slug, pk, KEEPERS)
    with timezone.override(office.tz):
        form = CloseBreachForm(request.POST)
        if form.is_valid():
            try:
                services.close_breach(breach, actor=request.user, note=form.cleaned_data["note"])
            except services.PrivacyError as error:
                if error.field is None:
                    messages.error(request, str(error))
                    return redirect("privacy:breach", office.slug, breach.pk)
                form.add_error(error.field, str(error))
            else:
                messages.success(request, _("Catatan kegagalan ditutup."))
                return redirect("privacy:breach", office.slug, breach.pk)
        return _detail(request, office, breach, close_form=form, status=400)


def _cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@require_safe
def breaches_export(request, office_slug):
    """The register as CSV (times in the office's zone, ISO 8601 with offset)."""
    office = office_for(request, office_slug, READERS)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kegagalan-pdp-{office.slug}.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            "id",
            "title",
            "status",
            "occurred_at",
            "discovered_at",
            "due_at",
            "data_categories",
            "subjects_count",
            "how",
            "measures",
            "authority_notified_at",
            "subjects_notified_at",
            "overdue",
            "closed_at",
        ]
    )
    now = timezone.now()

    def local(moment):
        return timezone.localtime(moment, office.tz).isoformat() if moment else ""

    for breach in selectors.office_breaches(office):
        first = {}
        for notice in breach.notices.all():
            first.setdefault(notice.recipient, notice.sent_at)
        writer.writerow(
            [
                breach.pk,
                _cell(breach.title),
                breach.status,
                local(breach.occurred_at),
                local(breach.discovered_at),
                local(breach.due_at),
                _cell(breach.data_categories),
                "" if breach.subjects_count is None else breach.subjects_count,
                _cell(breach.how),
                _cell(breach.measures),
                local(first.get("authority")),
                local(first.get("subjects")),
                "yes" if breach.is_overdue(now) else "no",
                local(breach.closed_at),
            ]
        )
    return response


@login_required
@require_POST
def breach_notify_subjects(request, office_slug, pk):
    """Send the notice to every affected person found from the data (see the service)."""
    office, breach = _breach(request, office_slug, pk, KEEPERS)
    try:
        counts = services.notify_affected(breach, actor=request.user)
    except services.PrivacyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Pemberitahuan diantrekan: %(email)s e-mail, %(whatsapp)s WhatsApp; "
                "%(no_contact)s orang tanpa alamat."
            )
            % counts,
        )
    return redirect("privacy:breach", office.slug, breach.pk)
