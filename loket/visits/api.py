"""POST /api/v1/visits/ books a visit (the web form's validation, `forms.BookingForm`);
GET /api/v1/visits/{booking_code}/ tells its status, queue number and division, and nothing
personal. Both are public and rate-limited per client address (429 when exceeded)."""

from datetime import date

from django.http import Http404, HttpRequest
from django.utils import translation
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from loket.offices.services import divisions_of, kept_office_by_slug

from . import selectors, services
from .forms import BookingForm
from .limits import BOOKINGS, POST_RATE
from .models import Visit
from .services import VisitError

router = Router(tags=["visits"])

READ_RATE = "60/m"


class BookingIn(Schema):
    """Every field but `office` is checked by the web form's validation (`BookingForm`), so a
    missing or malformed one is answered with the same, field-specific message as on the web
    page (422, `errors[field]`), in the request's language, rather than a schema error."""

    office: str
    service: str = Field("", description="Slug of a service with a published standard.")
    division: str | None = None
    name: str = Field("", description="Required.")
    phone: str = Field(
        "",
        description="Required. An Indonesian number as people write it (0812-3456-7890, "
        "+62 812 3456 7890, (0561) 736541 ext. 213), checked by the numbering plan and "
        "stored in E.164 (+6281234567890).",
        examples=["0812-3456-7890"],
    )
    email: str | None = None
    institution: str = Field("", description="Required.")
    position: str = Field("", description="Required.")
    purpose: str = Field("", description="Required.")
    preferred_date: str = Field(
        "", description="Required. YYYY-MM-DD, a working day.", examples=["2026-12-01"]
    )
    preferred_time: str = Field(
        "", description="Required. HH:MM, local time within office hours.", examples=["09:30"]
    )
    language: str | None = "id"


class BookingOut(Schema):
    booking_code: str
    status: str
    url: str


class VisitStatusOut(Schema):
    booking_code: str
    status: str
    status_label: str
    office: str
    service: str
    preferred_date: date | None
    queue_number: str | None
    division: str | None


class ErrorOut(Schema):
    """Every refusal: `detail` (a sentence), `errors` (the messages per field sent; `__all__`
    for none) and, when a rule of the desk refused, its stable `code` (e.g. `office_closed`,
    `not_working_day`, `other_office`) for clients that act on it."""

    detail: str
    errors: dict[str, list[str]] = {}
    code: str | None = None


def refusal_body(error: VisitError, language: str) -> dict:
    """A service's refusal as the documented error body, in the client's language: the
    message under the field it names (`__all__` for none) and its code."""
    with translation.override(language):
        message = str(error)
    return {"detail": message, "errors": {error.field or "__all__": [message]}, "code": error.code}


def _too_many() -> Status:
    return Status(429, {"detail": "Too many requests; try again later."})


def _limited(request: HttpRequest, group: str, rate: str) -> bool:
    return is_ratelimited(
        request, group=f"visits-api:{group}", key="ip", rate=rate, method=ALL, increment=True
    )


@router.post(
    "/",
    response={201: BookingOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Book a visit",
)
def create_visit(
    request,
    payload: Form[BookingIn],
    surat_tugas: File[UploadedFile] = None,
    supporting: File[list[UploadedFile]] = None,
):
    """Book a consultation visit, as the web form does: `multipart/form-data` (or
    `application/x-www-form-urlencoded` without files). `office`, `service` and `division`
    are slugs. The date must be a working day of the office and the time inside its office
    hours (local time). Files: `surat_tugas` (one) and `supporting` (up to 3): PDF, JPEG or
    PNG by content, at most 2 MB each. Returns the booking code and the visitor's link."""
    if _limited(request, "create", POST_RATE):
        return _too_many()
    office = kept_office_by_slug(payload.office)
    if office is None:
        return Status(404, {"detail": "Unknown office."})
    service = selectors.bookable_services(office).filter(slug=payload.service).first()
    if service is None and payload.service:
        return Status(
            422, {"detail": "Invalid booking.", "errors": {"service": ["Unknown service."]}}
        )
    division_id = None
    if payload.division:
        division = divisions_of(office).filter(slug=payload.division).first()
        if division is None:
            return Status(
                422,
                {
                    "detail": "Invalid booking.",
                    "errors": {"division": ["Unknown division."]},
                },
            )
        division_id = division.pk
    data = {
        **payload.dict(exclude={"office", "service", "division", "language"}),
        "email": payload.email or "",
        "service": service.pk if service else "",
        "division": division_id or "",
    }
    files = request.FILES
    language = "en" if (payload.language or "").startswith("en") else "id"
    with translation.override(language):  # the messages of the web form, in that language
        form = BookingForm(data, files, office=office)
        if not form.is_valid():
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            return Status(422, {"detail": "Invalid booking.", "errors": errors})
    # A system's API key (a kiosk booking for every visitor) is held to its own limit.
    by_key = getattr(request, "api_key_office", None) is not None
    if not by_key and BOOKINGS.reached(request, office):
        return _too_many()
    try:
        visit = services.book(office, form.entry(language), form.uploads(), source=Visit.Source.API)
    except VisitError as exc:
        return Status(422, refusal_body(exc, language))
    if not by_key:
        BOOKINGS.count(request, office)
    return Status(
        201,
        {
            "booking_code": visit.booking_code,
            "status": visit.status,
            "url": services.absolute(visit.get_absolute_url()),
        },
    )


@router.get(
    "/{booking_code}/",
    response={200: VisitStatusOut, 429: ErrorOut},
    summary="Status of a booked visit",
)
def get_visit(request, booking_code: str):
    """Status of a visit by its booking code: the queue number once checked in and the
    division once routed. No personal data. 404 for an unknown code."""
    if _limited(request, "read", READ_RATE):
        return _too_many()
    visit = services.visit_by_code(booking_code)
    if visit is None:
        raise Http404
    routed = visit.routed_at is not None and visit.division is not None
    return Status(
        200,
        {
            "booking_code": visit.booking_code,
            "status": visit.status,
            "status_label": str(visit.get_status_display()),
            "office": visit.office.slug,
            "service": visit.service.slug,
            "preferred_date": visit.preferred_date,
            "queue_number": visit.queue or None,
            "division": visit.division.name if routed else None,
        },
    )
