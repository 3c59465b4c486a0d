"""What every request with a body to /api/v1/ must be before an endpoint sees it (issue 12,
finding 6; OWASP ASVS 4.0.3 V13.1.5, V5.1.4):

- its content type is one the operation documents (`ACCEPTS`; JSON unless listed), else 415:
  a `text/plain` body is what a foreign web page can send without a CORS preflight, so it
  must never file a complaint in its visitor's name;
- a JSON body is UTF-8 JSON nested at most `MAX_DEPTH` levels (counted before parsing, so
  100,000 levels cannot exhaust the parser's recursion), without NaN or Infinity, else 400;
- no text in it (JSON strings and keys, form fields) holds a NUL character, which no database
  column takes, else 400;
- a form body (multipart or URL-encoded, which a web page of any site can post without a CORS
  preflight) comes from no browser page (no `Origin`: a server, a script, a phone app) or from
  this site's own pages or an origin the deployment trusts (`CSRF_TRUSTED_ORIGINS`), else 403:
  a foreign page must not file complaints or bookings in its visitors' names (OWASP ASVS
  4.0.3 V13.2.3, V4.2.2). JSON from a foreign page needs a preflight, which Loket never grants.

The size cap (413) comes first, in `loket.middleware.RequestBodyLimitMiddleware`. Every refusal
has the API's documented error body: `{"detail", "errors": [{"code", "field", "message"}]}`.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

NAMESPACE = "api-v1"
MAX_DEPTH = 32
JSON = "application/json"
# Operations (URL names) that take more than JSON, as their OpenAPI request bodies say.
ACCEPTS = {
    "create_complaint": (JSON, "multipart/form-data"),
    "create_visit": ("multipart/form-data", "application/x-www-form-urlencoded"),
}
WITH_BODY = {"POST", "PUT", "PATCH"}
# The bodies a page of another site can post without a CORS preflight.
SIMPLE_BODIES = {"multipart/form-data", "application/x-www-form-urlencoded", "text/plain"}


def error(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    """The API's documented error body."""
    body = {"detail": message, "errors": [{"code": code, "field": field, "message": message}]}
    return JsonResponse(body, status=status)


class ApiRequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._guarded(request)
        if request.path_info.startswith("/api/") and not request.path_info.endswith(
            "/openapi.json"
        ):
            attach_json(response)
        return response

    def _guarded(self, request: HttpRequest) -> HttpResponse:
        if request.method not in WITH_BODY or not request.path_info.startswith("/api/"):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.namespace != NAMESPACE:
            return self.get_response(request)
        accepted = ACCEPTS.get(match.url_name or "", (JSON,))
        content_type = request.content_type or ""
        if content_type not in accepted:
            return error(
                415,
                "unsupported_media_type",
                f"Send the body as {' or '.join(accepted)}, not {content_type or 'nothing'}.",
            )
        if content_type in SIMPLE_BODIES and foreign_origin(request):
            return error(
                403,
                "foreign_origin",
                "A page of another site cannot send this form; send it from a server or app "
                "(without an Origin header), or ask the deployment to trust your origin.",
            )
        refusal = json_refusal(request.body) if content_type == JSON else form_refusal(request)
        return refusal or self.get_response(request)


def attach_json(response: HttpResponse) -> None:
    """An API answer in JSON is a download named api.json, never a page a browser renders
    (OWASP ASVS 4.0.3 V14.4.2), the OpenAPI document aside (`openapi.json`, read by people
    and the docs page)."""
    if response.get("Content-Type", "").startswith(JSON) and not response.has_header(
        "Content-Disposition"
    ):
        response["Content-Disposition"] = 'attachment; filename="api.json"'


def foreign_origin(request: HttpRequest) -> bool:
    """Whether a browser sent the request from a page of another origin: its `Origin` header
    is neither this site (scheme and host of the request) nor one of `CSRF_TRUSTED_ORIGINS`
    (an opaque "null" origin, from a sandboxed frame or a file, is foreign too)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS


def json_refusal(body: bytes) -> JsonResponse | None:
    """400 for a body that is not UTF-8 JSON, nests too deep or carries a NUL; None when
    it may go on (an empty body too: the endpoint says what is missing)."""
    if not body.strip():
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return error(400, "malformed_json", "The body is not UTF-8 text.")
    if too_deep(text, MAX_DEPTH):
        return error(400, "too_deep", f"The JSON body nests more than {MAX_DEPTH} levels.")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except ValueError:
        return error(400, "malformed_json", "The body is not valid JSON.")
    field = nul_field(data)
    if field is not None:
        return error(400, "nul_character", "Text must not contain NUL characters.", field or None)
    return None


def form_refusal(request: HttpRequest) -> JsonResponse | None:
    for key, values in request.POST.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return error(400, "nul_character", "Text must not contain NUL characters.", key)
    return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def too_deep(text: str, limit: int) -> bool:
    """Whether JSON `text` opens more than `limit` arrays or objects inside each other
    (brackets inside strings do not count); linear, without recursion."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def nul_field(data: Any) -> str | None:
    """The dotted path of the first key or string holding a NUL ("" at the top), or None."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return path
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{path}.{key}" if path else key
                if "\x00" in key:
                    return inner
                stack.append((inner, item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{i}" if path else str(i), item) for i, item in enumerate(value))
    return None
