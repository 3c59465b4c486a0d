"""Conditional GET for public pages (RFC 9110 section 13): an ETag from what the page shows,
a 304 Not Modified when the browser already holds it, so the page is not rendered again.

The tag covers the language, the visitor's CSRF cookie (every page carries the language
switch form with a token bound to it: a rotated cookie must not revive a cached form) and
the `parts` the caller names (rows' ids, statuses, update times). Pages with flash messages
waiting are always rendered: a 304 would leave the messages for the next page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language


@lru_cache(maxsize=1)
def _templates_stamp() -> float:
    """The newest template file's time: a deployment that changes a template changes every
    tag (the same on every worker of one installation)."""
    root = Path(__file__).resolve().parent
    return max((path.stat().st_mtime for path in root.glob("**/templates/**/*.html")), default=0)


def row_state(row: Model | None) -> tuple:
    """Every stored value of `row` (its concrete fields), for an ETag part; () for None."""
    if row is None:
        return ()
    return tuple(getattr(row, field.attname) for field in row._meta.concrete_fields)


def page_etag(request: HttpRequest, parts: Iterable[Any]) -> str:
    """A strong ETag (quoted hex) of the language, the CSRF cookie and `parts`."""
    get_token(request)  # the secret this response's form is bound to (set if new)
    csrf = request.META.get("CSRF_COOKIE", "")
    seed = repr((_templates_stamp(), get_language(), csrf, tuple(parts)))
    return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


# A rendered page is kept with its CSRF token replaced by this mark; each visitor's copy gets
# a fresh token of their own cookie (the form stays bound to them).
_CSRF_MARK = "@@loket-csrf-token@@"
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGE_CACHE_SECONDS = 24 * 60 * 60


def _shared_render(
    request: HttpRequest, parts: tuple, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """`render()` once per page, language and `parts` for every anonymous visitor: the HTML
    is kept in the cache with its CSRF token marked and served with the visitor's own."""
    seed = repr((_templates_stamp(), get_language(), request.get_full_path(), parts))
    key = "page:" + hashlib.sha256(seed.encode()).hexdigest()
    kept = cache.get(key)
    if kept is not None:
        html, content_type = kept
        return HttpResponse(html.replace(_CSRF_MARK, get_token(request)), content_type=content_type)
    response = render()
    if response.status_code == 200 and not response.streaming:
        html = response.content.decode(response.charset)
        tokens = set(_CSRF_FIELD.findall(html))
        for token in tokens:
            html = html.replace(token, _CSRF_MARK)
        cache.set(key, (html, response["Content-Type"]), PAGE_CACHE_SECONDS)
    return response


def conditional_page(
    request: HttpRequest,
    *,
    parts: Iterable[Any],
    last_modified: datetime | None,
    render: Callable[[], HttpResponse],
    shared: bool = False,
) -> HttpResponse:
    """304 when the request's If-None-Match (or, without one, If-Modified-Since) matches,
    else `render()` with ETag, Last-Modified and `Cache-Control: private, no-cache` (the
    browser keeps the page and asks again each time; shared caches never keep it).

    `shared=True`: `parts` name everything the page shows, so one rendering serves every
    anonymous visitor (kept in the cache, `_shared_render`); signed-in users, whose pages
    carry their own links, and pages with flash messages are always rendered."""
    parts = tuple(parts)
    etag = page_etag(request, parts)
    stamp = int(last_modified.timestamp()) if last_modified else None
    quiet = len(get_messages(request)) == 0
    if quiet:
        not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
        if not_modified is not None:
            patch_cache_control(not_modified, private=True, no_cache=True)
            return not_modified
    anonymous = not getattr(request, "user", None) or not request.user.is_authenticated
    if shared and quiet and anonymous and request.method in ("GET", "HEAD"):
        response = _shared_render(request, parts, render)
    else:
        response = render()
    response.headers["ETag"] = etag
    if stamp is not None:
        response.headers["Last-Modified"] = http_date(stamp)
    patch_cache_control(response, private=True, no_cache=True)
    return response
