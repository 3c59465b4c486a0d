from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control


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
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
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


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user: the staff pages,
    the staff API and the downloads they link show personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
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
