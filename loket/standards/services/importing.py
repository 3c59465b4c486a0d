"""Importing SIPPN texts: each service of the text becomes (or updates) that service's draft,
all or nothing. Offices may be created from the text's header (onboarding).

Importing the same text again changes nothing: the version that came from it is reported as
"unchanged", even when an admin has published a revised version since (reloading the demo or
re-running an import script must not undo an admin's later edits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.locking import locked
from loket.offices import services as offices

from ..errors import ImportFailed
from ..models import Service, Standard, StandardEvent
from ..selectors import draft_of
from ..sippn import Note, ParsedDocument, ParsedStandard, parse
from ..values import normalize
from .drafts import apply_changes, create_service, log, next_version_number

DEFAULT_TIMEZONE = "Asia/Jakarta"


@dataclass
class ImportOutcome:
    parsed: ParsedStandard
    service: Service | None  # None in a preview of a service that does not exist yet
    standard: Standard | None
    status: str  # "created", "updated" or "unchanged"


_CONTACTS = ("address", "postal_code", "phone", "email", "parent_name")


def _comparable(name: str, value: str) -> str:
    if name == "phone":  # one stored form however it is written (loket/validators.py)
        return validators.e164_or_none(value) or re.sub(r"\D", "", value)
    return normalize(value).rstrip(".,")


def _check_against_office(parsed: ParsedStandard, office: Any) -> None:
    """Flag a name or contacts that differ from the office's record. The office's contacts are
    kept as they are (the offices app owns them); a person decides which one is right."""
    if normalize(parsed.header.office_name) != normalize(office.name):
        parsed.warnings.append(
            Note(
                "office_name_differs", {"in_text": parsed.header.office_name, "office": office.name}
            )
        )
    for name in _CONTACTS:
        in_text, on_record = getattr(parsed.header, name), getattr(office, name)
        if in_text and on_record and _comparable(name, in_text) != _comparable(name, on_record):
            parsed.warnings.append(
                Note(
                    "contact_differs",
                    {"label": name, "in_text": in_text, "on_record": on_record},
                )
            )


def find_office(document: ParsedDocument, slug: str | None) -> Any:
    if slug:
        office = offices.office_by_slug(slug)
        if office is None:
            raise ImportFailed(
                _("Tidak ada instansi dengan kode '%(slug)s'."),
                code="import_unknown_office",
                params={"slug": slug},
            )
        return office
    name = normalize(document.header.office_name)
    matches = [o for o in offices.public_offices() if normalize(o.name) == name]
    if len(matches) != 1:
        raise ImportFailed(
            _(
                "Tidak jelas instansi mana '%(name)s' (%(count)s instansi cocok); sebutkan "
                "kodenya dengan --office."
            ),
            code="import_ambiguous_office",
            params={"name": document.header.office_name, "count": len(matches)},
        )
    return matches[0]


# The warnings about the office's own details in the text's header (the reader's and those
# `office_from_header` adds): what to check on a created office's profile.
HEADER_NOTE_CODES = frozenset(
    {
        "header_email_not_go_id",
        "header_email_g_id",
        "postal_codes_differ",
        "postal_code_unusual",
        "phone_unusual",
        "timezone_assumed",
    }
)


def office_from_header(
    document: ParsedDocument, *, slug: str | None, timezone_name: str | None
) -> tuple[Any, list[Note]]:
    """Create the office the header describes (name, parent, address, postal code, phone,
    e-mail). Values that look wrong are kept and flagged; an e-mail that is not an address
    at all is left out and flagged."""
    head = document.header
    slug = slug or slugify(head.office_name)[:80]
    if offices.slug_is_reserved(slug):
        raise ImportFailed(
            _("Kode '%(slug)s' dipakai halaman staf; pilih kode lain."),
            code="import_office_code_reserved",
            params={"slug": slug},
        )
    if offices.office_by_slug(slug) is not None:
        raise ImportFailed(
            _("Instansi dengan kode '%(slug)s' sudah ada; impor tanpa --create-office."),
            code="import_office_exists",
            params={"slug": slug},
        )
    flags: list[Note] = []
    email = head.email
    try:
        if email:
            validate_email(email)
    except ValidationError:
        flags.append(Note("header_email_not_go_id", {"address": email}))
        email = ""
    if head.postal_code and not re.fullmatch(r"\d{5}", head.postal_code):
        flags.append(Note("postal_code_unusual", {"value": head.postal_code}))
    if head.phone and validators.e164_or_none(head.phone) is None:
        flags.append(Note("phone_unusual", {"value": head.phone}))
    if not timezone_name:
        flags.append(Note("timezone_assumed", {"timezone": DEFAULT_TIMEZONE}))
    office = offices.create_office(
        slug=slug,
        name=head.office_name,
        parent_name=head.parent_name,
        address=head.address,
        postal_code=head.postal_code[:10],
        phone=head.phone[:40],
        email=email,
        timezone=timezone_name or DEFAULT_TIMEZONE,
    )
    return office, flags


def _same_text(service: Service | None, parsed: ParsedStandard) -> Standard | None:
    if service is None:
        return None
    return service.standards.filter(source_sha256=parsed.sha256).order_by("-version").first()


def preview(data: bytes | str, *, office: Any) -> list[ImportOutcome]:
    """What importing `data` into `office` would do, writing nothing (the upload page shows
    it before the admin confirms)."""
    document = parse(data)
    outcomes = []
    for parsed in document.standards:
        _check_against_office(parsed, office)
        service = Service.objects.filter(
            office=office, slug=slugify(parsed.service_name)[:80]
        ).first()
        same = _same_text(service, parsed)
        if same is not None:
            outcomes.append(ImportOutcome(parsed, service, same, "unchanged"))
            continue
        draft = draft_of(service) if service else None
        outcomes.append(ImportOutcome(parsed, service, draft, "updated" if draft else "created"))
    return outcomes


@transaction.atomic
def import_standards(
    data: bytes | str,
    *,
    office: Any = None,
    office_slug: str | None = None,
    actor: Any = None,
    create_office: bool = False,
    timezone_name: str | None = None,
    now: datetime | None = None,
) -> list[ImportOutcome]:
    """Parse `data` and write each of its services as that service's draft, all or nothing."""
    now = now or timezone.now()
    document = parse(data)
    flags: list[Note] = []
    if office is None and create_office:
        office, flags = office_from_header(document, slug=office_slug, timezone_name=timezone_name)
    elif office is None:
        office = find_office(document, office_slug)
    outcomes = []
    for parsed in document.standards:
        parsed.warnings.extend(flags)
        _check_against_office(parsed, office)
        outcomes.append(_import_one(parsed, office=office, actor=actor, now=now))
    return outcomes


def _import_one(parsed: ParsedStandard, *, office: Any, actor: Any, now: datetime) -> ImportOutcome:
    slug = slugify(parsed.service_name)[:80]
    service = Service.objects.filter(office=office, slug=slug).first()
    if service is None:
        service = create_service(office, name=parsed.service_name, actor=actor, slug=slug, now=now)
    same = _same_text(service, parsed)
    if same is not None:
        return ImportOutcome(parsed, service, same, "unchanged")
    locked(service)
    draft = draft_of(service)
    standard = draft or Standard(service=service, version=next_version_number(service))
    changed = apply_changes(standard, dict(parsed.fields))
    standard.decree_number = parsed.decree_number
    standard.source_sha256 = parsed.sha256
    standard.source_header = parsed.header.as_dict()
    standard.import_unplaced = parsed.unplaced
    standard.import_warnings = [note.as_dict() for note in parsed.warnings]
    standard.import_report = parsed.report()
    standard.save()
    log(
        office=office,
        service=service,
        standard=standard,
        action=StandardEvent.Action.IMPORTED,
        actor=actor,
        now=now,
        fields=changed,
        note=f"{parsed.placed_percent}%",
    )
    return ImportOutcome(parsed, service, standard, "updated" if draft else "created")
