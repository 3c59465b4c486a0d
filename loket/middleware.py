from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control

ORIGINAL_ACCEPT_LANGUAGE = "LOKET_ACCEPT_LANGUAGE"


class OfficeZoneMiddleware:
    """Every request starts and ends in the deployment's default zone (`TIME_ZONE`): an
    office page switches to its office's zone (`loket.offices.zones`), and that switch must
    not outlive the request on a reused worker thread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class ExplicitLanguageMiddleware:
    """Serve Bahasa Indonesia unless the visitor chose another language with the switch.

    Bahasa Indonesia is the language of public services (UU 24/2009 Pasal 26-33), so a
    browser's Accept-Language header alone must not turn a government page into English;
    only the explicit switch (the language cookie) does. Runs before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            header = request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
            if header is not None:
                # Kept for the API endpoints that answer in the request's language
                # (`loket.reports.api`): a program states its language by the header.
                request.META[ORIGINAL_ACCEPT_LANGUAGE] = header
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """Send an expired staff session to the sign-in page, not into a self-refreshing fragment.

    The guest book and the division queues reload parts of the page with htmx. When the session
    has expired, the login redirect would otherwise be followed by the browser and the sign-in
    form swapped into the table; an `HX-Redirect` makes htmx load the sign-in page whole.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        ):
            redirected = HttpResponse(status=204)
            redirected["HX-Redirect"] = response["Location"]
            return redirected
        return response


NO_STORE = "no-store"


def no_store(view):
    """Mark a view's responses as personal data: no browser, proxy or shared cache may keep
    them (`Cache-Control: no-store`, OWASP ASVS 4.0.3 V8.2.1). For the citizen's own pages
    (the tracking page, the visitor page, their API answers) and file downloads of evidence;
    every response to a signed-in user gets it from `PrivateResponseMiddleware` anyway."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        _mark_no_store(response)
        return response

    return wrapper


def _mark_no_store(response) -> None:
    patch_cache_control(response, no_store=True, private=True, max_age=0)
    response.headers.pop("Expires", None)
    response.headers.pop("Last-Modified", None)
    response.headers.pop("ETag", None)


# The pages and API answers a visitor reaches WITHOUT signing in that show personal data or a
# citizen's secret (the tracking code, a visit's token): the complaint form's steps (its draft
# and identity), the tracking page and what hangs under it, the visitor's page, slips and
# calendar file, the kiosk's ticket, and the API's complaint, visit and staff answers.
PERSONAL_DATA_VIEWS = frozenset(
    {
        "complaints:step_what",
        "complaints:step_evidence",
        "complaints:step_who",
        "complaints:check",
        "complaints:confirmation",
        "complaints:track",
        "complaints:complete",
        "complaints:reply",
        "complaints:rate",
        "complaints:reopen",
        "complaints:public_attachment",
        "visits:book",
        "visits:book_check",
        "visits:summary",
        "visits:slip",
        "visits:cancel",
        "visits:reschedule",
        "visits:calendar",
        "visits:kiosk_guest",
        "visits:kiosk_ticket",
        "visits:kiosk_slip",
        "api-v1:create_complaint",
        "api-v1:get_complaint",
        "api-v1:create_visit",
        "api-v1:get_visit",
        "api-v1:complaint_queue",
        "api-v1:token_detail",
        "api-v1:token_answer",
    }
)


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` on every response with personal data (OWASP ASVS 4.0.3
    V8.2.1), the one rule for it: every response to a signed-in user (the staff pages with
    identities, evidence and Surat Tugas downloads, the staff API) and every response of the
    citizen's pages in PERSONAL_DATA_VIEWS, whoever asks and whatever the status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (user is not None and user.is_authenticated) or (
            match is not None and match.view_name in PERSONAL_DATA_VIEWS
        ):
            _mark_no_store(response)
        return response


class PermissionsPolicyMiddleware:
    """Turn off the browser features Loket never uses (camera, microphone, location, ...),
    so an injected script could not use them either (LOKET_PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.LOKET_PERMISSIONS_POLICY
        if policy and "Permissions-Policy" not in response.headers:
            response.headers["Permissions-Policy"] = policy
        return response


# --- Request bodies ---------------------------------------------------------------------
# Multipart overhead on top of the files themselves: the form's other fields and the parts'
# headers (a complaint's description is at most 5,000 characters).
FORM_OVERHEAD = 256 * 1024
# JSON bodies of the API: a complaint is at most ~5,400 characters of text, 6 bytes each
# when escaped; nothing the API takes comes near this.
API_JSON_MAX_BYTES = 64 * 1024


def _evidence_cap() -> int:
    from loket.complaints import files

    return files.MAX_FILES * files.MAX_BYTES + FORM_OVERHEAD


def _visit_documents_cap() -> int:
    from loket.visits import forms

    return (1 + forms.MAX_SUPPORTING_FILES) * forms.MAX_FILE_BYTES + FORM_OVERHEAD


# The endpoints that take citizens' or staff's documents, by URL name, and their cap in bytes
# for a multipart body; every other endpoint has settings.LOKET_MAX_BODY_BYTES (web) or
# API_JSON_MAX_BYTES (API).
BODY_LIMITS = {
    "complaints:step_evidence": _evidence_cap,
    "complaints:complete": _evidence_cap,
    "complaints:staff_intake": _evidence_cap,
    "complaints:staff_act": _evidence_cap,
    "api-v1:create_complaint": _evidence_cap,
    "visits:book_check": _visit_documents_cap,
    "api-v1:create_visit": _visit_documents_cap,
}
# Endpoints that keep files of an unsent draft: charged to the client's draft quota.
DRAFT_UPLOADS = {"complaints:step_evidence"}
MULTIPART = ("multipart/form-data", "application/x-www-form-urlencoded")


def body_limit(view_name: str, content_type: str) -> int:
    """The largest request body `view_name` accepts with `content_type`, in bytes."""
    is_api = view_name.startswith("api-v1:")
    if is_api and content_type not in MULTIPART:
        return API_JSON_MAX_BYTES
    if view_name in BODY_LIMITS:
        return BODY_LIMITS[view_name]()
    return API_JSON_MAX_BYTES if is_api else settings.LOKET_MAX_BODY_BYTES


class RequestBodyLimitMiddleware:
    """Refuse a request body larger than its endpoint takes before a byte of it is read, on
    its `Content-Length` (Django reads no more than that; a body without one is read as
    empty): 413, as a page or, for the API, as its JSON error. The complaint form's draft
    evidence also counts against a per-client quota (LOKET_DRAFT_QUOTA_BYTES per session
    lifetime), so many sessions from one client cannot fill the disk with drafts.
    Runs before anything reads the body (CSRF reads the form in its process_view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length == 0:
            return self.get_response(request)
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            view_name = ""
        if length < 0:
            return _refused(request, view_name, 400, "bad_length", limit=0)
        limit = body_limit(view_name, request.content_type or "")
        if length > limit:
            return _refused(request, view_name, 413, "too_large", limit=limit)
        if view_name in DRAFT_UPLOADS and not _charge_draft_quota(request, length):
            return _refused(request, view_name, 413, "draft_quota", limit=limit)
        return self.get_response(request)


def _charge_draft_quota(request, length: int) -> bool:
    """Count `length` bytes of draft uploads against the client's quota; False (nothing
    counted) when they would pass it."""
    from loket.accounts.client import client_ip

    key = f"loket:draft-quota:{client_ip(request)}"
    cache.add(key, 0, timeout=settings.SESSION_COOKIE_AGE)
    try:
        used = cache.incr(key, length)
    except ValueError:  # expired between add and incr
        cache.add(key, length, timeout=settings.SESSION_COOKIE_AGE)
        used = length
    if used > settings.LOKET_DRAFT_QUOTA_BYTES:
        cache.decr(key, length)
        return False
    return True


API_ERRORS = {
    "bad_length": "The Content-Length header is not a number.",
    "too_large": "The request body is larger than this endpoint takes (%(limit)s bytes).",
    "draft_quota": "Too many draft files from this client.",
}


def _refused(request, view_name: str, status: int, code: str, *, limit: int) -> HttpResponse:
    if view_name.startswith("api-v1:") or request.path_info.startswith("/api/"):
        message = API_ERRORS[code] % {"limit": limit}
        body = {"detail": message, "errors": [{"code": code, "field": None, "message": message}]}
        response: HttpResponse = JsonResponse(body, status=status)
    else:
        context = {"code": code, "limit": limit}
        response = render(request, "413.html", context, status=status)
    return response
