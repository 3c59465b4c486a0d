"""The versioned public API (/api/v1/), described by OpenAPI at /api/v1/openapi.json.

django-ninja: the schema comes from the same type-annotated pydantic models that validate
requests, so the document cannot drift from the code; it is small, fast, and needs no
serializer layer on top of the service functions each app already has.
Each app contributes one router from its own `api.py`.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI

from loket.errors import DomainError

api = NinjaAPI(
    title="Loket API",
    version="1",
    description=(
        "Public API of Loket: service standards, visit bookings and complaints of "
        "Indonesian government offices. Times are ISO-8601 with offset.\n\n"
        "Errors: 4xx answers carry `detail` and the errors of each field. The complaint "
        "endpoints answer in English (a program maps each error's `field` to its own text); "
        "a visit booking answers with the web form's own messages in the booking's `language` "
        "(`id` by default, or `en`), so a kiosk can show them as they are. Public endpoints "
        "are rate-limited per client and answer 429 when the limit is passed."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/services/", "loket.standards.api.router")
api.add_router("/visits/", "loket.visits.api.router")
api.add_router("/complaints/", "loket.complaints.api.router")
api.add_router("/staff/", "loket.complaints.staff_api.router")
api.add_router("/", "loket.surveys.api.router")


def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """A service's refusal that an endpoint did not answer itself: 422 with the error's code and
    field, in the language of the request (the message is translated when shown)."""
    return JsonResponse({"detail": str(exc), "errors": [exc.as_dict()]}, status=422)


api.add_exception_handler(DomainError, domain_error)
