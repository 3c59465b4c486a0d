from django.conf import settings


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
