"""The site's answer to a blocked rate limit (django-ratelimit's RATELIMIT_VIEW), shared by
every app's public forms."""

from django.shortcuts import render


def too_many_requests(request, exception=None):
    """429 for a rate-limited public form (django-ratelimit's RATELIMIT_VIEW): says what
    happened and when to try again, in the site's layout, instead of a bare 403."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def over_limit(request, *, group: str, key: str, rate: str) -> bool:
    """Count this request for `key` in `group` (django-ratelimit's shared cache) and say whether
    it passed `rate` ("60/m"). For limits keyed by something other than the client address,
    such as a system's API key (each key its own bucket, whatever address it calls from)."""
    from django_ratelimit.core import is_ratelimited

    return is_ratelimited(
        request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
    )
