"""Conditional GET for public pages (RFC 9110 section 13): an ETag from what the page shows,
a 304 Not Modified when the browser already holds it, so the page is not rendered again.

The tag covers the language, the visitor's CSRF cookie (every page carries the language
switch form with a token bound to it: a rotated cookie must not revive a cached form) and
the `parts` the caller names (rows' ids, statuses, update times). Pages with flash messages
waiting are always rendered: a 304 would leave the messages for the next page.

`stamped_page` goes one step further for pages read far more often than their rows change:
a content stamp per app (a random value in the cache, replaced after every commit that
saves or deletes one of the rows the page shows: `bump_on_change`) keys the page's parts,
so an anonymous visitor's request runs no query at all while nothing changed (issue 18)."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
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


T = TypeVar("T")

# A rendered page is kept with its CSRF token replaced by this mark; each visitor's copy gets
# a fresh token of their own cookie (the form stays bound to them).
_CSRF_MARK = "@@loket-csrf-token@@"
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGE_CACHE_SECONDS = 24 * 60 * 60


def _shared_render(
    request: HttpRequest,
    parts: tuple,
    render: Callable[[], HttpResponse],
    seconds: int = PAGE_CACHE_SECONDS,
) -> HttpResponse:
    """`render()` once per page, language and `parts` for every anonymous visitor: the HTML
    is kept in the cache (`seconds`) with its CSRF token marked and served with the
    visitor's own."""
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
        cache.set(key, (html, response["Content-Type"]), seconds)
    return response


# A personal page is kept briefly: an erased complaint's rendering is unreachable at once
# (its parts change) and gone from the cache within this time.
PERSONAL_PAGE_SECONDS = 10 * 60


def kept_page(
    request: HttpRequest, *, parts: Iterable[Any], render: Callable[[], HttpResponse]
) -> HttpResponse:
    """`render()` once per `parts` (which must name everything the page shows), the path and
    the language, for an anonymous GET without flash messages or query string; otherwise
    always rendered.
    For personal pages reached by a secret URL (the complaint's tracking page): nothing is
    added to the response's headers (it stays `no-store`), and the kept HTML lives at most
    `PERSONAL_PAGE_SECONDS`."""
    anonymous = not getattr(request, "user", None) or not request.user.is_authenticated
    quiet = len(get_messages(request)) == 0
    plain = not request.META.get("QUERY_STRING")  # made-up ones would each be kept apart
    if anonymous and quiet and plain and request.method in ("GET", "HEAD"):
        return _shared_render(request, tuple(parts), render, PERSONAL_PAGE_SECONDS)
    return render()


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
    carry their own links, pages with flash messages and requests with a query string (each
    would be kept apart: a flood of made-up ones would fill the cache) are always rendered."""
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
    # A query string the page does not read would key a new cached copy each time: rendered.
    plain = not request.META.get("QUERY_STRING")
    if shared and quiet and anonymous and plain and request.method in ("GET", "HEAD"):
        response = _shared_render(request, parts, render)
    else:
        response = render()
    response.headers["ETag"] = etag
    if stamp is not None:
        response.headers["Last-Modified"] = http_date(stamp)
    patch_cache_control(response, private=True, no_cache=True)
    return response


# --- Content stamps: a page's parts without a query while its rows are unchanged ----------

# A stamp outlives any page it keys; the keyed parts expire with the hour (below).
STAMP_SECONDS = 7 * 24 * 60 * 60


def content_stamp(name: str) -> str:
    """The current stamp of `name` (an app's public content): a random hex string, created
    on first use; every worker of the installation reads the same one from the cache."""
    key = f"stamp:{name}"
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, STAMP_SECONDS)
        value = cache.get(key) or ""
    return value


def bump(name: str) -> None:
    """Give `name` a new stamp now and again once the current transaction commits: a page
    rendered in between, from the rows before the commit, is kept under a stamp that no
    longer stands after it."""

    def renew() -> None:
        cache.set(f"stamp:{name}", uuid.uuid4().hex, STAMP_SECONDS)

    renew()
    transaction.on_commit(renew)


# Every stamp some model's changes renew (`bump_on_change`).
_BUMPED: set[str] = set()


def bump_on_change(model: type[Model] | str, name: str) -> None:
    """Bump `name` after every save or delete of a `model` row (a class or "app.Model"). An
    app connects its own models in `AppConfig.ready()`. Every such stamp is renewed after
    `migrate` too (`renew_after_migrate`: a data migration's `QuerySet.update` sends no
    signal); other writes that skip the signals (raw SQL) are seen within the hour at most."""

    def changed(**_kwargs: Any) -> None:
        bump(name)

    _BUMPED.add(name)
    dispatch_uid = f"loket.conditional.bump:{model}:{name}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=dispatch_uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=dispatch_uid)
    post_migrate.connect(renew_after_migrate, dispatch_uid="loket.conditional.renew")


def renew_after_migrate(**_kwargs: Any) -> None:
    """Renew every stamp `bump_on_change` keeps (Django's `post_migrate`, sent for each app
    once `migrate` has run): nothing kept from before a migration outlives it."""
    for name in sorted(_BUMPED):
        bump(name)


def stamped_value(stamp: str, key: str, fetch: Callable[[], T], seconds: int) -> T | None:
    """`fetch()`'s value (a row, anything picklable) kept in the cache while the content
    stamp `stamp` stands, at most `seconds`: one cache round trip (`get_many` of the stamp
    and the value) when it is kept, else `fetch()` and one write. Each call returns its own
    unpickled copy, so nothing a caller sets on it reaches another request. None is never
    kept (an office created a moment later is found at once). For the lookups every public
    API request makes (issue 18: the office of a complaint's receipt). `key` must be a safe
    cache key (the caller checks what a client sent: at most 200 ASCII characters without
    spaces or control characters)."""
    stamp_key, value_key = f"stamp:{stamp}", f"value:{stamp}:{key}"
    found = cache.get_many([stamp_key, value_key])
    current = found.get(stamp_key) or content_stamp(stamp)
    kept = found.get(value_key)
    if current and kept is not None and kept[0] == current:
        return kept[1]
    # Read after the stamp: a row saved in between is kept under a stamp already replaced
    # (`bump` renews it again once the writer's transaction commits).
    value = fetch()
    if current and value is not None:
        cache.set(value_key, (current, value), seconds)
    return value


Build = Callable[[], tuple[Iterable[Any], "datetime | None", Callable[[], HttpResponse]]]


def stamped_page(request: HttpRequest, *, stamps: Iterable[str], build: Build) -> HttpResponse:
    """`conditional_page` with `shared=True` whose parts are kept under the `stamps`' values,
    the language, the path and the UTC hour, so that an anonymous visitor's request does no
    query while those stamps stand: `build()` runs the page's queries and returns (parts,
    last_modified, render), and is called only when nothing is kept (or for a signed-in
    user, or a request with flash messages). The hour bounds what time alone changes (a
    version coming into force at the office's midnight: 17:00, 16:00 or 15:00 UTC for WIB,
    WITA and WIT, all on the hour) and any write that skipped the signals."""
    anonymous = not getattr(request, "user", None) or not request.user.is_authenticated
    quiet = len(get_messages(request)) == 0
    plain = not request.META.get("QUERY_STRING")
    if not (anonymous and quiet and plain and request.method in ("GET", "HEAD")):
        parts, last_modified, render = build()
        return conditional_page(
            request, parts=parts, last_modified=last_modified, render=render, shared=True
        )
    hour = timezone.now().strftime("%Y%m%d%H")
    values = tuple(content_stamp(name) for name in stamps)
    seed = repr((_templates_stamp(), get_language(), request.get_full_path(), values, hour))
    key = "stamped:" + hashlib.sha256(seed.encode()).hexdigest()
    kept = cache.get(key)
    if kept is not None:
        parts, last_modified = kept
        return conditional_page(
            request,
            parts=parts,
            last_modified=last_modified,
            render=lambda: build()[2](),
            shared=True,
        )
    parts, last_modified, render = build()
    parts = tuple(parts)
    cache.set(key, (parts, last_modified), 60 * 60)
    return conditional_page(
        request, parts=parts, last_modified=last_modified, render=render, shared=True
    )
