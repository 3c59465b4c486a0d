"""The site's answer to a blocked rate limit (django-ratelimit's RATELIMIT_VIEW), shared by
every app's public forms."""

from django.shortcuts import render


def too_many_requests(request, exception=None):
    """429 for a rate-limited public form (django-ratelimit's RATELIMIT_VIEW): says what
    happened and when to try again, in the site's layout, instead of a bare 403."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
