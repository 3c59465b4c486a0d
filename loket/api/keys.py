"""API keys on the API (issue 12, finding 3): `Authorization: Bearer lkt_<prefix>_<secret>`.

A key is created by an office admin (`/staf/<office>/kunci-sistem/`) for one office and named
operations (`loket.accounts.models.ApiOperation`); `loket.accounts.services` checks it and logs
every use and refusal. Here the API applies it:

- `SystemKey(operation)` is a django-ninja auth for the staff routers: a bearer token shaped
  like a key is checked (401 unknown, revoked or expired; 403 an operation the key does not
  name; 404 another office's path, as for staff of another office), and a request past the
  key's own rate limit answers 429. A bearer token that is no Loket key falls through to the
  next auth (the staff session). On success `request.api_key_office` is the key's office.
- `ApiKeyMiddleware` does the same for public operations that take a key (`PUBLIC`), where
  a key is optional: a kiosk's complaint names the key's office or none (another office:
  404, as its path would be for the staff API).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django_ratelimit.core import is_ratelimited
from ninja.security import HttpBearer

from loket.accounts import services as accounts
from loket.accounts.client import client_of
from loket.ratelimit import over_limit

from .guard import NAMESPACE, error

# Public operations (URL names) that accept a key, and the operation the key must name.
PUBLIC = {"create_complaint": "complaints:create"}
RATE_GROUP = "loket.api.key"
# Refused keys per client address: past it the client gets 429 before any key is looked up
# or logged, so keys cannot be guessed, nor the security log filled, at the speed of the
# network (OWASP ASVS 4.0.3 V2.2.1, V11.1.4).
REFUSED_GROUP = "loket.api.key.refused"
REFUSED_RATE = "30/m"


class KeyRefused(Exception):
    """A key refused on the API: answered with the documented error body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def refusal(request: HttpRequest, exc: KeyRefused) -> HttpResponse:
    response = error(exc.status, exc.code, exc.message)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="loket"'
    elif exc.status == 429:
        response["Retry-After"] = "60"
    return response


def bearer_token(request: HttpRequest) -> str:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def check_key(request: HttpRequest, token: str, *, operation: str, office_slug: str | None):
    """The key `token` for `operation` on `office_slug`, within its rate limit; KeyRefused
    with the answer otherwise."""
    client = client_of(request)
    if _refused_too_often(request, client.ip, count=False):
        raise KeyRefused(429, "rate_limited", "Too many refused keys; try again later.")
    try:
        key = accounts.authenticate_api_key(
            token, operation=operation, office_slug=office_slug, client=client
        )
    except accounts.ApiKeyRefused as refused:
        _refused_too_often(request, client.ip, count=True)
        raise KeyRefused(refused.status, refused.code, _english(refused)) from None
    if over_limit(request, group=RATE_GROUP, key=key.prefix, rate=f"{key.rate_per_minute}/m"):
        accounts.refuse_rate_limited(key, operation=operation, client=client)
        raise KeyRefused(429, "rate_limited", "Too many requests with this key; try again later.")
    request.api_key_office = key.office  # type: ignore[attr-defined]
    request.api_key_name = key.name  # type: ignore[attr-defined]
    return key


def _refused_too_often(request: HttpRequest, ip: str, *, count: bool) -> bool:
    """Whether the client at `ip` is past `REFUSED_RATE` refused keys (`count`: add one)."""
    return is_ratelimited(
        request,
        group=REFUSED_GROUP,
        key=lambda _group, _request: ip or "unknown",
        rate=REFUSED_RATE,
        increment=count,
    )


# The API speaks English to programs (see loket.complaints.api); the service's messages are
# the staff pages' Indonesian, so each refusal has its English text here, by code.
ENGLISH = {
    "invalid_key": "Unknown API key.",
    "revoked_key": "This API key has been revoked.",
    "expired_key": "This API key has expired.",
    "not_found": "Not found.",
    "forbidden": "This API key does not allow this operation.",
}


def _english(refused: Any) -> str:
    return ENGLISH.get(refused.code, "API key refused.")


class SystemKey(HttpBearer):
    """django-ninja auth: a Loket API key allowed to run `operation` on the path's office."""

    def __init__(self, operation: str) -> None:
        super().__init__()
        self.operation = operation

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not accounts.is_api_key(token):
            return None
        match = getattr(request, "resolver_match", None)
        office_slug = match.kwargs.get("office_slug") if match is not None else None
        return check_key(request, token, operation=self.operation, office_slug=office_slug)


class ApiKeyMiddleware:
    """Checks the key of a request to a public operation in `PUBLIC` that carries one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = bearer_token(request)
        if not token or not request.path_info.startswith("/api/"):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        operation = PUBLIC.get(match.url_name or "") if match.namespace == NAMESPACE else None
        if operation is None or request.method != "POST":
            return self.get_response(request)
        if not accounts.is_api_key(token):
            return refusal(request, KeyRefused(401, "invalid_key", ENGLISH["invalid_key"]))
        try:
            check_key(request, token, operation=operation, office_slug=_office_named(request))
        except KeyRefused as refused:
            return refusal(request, refused)
        return self.get_response(request)


def _office_named(request: HttpRequest) -> str | None:
    """The `office` the body names (JSON or form), or None."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return None
        value = data.get("office") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None
    return request.POST.get("office") or None
