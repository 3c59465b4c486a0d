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


class SubmissionLimit:
    """How many submissions one client may make to one office in a window (OWASP ASVS 4.0.3
    V11.1.3; issue 12, finding 3): the complaint form, the booking form and their API
    endpoints share one bucket per client address (read behind the trusted proxies,
    `RATELIMIT_IP_META_KEY`) and office, and only what passed validation and was saved
    counts, so junk posted to one office never locks another office's form, nor the same
    citizen's next real submission.

    `group` names the bucket ("complaints:submit"); `rate` is django-ratelimit's "10/h".
    `reached(request, office)` asks before saving (it counts nothing); `count(request,
    office)` records one saved submission. Both read and write django-ratelimit's shared
    cache (`RATELIMIT_USE_CACHE`)."""

    def __init__(self, group: str, rate: str) -> None:
        self.group = group
        self.rate = rate

    def _usage(self, request, office, *, increment: bool) -> dict | None:
        from django_ratelimit.core import get_usage

        return get_usage(
            request,
            group=f"{self.group}:{office.pk}",
            key="ip",
            rate=self.rate,
            increment=increment,
        )

    def reached(self, request, office) -> bool:
        """True when this client has already made as many submissions to `office` as the
        rate allows in the current window."""
        usage = self._usage(request, office, increment=False)
        return usage is not None and usage["count"] >= usage["limit"]

    def count(self, request, office) -> None:
        """Record one saved submission of this client to `office`."""
        self._usage(request, office, increment=True)
