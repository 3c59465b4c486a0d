from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url


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
