"""POST /api/v1/visits/ books a visit (the web form's validation, `forms.BookingForm`);
GET /api/v1/visits/{booking_code}/ tells its status, queue number and division, and nothing
personal. Both are public and rate-limited per client address (429 when exceeded)."""

from datetime import date, time

from django.http import Http404, HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from loket.offices.models import Office

from . import services
from .forms import BookingForm
from .models import Visit
from .services import VisitError

router = Router(tags=["visits"])

CREATE_RATE = "20/h"
READ_RATE = "60/m"


class BookingIn(Schema):
    office: str
    service: str
    division: str | None = None
    name: str
    phone: str
    email: str | None = None
    institution: str
    position: str
    purpose: str
    preferred_date: date
    preferred_time: time
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
    detail: str
    errors: dict[str, list[str]] = {}


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
    if _limited(request, "create", CREATE_RATE):
        return 429, {"detail": "Too many requests; try again later."}
    office = Office.objects.filter(slug=payload.office).first()
    if office is None:
        return 404, {"detail": "Unknown office."}
    service = services.bookable_services_qs(office).filter(slug=payload.service).first()
    if service is None:
        return 422, {"detail": "Invalid booking.", "errors": {"service": ["Unknown service."]}}
    division_id = None
    if payload.division:
        division = office.divisions.filter(slug=payload.division).first()
        if division is None:
            return 422, {
                "detail": "Invalid booking.",
                "errors": {"division": ["Unknown division."]},
            }
        division_id = division.pk
    data = {
        **payload.dict(exclude={"office", "service", "division", "language"}),
        "email": payload.email or "",
        "service": service.pk,
        "division": division_id or "",
        "preferred_date": payload.preferred_date.isoformat(),
        "preferred_time": payload.preferred_time.strftime("%H:%M"),
    }
    files = request.FILES
    form = BookingForm(data, files, office=office)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return 422, {"detail": "Invalid booking.", "errors": errors}
    language = "en" if (payload.language or "").startswith("en") else "id"
    try:
        visit = services.book(office, form.entry(language), form.uploads(), source=Visit.Source.API)
    except VisitError as exc:
        return 422, {"detail": str(exc), "errors": {"__all__": [str(exc)]}}
    return 201, {
        "booking_code": visit.booking_code,
        "status": visit.status,
        "url": services.absolute(visit.get_absolute_url()),
    }


@router.get(
    "/{booking_code}/",
    response={200: VisitStatusOut, 429: ErrorOut},
    summary="Status of a booked visit",
)
def get_visit(request, booking_code: str):
    """Status of a visit by its booking code: the queue number once checked in and the
    division once routed. No personal data. 404 for an unknown code."""
    if _limited(request, "read", READ_RATE):
        return 429, {"detail": "Too many requests; try again later."}
    visit = services.visit_by_code(booking_code)
    if visit is None:
        raise Http404
    routed = visit.routed_at is not None and visit.division is not None
    return 200, {
        "booking_code": visit.booking_code,
        "status": visit.status,
        "status_label": str(visit.get_status_display()),
        "office": visit.office.slug,
        "service": visit.service.slug,
        "preferred_date": visit.preferred_date,
        "queue_number": visit.queue or None,
        "division": visit.division.name if routed else None,
    }
