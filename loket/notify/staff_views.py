"""The staff member's own notifications (`/staf/pemberitahuan/`) and preferences. A user sees
and marks only their own: another user's notification answers 404, like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import selectors, services
from .forms import PreferencesForm

PAGE_SIZE = 50


@login_required
@require_safe
def notification_list(request):
    """Newest first, 50 a page (one query for the page, one for the badge)."""
    try:
        number = max(1, int(request.GET.get("halaman", "1")))
    except ValueError:
        number = 1
    start = (number - 1) * PAGE_SIZE
    rows = list(selectors.notifications_for(request.user)[start : start + PAGE_SIZE + 1])
    return render(
        request,
        "notify/staff/list.html",
        {
            "notifications": rows[:PAGE_SIZE],
            "has_next": len(rows) > PAGE_SIZE,
            "number": number,
        },
    )


@login_required
@require_safe
def badge(request):
    """The staff header's unread count alone (`_unread.html`), for the header's htmx poll
    every `templatetags.staff_notices.POLL_SECONDS`: the signed-in user's own count, one
    query. Anonymous: the sign-in redirect (for an htmx poll, `loket.middleware.
    HtmxLoginRedirectMiddleware` turns it into `HX-Redirect`: an expired session loads the
    sign-in page whole)."""
    return render(
        request, "notify/staff/_unread.html", {"count": selectors.unread_count(request.user)}
    )


@login_required
@require_POST
def open_notification(request, pk: int):
    """Mark the notification read and go to what it is about."""
    notification = selectors.notification_for(request.user, pk)
    if notification is None:
        raise Http404
    services.mark_read(user=request.user, notification_id=notification.pk)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None) and link.startswith("/"):
        return redirect(link)
    return redirect("notify:list")


@login_required
@require_POST
def read_all(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(count)s pemberitahuan ditandai dibaca.") % {"count": count})
    return redirect("notify:list")


@login_required
def preferences(request):
    in_app, digest = selectors.preferences_of(request.user)
    form = PreferencesForm(
        request.POST or None,
        initial={"in_app_kinds": sorted(in_app), "digest_kinds": sorted(digest)},
    )
    if request.method == "POST" and form.is_valid():
        services.save_preferences(
            user=request.user,
            in_app_kinds=form.cleaned_data["in_app_kinds"],
            digest_kinds=form.cleaned_data["digest_kinds"],
        )
        messages.success(request, _("Pengaturan pemberitahuan disimpan."))
        return redirect("notify:preferences")
    return render(
        request,
        "notify/staff/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
