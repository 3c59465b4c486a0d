"""Every POST-only page of the site answers a GET with 405 and `Allow: POST`, not with a
change or an error page. The URLs are collected from the URL resolver, so a new POST-only
view is covered the day it is added (the API's own endpoints are django-ninja's and are
described by its OpenAPI document instead)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters

from loket.offices.tests.factories import UserFactory

# A value for a URL argument: the first of these its converter's regex accepts.
CANDIDATES = [
    "kantor-a",
    "1",
    "ABCD-EFGH-JKMN",
    "ABCDEFGHJKMN",
    "ADU-2026-000001",
    str(uuid.uuid4()),
]


def _allowed_methods(view) -> set[str] | None:
    """The methods a view accepts, read from Django's `require_http_methods` closure or a
    class-based view's `http_method_names`; None when the view does not limit them."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        names = {name.upper() for name in view_class.http_method_names} - {"OPTIONS"}
        handled = {name for name in names if hasattr(view_class, name.lower())}
        return handled or None
    while view is not None:
        closure = (
            dict(
                zip(
                    view.__code__.co_freevars,
                    (c.cell_contents for c in view.__closure__ or ()),
                    strict=True,
                )
            )
            if hasattr(view, "__code__")
            else {}
        )
        if "request_method_list" in closure:
            return {method.upper() for method in closure["request_method_list"]}
        view = getattr(view, "__wrapped__", None)
    return None


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "api/" in prefix + route or "admin" in prefix + route:
                continue  # django-ninja's and Django admin's own URL machinery
            yield from _walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route, entry


def _url(route: str) -> str:
    converters = get_converters()

    def sample(match: re.Match) -> str:
        regex = converters[match.group(1) or "str"].regex
        for candidate in CANDIDATES:
            if re.fullmatch(regex, candidate):
                return candidate
        raise AssertionError(f"no sample value for <{match.group(1)}:...> in {route}: add one")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def post_only_urls() -> list[str]:
    return sorted(
        _url(route)
        for route, entry in _walk(get_resolver().url_patterns)
        if _allowed_methods(entry.callback) == {"POST"}
    )


def test_the_collection_finds_the_post_only_pages_of_every_app():
    urls = post_only_urls()
    assert len(urls) >= 10
    assert "/staf/kantor-a/jam-layanan/khusus/" in urls  # workdays
    assert "/staf/keluar/" not in urls  # GET shows the sign-out button (loket.views.sign_out)


@pytest.mark.parametrize("url", post_only_urls())
def test_a_get_to_a_post_only_page_is_405(client, db, url):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(url)
    assert response.status_code == 405, url
    assert "POST" in response["Allow"]
