"""Site-wide pages: the public home page, the health check, the sign-out page and, in
development, the mail catcher's mailbox."""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from loket.accounts import public_views as account_views
from loket.offices.services import public_offices
from loket.site import devmail


@require_safe
def home(request):
    offices = public_offices()
    if len(offices) == 1:
        return redirect(offices[0])
    return render(request, "home.html", {"offices": offices})


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links: the self-hosted icon."""
    # Not permanent: the target is the hashed name of this release.
    return redirect(static("loket/favicon.ico"))


@require_http_methods(["GET", "HEAD", "POST"])
def sign_out(request):
    """GET: a page with the sign-out button (a link or a typed address signs nobody out);
    POST: loket.accounts signs out."""
    if request.method == "POST":
        return account_views.sign_out(request)
    return render(request, "registration/sign_out.html")


# --- Development only: the mail catcher's mailbox (routed only with LOKET_DEV_MAILBOX) -----


def _mailbox() -> Path:
    if settings.LOKET_PRODUCTION or not settings.LOKET_DEV_MAILBOX:
        raise Http404
    return Path(settings.LOKET_DEV_MAILBOX)


@never_cache
@require_safe
def dev_mail_list(request):
    """Every message the development mail catcher stored, newest first."""
    return render(request, "dev/mail_list.html", {"mails": devmail.messages(_mailbox())})


@never_cache
@require_safe
def dev_mail_detail(request, name):
    mail = devmail.message(_mailbox(), name)
    if mail is None:
        raise Http404
    return render(request, "dev/mail_detail.html", {"mail": mail})


dev_mail_urls = (
    [
        path("", dev_mail_list, name="list"),
        path("<str:name>/", dev_mail_detail, name="detail"),
    ],
    "dev_mail",
)
