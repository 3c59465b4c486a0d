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
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
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

from . import exports, forms, search, selectors, services, staff_forms
from .models import Complaint, ListKind, Status
from .roles import (
    ACCESS_LOG_READERS,
    ANSWER_APPROVERS,
    BULK_ASSIGNERS,
    HANDLERS,
    HEAD_LIST,
    IDENTITY_READERS,
    OFFICERS,
    TEAM,
    VIEWERS,
)
from .services import ComplaintError, InvalidInput
from .views import answering

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
    """Due-soon and overdue marks, and the status and channel labels looked up once per
    page (not one translation lookup per row and field)."""
    statuses = {value: str(label) for value, label in Status.choices}
    channels = {value: str(label) for value, label in Channel.Kind.choices}
    for row in rows:
        row.overdue = row.is_overdue(now)
        row.due_soon = not row.overdue and row.is_due_soon(now)
        row.status_label = statuses.get(row.status, row.status)
        row.channel_label = channels.get(row.channel, row.channel)


# Every list counts at most this many rows ("more than 1,000"): an exact total of the head's
# list would read every complaint of the office (bench/README.md).
COUNT_LIMIT = 1000
# The typo pass (trigram similarity, computed per row) counts less far: "more than 100".
TYPO_COUNT_LIMIT = 100
# The deepest page a list opens (its OFFSET is bounded too); past it, narrow the filter.
MAX_PAGE = 400
# A filter export holds at most this many rows (the first ones in the list's order).
EXPORT_LIMIT = 10_000
IDENTITY_FIELDS = (
    "anonymous",
    "complainant_name",
    "complainant_phone",
    "complainant_email",
    "complainant_nik",
)


@dataclass
class ListPage:
    """One page of a complaint list: its rows, its number (from 1), the page size, the
    bounded total (`selectors.bounded_count`: above `limit` means "more than `limit`") and
    whether a next page exists."""

    object_list: list[Complaint]
    number: int
    size: int
    total: int
    has_next: bool
    limit: int = COUNT_LIMIT

    @property
    def total_known(self) -> bool:
        return self.total <= self.limit

    @property
    def limit_text(self) -> str:
        """The limit as the language groups digits ("1.000", "1,000")."""
        return number_format(self.limit, force_grouping=True)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _filtered(
    request, office: Office, queryset, *, default_open: bool, queue: bool, typos: bool = False
):
    """The list's filter form and its rows, filtered, searched (`typos`: by similar words)
    and sorted."""
    classes = services.classes_for(office)
    form = staff_forms.QueueFilterForm(
        request.GET or None, classes=classes, statuses=Status.choices
    )
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    received_from, received_before = form.received_range(office.tz) if valid else (None, None)
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
        received_from=received_from,
        received_before=received_before,
        typos=typos,
        new_replies=bool(filters.get("new_replies")),
    )
    sort = filters.get("urut") or ""
    if not sort and (received_from or received_before):
        # A receipt range reads newest first by default: the receipt index serves it, where
        # the list's own order would walk the office's rows to find the range.
        sort = "-diterima"
    rows = selectors.sort_complaints(rows, sort, queue=queue)
    return form, rows, sort, now


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("halaman", 1)))
    except ValueError:
        return 1


def _listing(request, office: Office, queryset, *, default_open: bool, queue: bool):
    """Filter, search, sort and paginate: a fixed number of queries whatever the page holds
    (the bounded count, the page, its assignees), and none whose cost grows with the table."""
    form, rows, sort, now = _filtered(
        request, office, queryset, default_open=default_open, queue=queue
    )
    limit = COUNT_LIMIT
    total = selectors.bounded_count(rows, limit)
    similar = False
    words = search.words(form.cleaned_data.get("q", "") if form.is_valid() else "")
    if not total and words and search.offers_typos():
        # Nothing has these words: try words like them (a typo), two queries more.
        form, rows, sort, now = _filtered(
            request, office, queryset, default_open=default_open, queue=queue, typos=True
        )
        limit = TYPO_COUNT_LIMIT
        total = selectors.bounded_count(rows, limit)
        similar = bool(total)
    last = -(-total // PAGE_SIZE) if total <= limit else MAX_PAGE
    number = min(_page_number(request), max(last, 1))
    found, has_next = selectors.list_page(rows, number=number, size=PAGE_SIZE)
    page = ListPage(found, number, PAGE_SIZE, total, has_next, limit)
    _mark(page.object_list, now)
    params = request.GET.copy()
    params.pop("halaman", None)
    unsorted = params.copy()
    unsorted.pop("urut", None)
    return {
        "form": form,
        "page": page,
        "query": params.urlencode(),
        "unsorted_query": unsorted.urlencode(),
        "sort": sort,
        "columns": _sort_columns(sort),
        "similar": similar,
    }


def _sort_columns(sort: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the sort key its link sets (ascending, or descending when the
    list is already ascending by it) and the `aria-sort` value of its header."""
    columns = {}
    for key in selectors.SORT_KEYS:
        if sort == key:
            columns[key] = {"link": f"-{key}", "aria": "ascending"}
        elif sort == f"-{key}":
            columns[key] = {"link": key, "aria": "descending"}
        else:
            columns[key] = {"link": key, "aria": ""}
    return columns


def _list_context(request, office: Office, *, head: bool) -> dict[str, Any]:
    """The links and bulk actions a list offers this user: one query for their roles (and
    one for the team when they may assign)."""
    held = roles_in(request.user, office)
    may_assign = bool(held & set(BULK_ASSIGNERS))
    return {
        "is_officer": bool(held & set(OFFICERS)),
        "sees_all": bool(held & set(HEAD_LIST)),
        "may_assign": may_assign,
        "team": services.team_members(office) if may_assign else [],
        "may_export_identity": bool(held & set(IDENTITY_READERS)),
        "bulk_url": reverse("complaints:staff_bulk", args=[office.slug]),
        "export_url": reverse(
            "complaints:staff_all_export" if head else "complaints:staff_export",
            args=[office.slug],
        ),
    }


LIST_URLS = {ListKind.QUEUE: "complaints:staff_queue", ListKind.ALL: "complaints:staff_all"}


def _saved_context(request, office: Office, kind: str, query: str) -> dict[str, Any]:
    """The user's saved filters of this list (one query) and the form that saves the
    current one."""
    return {
        "saved_filters": selectors.saved_filters(request.user, office, kind),
        "save_form": staff_forms.SaveFilterForm(
            initial={"kueri": query, "daftar": kind}, auto_id="simpan-%s"
        ),
    }


@login_required
@require_POST
def save_filter(request, office_slug):
    """Save the list's current filter under a name for this user (`services.save_filter`).
    The head's list ("semua") only for those who see it (403 otherwise). A refusal is
    shown on a small page with the form again (400)."""
    office = _office(request, office_slug)
    form = staff_forms.SaveFilterForm(
        request.POST, classes=services.classes_for(office), auto_id="simpan-%s"
    )
    if request.POST.get("daftar") == ListKind.ALL:
        require_role(request.user, office, HEAD_LIST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_filter(
                office,
                actor=request.user,
                list_kind=data["daftar"],
                name=data["nama"],
                query=data["kueri"],
            )
        except ComplaintError as exc:
            forms.refuse(form, exc)
        else:
            messages.success(request, _("Saringan disimpan."))
            url = reverse(LIST_URLS[ListKind(data["daftar"])], args=[office.slug])
            return redirect(f"{url}?{data['kueri']}" if data["kueri"] else url)
    kind = request.POST.get("daftar")
    back = reverse(LIST_URLS.get(kind, "complaints:staff_queue"), args=[office.slug])
    kept = QueryDict(request.POST.get("kueri", "").removeprefix("?")).urlencode()
    return render(
        request,
        "complaints/staff/save_filter.html",
        {"office": office, "form": form, "back": f"{back}?{kept}" if kept else back},
        status=400,
    )


@login_required
@require_POST
def delete_filter(request, office_slug, pk):
    """Delete one of the user's own saved filters; another user's (or another office's)
    answers 404."""
    office = _office(request, office_slug)
    saved = selectors.saved_filter(request.user, office, pk)
    if saved is None:
        raise Http404
    services.delete_filter(saved, actor=request.user)
    messages.success(request, _("Saringan “%(name)s” dihapus.") % {"name": saved.name})
    return redirect(LIST_URLS[ListKind(saved.list_kind)], office.slug)


@login_required
@require_safe
def queue(request, office_slug):
    """The Tim Pengelola Pengaduan's work queue: open complaints by due time."""
    office = _office(request, office_slug)
    rows = selectors.office_complaints(office)
    listing = _listing(request, office, rows, default_open=True, queue=True)
    return render(
        request,
        "complaints/staff/queue.html",
        {
            "office": office,
            **listing,
            **_list_context(request, office, head=False),
            **_saved_context(request, office, ListKind.QUEUE, listing["query"]),
            "heading": _("Antrean pengaduan"),
        },
    )


@login_required
@require_safe
def head_list(request, office_slug):
    """Every complaint of the office for the head: open ones first, overdue at the top."""
    office = _office(request, office_slug, HEAD_LIST)
    rows = selectors.office_complaints(office)
    listing = _listing(request, office, rows, default_open=False, queue=False)
    return render(
        request,
        "complaints/staff/queue.html",
        {
            "office": office,
            **listing,
            **_list_context(request, office, head=True),
            **_saved_context(request, office, ListKind.ALL, listing["query"]),
            "head_list": True,
            "heading": _("Semua pengaduan"),
        },
    )


def _export_response(office: Office, complaints, kind: str, identities=None) -> HttpResponse:
    header = exports.headers(identities is not None)
    body = exports.rows(complaints, office.tz, identities)
    stamp = timezone.now().astimezone(office.tz).strftime("%Y%m%d-%H%M")
    name = f"pengaduan-{office.slug}-{stamp}"
    if kind == staff_forms.BulkForm.XLSX:
        content = exports.as_xlsx(header, body, _("Pengaduan"))
        response = HttpResponse(content, content_type=exports.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(exports.as_csv(header, body), content_type=exports.CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _export_filter(request, office: Office, *, head: bool) -> HttpResponse:
    """The filtered list as a file; a list longer than `EXPORT_LIMIT` is not cut short
    silently: the list comes back, filters kept, with a message asking for a narrower one."""
    rows = selectors.office_complaints(office)
    _form, rows, _sort, _now = _filtered(
        request, office, rows, default_open=not head, queue=not head
    )
    kind = request.GET.get("format", "csv")
    if kind not in (staff_forms.BulkForm.CSV, staff_forms.BulkForm.XLSX):
        raise Http404
    complaints = list(rows[: EXPORT_LIMIT + 1])
    if len(complaints) > EXPORT_LIMIT:
        messages.error(
            request,
            _(
                "Daftar ini berisi lebih dari %(limit)s pengaduan, batas satu ekspor. "
                "Persempit penyaringnya, misalnya dengan rentang tanggal diterima, lalu "
                "ekspor lagi. Untuk rekap sepanjang tahun gunakan laporan."
            )
            % {"limit": number_format(EXPORT_LIMIT, force_grouping=True)},
        )
        kept = request.GET.copy()
        kept.pop("format", None)
        back = reverse(
            "complaints:staff_all" if head else "complaints:staff_queue", args=[office.slug]
        )
        return redirect(f"{back}?{kept.urlencode()}" if kept else back)
    return _export_response(office, complaints, kind)


@login_required
@require_safe
def export(request, office_slug):
    """The team queue as it is filtered, as CSV (`format=csv`) or XLSX (`format=xlsx`):
    at most `EXPORT_LIMIT` rows (a longer list is refused, not cut), no personal data."""
    office = _office(request, office_slug)
    return _export_filter(request, office, head=False)


@login_required
@require_safe
def head_export(request, office_slug):
    """The head's list as it is filtered, as CSV or XLSX (see `export`)."""
    office = _office(request, office_slug, HEAD_LIST)
    return _export_filter(request, office, head=True)


@login_required
@require_POST
def bulk(request, office_slug):
    """The rows ticked in a list: assigned to one member of the team (the head and the
    Pejabat; one `services.assign` per complaint, one summary message), or exported as CSV
    or XLSX (with the complainant's identity, logged per complaint, only for those who may
    open it and only when asked)."""
    office = _office(request, office_slug)
    form = staff_forms.BulkForm(request.POST, team=services.team_members(office))
    # The list's own filters, sort and page to return to, re-encoded (never a URL).
    kept = QueryDict(request.POST.get("kembali", "").removeprefix("?")).urlencode()
    back = f"?{kept}" if kept else ""
    list_url = reverse(
        "complaints:staff_all" if request.POST.get("semua") else "complaints:staff_queue",
        args=[office.slug],
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(list_url + back)
    data = form.cleaned_data
    chosen = selectors.office_complaints(office).filter(reference__in=data["pilih"])
    if data["aksi"] == staff_forms.BulkForm.ASSIGN:
        require_role(request.user, office, BULK_ASSIGNERS)
        member = next(u for u in services.team_members(office) if str(u.pk) == data["petugas"])
        done, skipped = [], []
        for complaint in chosen.select_related("office").order_by("reference", "id"):
            try:
                added = services.assign(complaint, actor=request.user, users=[member])
            except ComplaintError:
                skipped.append(complaint.reference)
            else:
                (done if added else skipped).append(complaint.reference)
        name = member.get_full_name() or member.username
        # One summary message for the whole selection.
        summary = ngettext(
            "%(n)d pengaduan ditugaskan kepada %(name)s.",
            "%(n)d pengaduan ditugaskan kepada %(name)s.",
            len(done),
        ) % {
            "n": len(done),
            "name": name,
        }
        if skipped:
            summary += " " + _(
                "Tidak ditugaskan (sudah ditugaskan atau tidak dapat ditugaskan): %(refs)s."
            ) % {"refs": ", ".join(skipped)}
        (messages.success if done else messages.warning)(request, summary)
        return redirect(list_url + back)
    rows = selectors.filter_complaints(
        chosen, user=request.user, now=timezone.now(), default_open=False
    ).order_by("reference", "id")
    if data["identitas"]:
        rows = rows.only(*selectors.LIST_FIELDS, *IDENTITY_FIELDS)
    complaints = list(rows)
    identities = None
    if data["identitas"]:
        require_role(request.user, office, IDENTITY_READERS)
        identities = {
            c.pk: services.view_personal_data(c, user=request.user, purpose=_("Ekspor daftar"))
            for c in complaints
            if not c.anonymous
        }
    return _export_response(office, complaints, data["aksi"], identities)


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
            ask_nik=services.collects_nik(office),
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
                    complainant_nik=data.get("nik", ""),
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
    # Whoever holds no assignment and is not the Pejabat or the head cannot take one.
    can["assign"] = can["assign"] and services.may_assign(complaint, request.user)
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
        # SP4N-LAPOR!'s own stages beside the class deadline (one query, LAPOR! only).
        "lapor_stages": selectors.lapor_timeline(complaint, now),
    }
    for slug, step in ACTIONS.items():
        context[step.form_name] = _form(slug, office, complaint)
    context.update(answering.detail_context(request, office, complaint, can))
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
    """Send the answer, or, where the office requires approval and the user is not an
    approver, submit it to the Pejabat or the head (issue 14)."""
    if services.needs_approval(office, request.user):
        services.submit_answer(
            complaint,
            actor=request.user,
            text=form.cleaned_data["text"],
            attachments=form.cleaned_data["files"],
        )
        return _(
            "Jawaban diajukan kepada Pejabat Pengelola Pengaduan atau kepala untuk disetujui; "
            "belum dikirim kepada pengadu."
        )
    services.answer(
        complaint,
        actor=request.user,
        text=form.cleaned_data["text"],
        attachments=form.cleaned_data["files"],
    )
    return _("Jawaban dikirim kepada pengadu.")


def _waiting_draft(complaint: Complaint):
    draft = services.open_draft(complaint)
    if draft is None or draft.status != draft.Status.PENDING:
        raise services.NotAllowed(
            gettext_lazy("Tidak ada jawaban yang menunggu persetujuan."),
            code="draft_not_pending",
        )
    return draft


def _approve_answer(request, office, complaint, form):
    services.approve_answer(_waiting_draft(complaint), actor=request.user)
    return _("Jawaban disetujui dan dikirim kepada pengadu.")


def _return_answer(request, office, complaint, form):
    services.return_answer(
        _waiting_draft(complaint), actor=request.user, comment=form.cleaned_data["comment"]
    )
    return _("Jawaban dikembalikan kepada tim dengan komentar.")


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
        [*HANDLERS, *BULK_ASSIGNERS],
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
    # Issue 14: the Pejabat or the head decides a draft answer of the team.
    "setujui-jawaban": StaffAction(
        ("answer",),
        ANSWER_APPROVERS,
        "approve_answer_form",
        lambda o, c, d: staff_forms.ApproveAnswerForm(*d),
        _approve_answer,
        key="approve_answer",
    ),
    "kembalikan-jawaban": StaffAction(
        ("answer",),
        ANSWER_APPROVERS,
        "return_answer_form",
        lambda o, c, d: staff_forms.ReturnAnswerForm(*d, prefix="return"),
        _return_answer,
        key="return_answer",
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
