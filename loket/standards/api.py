"""GET /api/v1/services/ and /api/v1/services/{id}/: public services and the fields of the
standard in force (the announced one when none is in force yet), each with the URL of its
public page."""

from datetime import date, datetime
from typing import Literal

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema
from pydantic import create_model

from . import selectors
from .components import MANAGEMENT_FIELDS
from .models import Service, Standard

router = Router(tags=["standards"])


class Step(Schema):
    label: str
    text: str


class Duration(Schema):
    text: str
    amount: int | None
    unit: Literal["minutes", "hours", "days", "working_days"] | None


class FeeTier(Schema):
    name: str
    text: str
    amount: int | None


class Fee(Schema):
    text: str
    amount: int | None
    tiers: list[FeeTier]
    legal_basis: str


class DeadlineClassOut(Schema):
    code: str
    name: str
    text: str
    amount: int
    unit: Literal["hours", "working_days"]


class Complaints(Schema):
    intro: str
    channels: list[str]
    flow: list[str]
    deadline_classes: list[DeadlineClassOut]


# Components 7-14 of PermenPANRB 15/2014, one text each (the list: components.py).
Management = create_model(
    "Management",
    __base__=Schema,
    **dict.fromkeys(MANAGEMENT_FIELDS, (str, ...)),  # type: ignore[call-overload]
)


class StandardOut(Schema):
    version: int
    decree_number: str
    effective_date: date | None
    published_at: datetime
    url: str
    pdf_url: str
    requirements: list[str]
    procedure: list[Step]
    completion_time: Duration
    administration_time: Duration
    consultation_time: Duration
    fee: Fee
    products: list[str]
    complaints: Complaints
    management: Management  # type: ignore[valid-type]


class OfficeRef(Schema):
    slug: str
    name: str
    parent_name: str


class ServiceOut(Schema):
    id: int
    slug: str
    name: str
    office: OfficeRef
    url: str
    standard: StandardOut


def _duration(standard: Standard, prefix: str) -> dict:
    return {
        "text": getattr(standard, f"{prefix}_text"),
        "amount": getattr(standard, f"{prefix}_amount"),
        "unit": getattr(standard, f"{prefix}_unit") or None,
    }


def _out(request, service: Service, standard: Standard) -> dict:
    office = service.office
    pdf = f"{service.get_absolute_url()}pdf/"
    return {
        "id": service.id,
        "slug": service.slug,
        "name": service.name,
        "office": {"slug": office.slug, "name": office.name, "parent_name": office.parent_name},
        "url": request.build_absolute_uri(service.get_absolute_url()),
        "standard": {
            "version": standard.version,
            "decree_number": standard.decree_number,
            "effective_date": standard.effective_date,
            "published_at": standard.published_at,
            "url": request.build_absolute_uri(standard.get_absolute_url()),
            "pdf_url": request.build_absolute_uri(pdf),
            "requirements": standard.requirements,
            "procedure": standard.procedure,
            "completion_time": _duration(standard, "completion_time"),
            "administration_time": _duration(standard, "administration_time"),
            "consultation_time": _duration(standard, "consultation_time"),
            "fee": {
                "text": standard.fee_text,
                "amount": standard.fee_amount,
                "tiers": standard.fee_tiers,
                "legal_basis": standard.fee_legal_basis,
            },
            "products": standard.products,
            "complaints": {
                "intro": standard.complaint_intro,
                "channels": standard.complaint_channels,
                "flow": standard.complaint_flow,
                "deadline_classes": [
                    {**row, "text": row.get("text", "")} for row in standard.complaint_classes
                ],
            },
            "management": {name: getattr(standard, name) for name in MANAGEMENT_FIELDS},
        },
    }


def _public_services():
    published = Standard.objects.filter(service=OuterRef("pk"), status=Standard.Status.PUBLISHED)
    return (
        Service.objects.filter(Exists(published))
        .select_related("office")
        .order_by("office__name", "position", "name")
    )


@router.get("/", response=list[ServiceOut], summary="Public services and their standards")
def list_services(request, office: str | None = None):
    """Every service with a published standard, optionally of one office (its slug)."""
    queryset = _public_services()
    if office:
        queryset = queryset.filter(office__slug=office)
    return [_out(request, s, _shown(s)) for s in queryset]


@router.get("/{service_id}/", response=ServiceOut, summary="One service and its standard")
def get_service(request, service_id: int):
    service = _public_services().filter(pk=service_id).first()
    if service is None:
        raise Http404
    return _out(request, service, _shown(service))


def _shown(service: Service) -> Standard:
    now = timezone.now()
    standard = selectors.standard_in_force(service, now) or selectors.next_standard(service, now)
    assert standard is not None  # _public_services() has a published version
    return standard
