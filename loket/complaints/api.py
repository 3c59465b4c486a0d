"""POST /api/v1/complaints/ (a public complaint, JSON or multipart with attachments, made
idempotent by the Idempotency-Key header) and GET /api/v1/complaints/{tracking_code}/ (the
public view: never the complainant's identity). Both are rate-limited per client.

Error messages are in English, every one of them: the API is read by programs and their
developers, and the validation library's own messages ("Field required") are English, so
ours are too rather than a mix. People read Indonesian on the web pages; a kiosk or
another system maps the `code` and `field` of each error to its own text. A refusal of
`services.submit` keeps the service's code and field (REFUSALS). Documented in the OpenAPI
description of both operations (ERRORS_DOC)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import translation
from django_ratelimit.decorators import ratelimit
from ninja import Router, Schema
from pydantic import BaseModel, Field, ValidationError, field_validator

from loket.offices.services import kept_office_by_slug, only_office
from loket.validators import phone_validator

from . import files, selectors, services
from .limits import SUBMISSIONS
from .models import Complaint
from .services import ComplaintError

router = Router(tags=["complaints"])
# Reads of a complaint's status per client address.
RATE = "20/m"
# Requests to submit per client address, whatever their outcome (the web form's steps take
# as many); the complaints actually saved are held to the web form's limit (`SUBMISSIONS`).
POST_RATE = "60/m"
# The refusals of `services.submit` a client can meet, by code (the field they concern).
REFUSALS = {
    "incident_date_in_future": "incident_date",
    "title_required": "title",
    "description_required": "description",
    "nik_not_collected": "nik",
}
ERRORS_DOC = (
    'Errors: a JSON body `{"detail": ..., "errors": [{"field": ..., "code": ..., '
    '"message": ...}]}`; every message is in English (the web pages speak Indonesian to '
    "people; programs map `code` and `field` to their own text). Codes: `invalid` (the "
    "input does not match the schema), `name_required`, `too_many_files`, `bad_file`, "
    "`unknown_office`, and the service's refusals "
    + ", ".join(f"`{code}` ({field})" for code, field in REFUSALS.items())
    + ". 404 for an unknown code, 422 for invalid input, 429 when the client sends too many "
    "requests."
)


class ComplaintIn(BaseModel):
    office: str | None = Field(
        None, description="Office slug; optional when the deployment has one office."
    )
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=5000)
    incident_date: date | None = None
    incident_place: str = Field("", max_length=200)
    name: str = Field("", max_length=200, description="Required unless anonymous.")
    phone: str = Field("", max_length=40)
    email: str | None = Field(None, max_length=254)
    nik: str = Field(
        "",
        description="16 digits, or empty. Only for an office that asks for it (its complaint "
        "settings; off by default, UU 27/2022 data minimisation): any other office refuses a "
        "non-empty NIK with 422, code `nik_not_collected`.",
    )
    anonymous: bool = Field(False, description="Identity withheld from everyone handling it.")
    confidential: bool = Field(False, description="Rahasia: the content is never public.")
    language: Literal["id", "en"] | None = Field(
        None,
        description="The complainant's language for every message Loket sends them (id, en); "
        "id when left out (Accept-Language is not read: Bahasa Indonesia is the language of "
        "public services unless the person chose another).",
    )

    @field_validator("title", "description")
    @classmethod
    def not_blank(cls, value):
        if not value.strip():
            raise ValueError("Must not be blank.")
        return value

    @field_validator("email")
    @classmethod
    def an_email_address(cls, value):
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as exc:
                raise ValueError("Not a valid e-mail address.") from exc
        return value or None

    @field_validator("phone")
    @classmethod
    def an_indonesian_number(cls, value):
        # The web form's rule (0 or +62, then 9-13 digits), with its English message.
        if value.strip():
            with translation.override("en"):
                try:
                    phone_validator(value)
                except DjangoValidationError as exc:
                    raise ValueError(" ".join(exc.messages)) from exc
        return value

    @field_validator("nik")
    @classmethod
    def sixteen_digits(cls, value):
        if value and not re.fullmatch(r"\d{16}", value):
            raise ValueError("NIK is 16 digits.")
        return value


class Created(Schema):
    tracking_code: str
    status: str
    url: str


class Error(Schema):
    """An error; every message in English."""

    detail: str
    errors: list[dict] = []


class EventOut(Schema):
    at: datetime
    action: str
    label: str
    note: str


class AttachmentOut(Schema):
    name: str
    url: str


class AnswerOut(Schema):
    at: datetime
    text: str
    attachments: list[AttachmentOut]


class OfficeOut(Schema):
    slug: str
    name: str


class ComplaintOut(Schema):
    tracking_code: str
    office: OfficeOut
    status: Literal[
        "received",
        "waiting",
        "in_progress",
        "answered",
        "closed",
        "not_authority",
        "forwarded",
        "duplicate",
    ]
    status_label: str
    title: str | None = Field(None, description="Null for a confidential (rahasia) complaint.")
    received_at: datetime
    classification: str | None = Field(None, description="Null for a rahasia complaint.")
    due_at: datetime | None = Field(None, description="ISO-8601 with the office's offset.")
    paused: bool
    url: str
    timeline: list[EventOut] = Field(
        ..., description="Public events; for a rahasia complaint statuses and dates only."
    )
    answers: list[AnswerOut] = Field(
        ...,
        description="The office's answers; attachments only of answers to complaints that "
        "are not rahasia. The complainant's evidence is never served publicly.",
    )


def _limited(request) -> JsonResponse | None:
    """429 when the client's address is over its endpoint's rate; a request with a system's
    API key (checked by loket.api.keys, `request.api_key_office` set) is held to that key's
    own limit instead: a kiosk sends every visitor's complaint from one address."""
    if getattr(request, "api_key_office", None) is not None:
        return None
    if getattr(request, "limited", False):
        return _too_many()
    return None


def _too_many() -> JsonResponse:
    return JsonResponse({"detail": "Too many requests; try again later."}, status=429)


def _created(request, complaint: Complaint) -> JsonResponse:
    body = {
        "tracking_code": complaint.tracking_code,
        "status": complaint.status,
        "url": request.build_absolute_uri(complaint.get_absolute_url()),
    }
    return JsonResponse(body, status=201)


_schema = ComplaintIn.model_json_schema()
_multipart = {
    **_schema,
    "properties": {
        **_schema["properties"],
        "attachments": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": files.limits_hint(),
        },
    },
}


@router.post(
    "/",
    response={201: Created, 422: Error, 429: Error},
    summary="Submit a complaint",
    description="A public complaint on the office's web channel; returns its tracking code.\n\n"
    + ERRORS_DOC,
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "schema": {"type": "string", "maxLength": 200},
                "description": "A retry with the same key and content returns the same complaint.",
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _schema},
                "multipart/form-data": {"schema": _multipart},
            },
        },
    },
)
@ratelimit(key="ip", rate=POST_RATE, block=False)
def create_complaint(request):
    """A public complaint on the office's web channel. Returns its tracking code."""
    limited = _limited(request)
    if limited:
        return limited
    if request.content_type == "multipart/form-data":
        raw = dict(request.POST.items())
        for flag in ("anonymous", "confidential"):
            raw[flag] = raw.get(flag, "").lower() in ("1", "true", "on", "yes")
        uploads_in = request.FILES.getlist("attachments")
    else:
        try:
            raw = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"detail": "The body is not valid JSON.", "errors": []}, status=422)
        uploads_in = []
    key = _idempotency_key(request, raw, uploads_in)
    if key:
        existing = selectors.complaint_by_idempotency_key(key)
        if existing is not None:
            return _created(request, existing)
    try:
        data = ComplaintIn.model_validate(raw)
    except ValidationError as exc:
        errors = [
            {"field": ".".join(map(str, e["loc"])), "code": "invalid", "message": e["msg"]}
            for e in exc.errors()
        ]
        return JsonResponse({"detail": "Invalid input.", "errors": errors}, status=422)
    if not data.anonymous and not data.name.strip():
        return _invalid("name", "name_required", "Give a name, or send anonymous=true.")
    if len(uploads_in) > files.MAX_FILES:
        return _invalid("attachments", "too_many_files", f"At most {files.MAX_FILES} files.")
    try:
        with translation.override("en"):
            uploads = [files.check_upload(item) for item in uploads_in]
    except DjangoValidationError as exc:
        return _invalid("attachments", "bad_file", " ".join(exc.messages))
    office = kept_office_by_slug(data.office) if data.office else only_office()
    if office is None:
        return _invalid("office", "unknown_office", "Office not found; give the office's slug.")
    by_key = getattr(request, "api_key_office", None) is not None
    if not by_key and SUBMISSIONS.reached(request, office):
        return _too_many()
    try:
        complaint = services.submit(
            office=office,
            channel="web",
            # Staff see that it came through the API, and from which system's key.
            channel_details={"submitted_via": _submitted_via(request)},
            title=data.title,
            description=data.description,
            incident_date=data.incident_date,
            incident_place=data.incident_place,
            complainant_name=data.name,
            complainant_phone=data.phone,
            complainant_email=data.email or "",
            complainant_nik=data.nik,
            anonymous=data.anonymous,
            confidential=data.confidential,
            attachments=uploads,
            idempotency_key=key,
            language=data.language or "",
        )
    except IntegrityError:  # the same key submitted at the same moment
        complaint = selectors.complaint_by_idempotency_key(key) if key else None
        if complaint is None:
            raise
    except ComplaintError as exc:
        return _refused(exc)
    else:
        if not by_key:
            SUBMISSIONS.count(request, office)
    return _created(request, complaint)


def _submitted_via(request) -> str:
    """ "API", or "API: <the key's name>" for a request with an office system's key."""
    name = getattr(request, "api_key_name", None)
    return f"API: {name}" if name else "API"


def _refused(error: ComplaintError) -> JsonResponse:
    """A refusal of the service as the API documents it: its code, its field, in English."""
    with translation.override("en"):
        message = str(error)
    return _invalid(error.field or "", error.code, message)


def _idempotency_key(request, raw, uploads) -> str | None:
    """The stored key: the client's Idempotency-Key bound to the request's content, so a
    retry finds its complaint but a key guessed or reused with other content never
    reveals someone else's tracking code."""
    key = (request.headers.get("Idempotency-Key") or "").strip()
    if not key:
        return None
    content = json.dumps(raw, sort_keys=True, default=str)
    files_ = ",".join(f"{f.name}:{f.size}" for f in uploads)
    return hashlib.sha256(f"{key}\n{content}\n{files_}".encode()).hexdigest()


def _invalid(field: str, code: str, message: str) -> JsonResponse:
    error: dict[str, Any] = {"field": field, "code": code, "message": message}
    return JsonResponse({"detail": message, "errors": [error]}, status=422)


@router.get(
    "/{tracking_code}/",
    response={200: ComplaintOut, 404: Error, 429: Error},
    summary="Public view of a complaint",
    description="Status, public timeline, deadline and answers; never the complainant's "
    "identity. The code may be given in lower case or without dashes.\n\n" + ERRORS_DOC,
)
@ratelimit(key="ip", rate=RATE, block=False)
def get_complaint(request, tracking_code: str):
    """Status, public timeline, deadline and answers. Never the complainant's identity."""
    limited = _limited(request)
    if limited:
        return limited
    complaint = selectors.complaint_by_code(tracking_code)
    if complaint is None:
        raise Http404
    code = complaint.tracking_code
    tz = complaint.office.tz
    public_files = set(complaint.public_attachments().values_list("pk", flat=True))
    answers = [
        {
            "at": r.created_at.astimezone(tz),
            "text": r.text,
            "attachments": [
                {
                    "name": a.name,
                    "url": request.build_absolute_uri(
                        reverse("complaints:public_attachment", args=[code, a.pk])
                    ),
                }
                for a in r.attachments.all()
                if a.pk in public_files
            ],
        }
        for r in complaint.answers.prefetch_related("attachments")
    ]
    return {
        "tracking_code": complaint.tracking_code,
        "office": {"slug": complaint.office.slug, "name": complaint.office.name},
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "title": None if complaint.confidential else complaint.title,
        "received_at": complaint.received_at.astimezone(tz),
        "classification": None if complaint.confidential else complaint.class_name or None,
        "due_at": complaint.due_at.astimezone(tz) if complaint.due_at else None,
        "paused": complaint.is_paused,
        "url": request.build_absolute_uri(complaint.get_absolute_url()),
        "timeline": [
            {
                "at": e.at.astimezone(tz),
                "action": e.action,
                "label": e.get_action_display(),
                "note": e.note,
            }
            for e in complaint.public_events()
        ],
        "answers": answers,
    }
