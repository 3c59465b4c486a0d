"""Staff pages for an office's calendar: days declared closed or working, weekly hours and
dated hours (Ramadan). Office admins edit their office; system administrators (superusers)
every office. Staff of another office get 404, colleagues without the role 403.

Every change goes through `services` (which records who and when, and calls the change
hook so stored deadlines are recomputed); the views only parse and render.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loket.offices.permissions import get_office_or_404, require_role
from loket.offices.roles import Role

from . import forms, services
from .hours import weekly_hours
from .models import CalendarOverride, ScheduleOverride, WeeklyHours
from .services import CalendarError
from .views import override_rows

if TYPE_CHECKING:
    from loket.offices.models import Office

EDITORS = [Role.OFFICE_ADMIN]


def _refused(form, error: CalendarError, default: str | None = None) -> None:
    """Show the service's refusal on the field it names (when the form has it)."""
    form.add_error(error.field if error.field in form.fields else default, str(error))


def _office(request, slug: str) -> "Office":
    office = get_office_or_404(request.user, slug)
    require_role(request.user, office, EDITORS)
    return office


def _common(office: "Office") -> dict:
    """What every calendar page shows: the cuti bersama warning and the recent changes.

    The warning rule: a year that open deadlines may reach is this year and the next (the
    longest class in the seed, 60 working days, crosses at most one new year). Cuti bersama
    count as confirmed for a year when the `holidays` package lists days of its
    "government" category for it (RULES.md section 2: that category holds the SKB's cuti
    bersama), or when a closing day marked "cuti bersama" was entered for that year, for
    this office or nationwide. Until then deadlines reaching that year may fall too early,
    so admins are asked to enter the days once the SKB is published (or to upgrade the
    `holidays` package). See `services.years_without_joint_leave`.
    """
    today = timezone.localdate(timezone=office.tz)
    return {
        "office": office,
        "missing_joint_leave": services.years_without_joint_leave(office, today),
        "events": services.recent_events(office),
        "events_zone": office.timezone,
        "today": today,
    }


# --- Days declared closed or working ----------------------------------------------------


def _render_days(request, office, form, status=200):
    context = _common(office) | {
        "overrides": services.overrides_for(office),
        "form": form,
    }
    return render(request, "workdays/staff/days.html", context, status=status)


def _add_day(request, office: "Office | None", form) -> bool:
    """Declare the form's day closed or working for `office` (None: every office). True when
    saved (with a message); otherwise the form carries the error."""
    if not form.is_valid():
        return False
    try:
        override = services.add_calendar_override(
            actor=request.user, office=office, **form.cleaned_data
        )
    except CalendarError as exc:
        _refused(form, exc, default="day")
        return False
    what = {"day": date_format(override.day, "j F Y"), "kind": override.get_kind_display().lower()}
    if office is None:
        message = _("%(day)s dicatat sebagai %(kind)s untuk semua instansi.") % what
    else:
        message = _("%(day)s dicatat sebagai %(kind)s.") % what
    messages.success(request, message)
    return True


def _remove(request, office: "Office", remove, *, what: str, done: str, back: str):
    """The confirmation page of a removal: asks for the reason, then calls `remove(reason)`."""
    form = forms.RemovalForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            remove(form.cleaned_data["reason"])
        except CalendarError as exc:
            _refused(form, exc)
        else:
            messages.success(request, done)
            return redirect(back, office.slug)
    context = {"office": office, "form": form, "what": what, "back": back}
    return render(
        request, "workdays/staff/remove.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def days(request, slug):
    office = _office(request, slug)
    if request.method != "POST":  # GET and HEAD only read
        return _render_days(request, office, forms.CalendarOverrideForm())
    form = forms.CalendarOverrideForm(request.POST)
    if _add_day(request, office, form):
        return redirect("workdays:staff_days", office.slug)
    return _render_days(request, office, form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def day_remove(request, slug, pk):
    office = _office(request, slug)
    override = get_object_or_404(CalendarOverride, pk=pk, office=office)
    return _remove(
        request,
        office,
        lambda reason: services.remove_calendar_override(
            actor=request.user, override=override, reason=reason
        ),
        what=f"{override.day:%d-%m-%Y} · {override.get_kind_display()} · {override.reason}",
        done=_("Pengaturan tanggal dihapus."),
        back="workdays:staff_days",
    )


# --- Weekly hours and dated hours -------------------------------------------------------


def _render_hours(request, office, hours_form=None, schedule_form=None, status=200):
    stored = WeeklyHours.objects.filter(office=office).select_related("updated_by").first()
    context = _common(office) | {
        "hours_form": hours_form or forms.WeeklyHoursForm(hours=weekly_hours(office)),
        "schedule_form": schedule_form or forms.ScheduleOverrideForm(),
        "stored": stored,
        "schedules": [(row, override_rows(row)) for row in services.schedule_overrides_for(office)],
    }
    return render(request, "workdays/staff/hours.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def hours(request, slug):
    office = _office(request, slug)
    if request.method != "POST":  # GET and HEAD only read
        return _render_hours(request, office)
    if "default" in request.POST:
        services.set_weekly_hours(actor=request.user, office=office, hours=None)
        messages.success(request, _("Jam layanan kembali ke jam kerja Perpres 21/2023."))
        return redirect("workdays:staff_hours", office.slug)
    form = forms.WeeklyHoursForm(request.POST)
    if form.is_valid():
        try:
            services.set_weekly_hours(actor=request.user, office=office, hours=form.hours())
        except CalendarError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Jam layanan disimpan."))
            return redirect("workdays:staff_hours", office.slug)
    return _render_hours(request, office, hours_form=form, status=400)


@login_required
@require_POST
def schedule_add(request, slug):
    office = _office(request, slug)
    form = forms.ScheduleOverrideForm(request.POST)
    if form.is_valid():
        try:
            services.add_schedule_override(
                actor=request.user,
                office=office,
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
            )
        except CalendarError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Jam layanan khusus ditambahkan."))
            return redirect("workdays:staff_hours", office.slug)
    return _render_hours(request, office, schedule_form=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def schedule_remove(request, slug, pk):
    office = _office(request, slug)
    schedule = get_object_or_404(ScheduleOverride, pk=pk, office=office)
    return _remove(
        request,
        office,
        lambda reason: services.remove_schedule_override(
            actor=request.user, override=schedule, reason=reason
        ),
        what=f"{schedule.first_day:%d-%m-%Y} – {schedule.last_day:%d-%m-%Y} · {schedule.reason}",
        done=_("Jam layanan khusus dihapus."),
        back="workdays:staff_hours",
    )


# --- Nationwide days (system administrators) ----------------------------------------------
# A change decided for the whole country after the `holidays` data was published (for
# example 18 August 2025, declared a holiday mid-year) applies to every office at once.


def _system_admin(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def _render_national(request, form, status=200):
    today = timezone.localdate()
    context = {
        "overrides": services.overrides_for(None),
        "events": services.recent_events(None),
        "missing_joint_leave": services.years_without_joint_leave(None, today),
        "form": form,
        "events_zone": settings.TIME_ZONE,
    }
    return render(request, "workdays/staff/national_days.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def national_days(request):
    _system_admin(request)
    if request.method != "POST":
        return _render_national(request, forms.CalendarOverrideForm())
    form = forms.CalendarOverrideForm(request.POST)
    if _add_day(request, None, form):
        return redirect("workdays:national_days")
    return _render_national(request, form, status=400)


@login_required
@require_POST
def national_day_remove(request, pk):
    _system_admin(request)
    override = get_object_or_404(CalendarOverride, pk=pk, office__isnull=True)
    form = forms.RemovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis alasan penghapusan."))
        return redirect("workdays:national_days")
    services.remove_calendar_override(
        actor=request.user, override=override, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Pengaturan tanggal nasional dihapus."))
    return redirect("workdays:national_days")
