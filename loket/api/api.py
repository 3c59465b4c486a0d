"""The versioned public API (/api/v1/), described by OpenAPI at /api/v1/openapi.json.

django-ninja: the schema comes from the same type-annotated pydantic models that validate
requests, so the document cannot drift from the code; it is small, fast, and needs no
serializer layer on top of the service functions each app already has.
Each app contributes one router from its own `api.py`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError
from ninja.security import django_auth

from loket.errors import DomainError

from .guard import error
from .keys import KeyRefused, SystemKey, refusal

# The error body of every refusal the site adds to what an endpoint documents itself.
API_ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "field", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
ADDED_RESPONSES = {
    "400": "Malformed body: not UTF-8 JSON, nested more than 32 levels, or text with a NUL "
    "character (codes `malformed_json`, `too_deep`, `nul_character`).",
    "401": "Not signed in, or an API key that is unknown, revoked or expired.",
    "403": "Signed in without the role this needs, or an API key without this operation.",
    "404": "Not found (or not yours to see).",
    "413": "The body is larger than this operation takes (code `too_large`).",
    "415": "A content type the operation does not take (code `unsupported_media_type`).",
    "422": "Input that does not match the schema (code `invalid`, `field` names it).",
    "429": "Too many requests from this client (or with this API key); try again later.",
}


class LoketAPI(NinjaAPI):
    """The site's API: its OpenAPI document lists every answer an operation can give, the
    ones the site adds to every operation (the body guard's 400/413/415, schema errors' 422,
    sign-in's 401/403, rate limits' 429, 404 for a path parameter) included."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = API_ERROR
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                documented = {str(code) for code in operation["responses"]}
                for status in _added_statuses(path, operation):
                    if status in documented:
                        continue
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": ADDED_RESPONSES[status],
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ApiError"}
                                }
                            },
                        },
                    )
        return schema


def _added_statuses(path: str, operation: dict) -> list[str]:
    statuses = []
    if "requestBody" in operation:
        statuses += ["400", "413", "415"]
    if "requestBody" in operation or operation.get("parameters"):
        statuses.append("422")
    if "{" in path:
        statuses.append("404")
    if operation.get("security"):
        statuses += ["401", "403", "404"]
    statuses.append("429")
    return statuses


api = LoketAPI(
    title="Loket API",
    version="1",
    description=(
        "Public API of Loket: service standards, visit bookings and complaints of "
        "Indonesian government offices. Times are ISO-8601 with offset.\n\n"
        "Errors: 4xx answers carry `detail` and the errors of each field (`code`, `field`, "
        "`message`). A body must be of a content type the operation lists (else 415), at most "
        "64 KB of JSON nested at most 32 levels (else 413 or 400), without NUL characters "
        "(400). The complaint "
        "endpoints answer in English (a program maps each error's `field` to its own text); "
        "a visit booking answers with the web form's own messages in the booking's `language` "
        "(`id` by default, or `en`), so a kiosk can show them as they are. Public endpoints "
        "are rate-limited per client and answer 429 when the limit is passed.\n\n"
        "Systems (a kiosk, a LAPOR! bridge, a reporting tool) send an API key an office "
        "admin created: `Authorization: Bearer lkt_<prefix>_<secret>`. A key works for one "
        "office and the operations it names (`complaints:read` for the staff queue, "
        "`complaints:create` for submitting complaints, which then name the key's office "
        "or none), within its own per-minute limit; 401 for an unknown, revoked or expired "
        "key, 403 for an operation it does not name, 404 for another office; a client "
        "that sent 30 refused keys within a minute gets 429 until the minute is over."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/services/", "loket.standards.api.router")
api.add_router("/visits/", "loket.visits.api.router")
api.add_router("/complaints/", "loket.complaints.api.router")
# The staff queue takes a staff session or an API key naming "complaints:read" (a reporting
# tool); the key is checked first only when the bearer token is shaped like one.
api.add_router(
    "/staff/",
    "loket.complaints.staff_api.router",
    auth=[SystemKey("complaints:read"), django_auth],
)
api.add_router("/", "loket.surveys.api.router")
# Public reports: the compliance report card and the statistics of a period.
api.add_router("/offices/", "loket.reports.api.router")


def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """A service's refusal that an endpoint did not answer itself: 422 with the error's code and
    field, in the language of the request (the message is translated when shown)."""
    return JsonResponse({"detail": str(exc), "errors": [exc.as_dict()]}, status=422)


api.add_exception_handler(DomainError, domain_error)


def schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """Input the schema refuses: 422 with one error per problem (`code` `invalid`, the
    `field` by its dotted path) in the documented shape; the visit booking keeps its own
    documented shape (messages per field, as its web form)."""
    problems = [
        (".".join(str(part) for part in item.get("loc", ())[1:]), str(item.get("msg", "")))
        for item in exc.errors
    ]
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "create_visit":
        errors: dict[str, list[str]] = {}
        for field, message in problems:
            errors.setdefault(field or "__all__", []).append(message)
        return JsonResponse({"detail": "Invalid booking.", "errors": errors}, status=422)
    body = {
        "detail": "Invalid input.",
        "errors": [
            {"code": "invalid", "field": field or None, "message": message}
            for field, message in problems
        ],
    }
    return JsonResponse(body, status=422)


def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(401, "not_signed_in", "Sign in first.")


def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A signed-in colleague whose role does not allow this (the staff pages' 403): the
    API's documented error body, never the site's HTML page (found by a tester)."""
    return error(403, "forbidden", "Your role in this office does not allow this.")


api.add_exception_handler(SchemaError, schema_error)
api.add_exception_handler(PermissionDenied, forbidden)
api.add_exception_handler(KeyRefused, refusal)
api.add_exception_handler(AuthenticationError, not_signed_in)
