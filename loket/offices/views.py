from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from loket.conditional import content_stamp, row_state, stamped_page

from . import pages, permissions, services
from .models import Membership, Office
from .roles import PROFILE_EDITORS


@require_safe
def office_detail(request, slug):
    """The office's public page. What it shows comes from the rows of the apps in
    `PUBLIC_PAGE_STAMPS` (each bumps its stamp on every change) and the hour (a version
    coming into force), so one rendering serves every anonymous visitor while they stand,
    without a query (`loket.conditional.stamped_page`)."""

    def build():
        try:
            office = services.office_with_public_details(slug)
        except Office.DoesNotExist as exc:
            raise Http404 from exc
        parts = (row_state(office), *(content_stamp(name) for name in pages.PUBLIC_PAGE_STAMPS))
        context = {"office": office, "sections": pages.sections()}
        # No Last-Modified: the office row's time says nothing of the other apps' parts.
        return parts, None, lambda: render(request, "offices/public/office_detail.html", context)

    return stamped_page(request, stamps=pages.PUBLIC_PAGE_STAMPS, build=build)


@login_required
@require_safe
def staff_home(request):
    memberships = (
        permissions.memberships(request.user).order_by("office__name", "role")
        if not request.user.is_superuser
        else Membership.objects.none()
    )
    offices = permissions.offices_for(request.user)
    if not request.user.is_superuser and len(offices) == 1:  # the office's dashboard is home
        return redirect("reports:dashboard", offices[0].slug)
    roles_by_office: dict[int, list[Membership]] = {}
    for membership in memberships:
        roles_by_office.setdefault(membership.office_id, []).append(membership)
    return render(
        request,
        "offices/staff/home.html",
        {
            "offices": [(office, roles_by_office.get(office.id, [])) for office in offices],
            "sections": pages.sections(),
            # A supervisor may hold no staff role: not "registered nowhere" (issue 16).
            "supervises": not offices and permissions.supervises_any(request.user),
        },
    )


@login_required
@require_safe
def staff_office(request, slug):
    office = permissions.get_office_or_404(request.user, slug)
    memberships = list(permissions.memberships(request.user).filter(office=office))
    return render(
        request,
        "offices/staff/office.html",
        {
            "office": office,
            "memberships": memberships,
            # The office admin edits the profile and channels (no extra query).
            "edits_profile": request.user.is_superuser
            or any(m.role in PROFILE_EDITORS for m in memberships),
            "divisions": services.divisions_of(office),
            "sections": pages.sections(),
        },
    )
