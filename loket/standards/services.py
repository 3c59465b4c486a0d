"""Reads and state changes for services, standards and the maklumat pelayanan.

Other apps call only the read functions at the top (`public_services`, `published_standard`,
`requirements`, `administration_time`, `complaint_classes`). Every change goes through a
verb below: it runs in a transaction, checks its preconditions (raising `StandardError`) and
writes a `StandardEvent` with the actor passed explicitly.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from loket.offices.models import Office

from .models import Pledge, Service, Standard, StandardEvent
from .parsing import parse_duration, parse_fee_amount


class StandardError(Exception):
    """A change that the rules of standards do not allow."""


@dataclass(frozen=True)
class DeadlineClass:
    """A complaint class and its deadline, as a published standard states it."""

    code: str
    name: str
    amount: int
    unit: Literal["hours", "working_days"]
    position: int


# --- Reads (the contract other apps use) -------------------------------------------------


def _published(queryset: QuerySet[Standard]) -> QuerySet[Standard]:
    return queryset.filter(status=Standard.Status.PUBLISHED).order_by("-version")


def public_services(office: Office) -> QuerySet[Service]:
    """Services of `office` that have at least one published standard, in display order."""
    has_published = Standard.objects.filter(
        service=OuterRef("pk"), status=Standard.Status.PUBLISHED
    )
    return (
        Service.objects.filter(office=office)
        .filter(Exists(has_published))
        .select_related("office")
        .order_by("position", "name")
    )


def published_standard(service: Service) -> Standard | None:
    """The newest published version: what the public sees."""
    return _published(service.standards.all()).first()


def published_versions(service: Service) -> QuerySet[Standard]:
    return _published(service.standards.all())


def draft_of(service: Service) -> Standard | None:
    return service.standards.filter(status=Standard.Status.DRAFT).first()


def requirements(service: Service) -> list[str]:
    """Persyaratan of the newest published standard (empty when none is published)."""
    standard = published_standard(service)
    return list(standard.requirements) if standard else []


def administration_time(service: Service) -> timedelta | None:
    """Waktu administrasi of the newest published standard ("Administrasi : 15 Menit")."""
    standard = published_standard(service)
    return standard.administration_time if standard else None


def _classes_of(standard: Standard) -> list[DeadlineClass]:
    return [
        DeadlineClass(
            code=row["code"],
            name=row["name"],
            amount=int(row["amount"]),
            unit=row["unit"],
            position=position,
        )
        for position, row in enumerate(standard.complaint_classes)
    ]


def complaint_classes(office: Office, service: Service | None = None) -> list[DeadlineClass]:
    """The complaint deadline classes that apply: those of `service`'s newest published
    standard, else those of the office's most recently published standard of any service.
    Durations are data published by the office (seed: ringan 3 jam, normatif 5 hari kerja).
    """
    if service is not None:
        standard = published_standard(service)
        if standard and standard.complaint_classes:
            return _classes_of(standard)
    newest = (
        Standard.objects.filter(service__office=office, status=Standard.Status.PUBLISHED)
        .exclude(complaint_classes=[])
        .order_by("-published_at", "-id")
        .first()
    )
    return _classes_of(newest) if newest else []


def published_pledge(office: Office) -> Pledge | None:
    return office.pledges.filter(status=Pledge.Status.PUBLISHED).order_by("-version").first()


# --- Changes -----------------------------------------------------------------------------

# Fields an editor may set on a draft. The parsed amounts and units follow from the texts.
EDITABLE_FIELDS = (
    "requirements",
    "procedure",
    "completion_time_text",
    "administration_time_text",
    "consultation_time_text",
    "fee_text",
    "fee_amount",
    "fee_legal_basis",
    "products",
    "complaint_intro",
    "complaint_channels",
    "complaint_flow",
    "complaint_classes",
    "legal_basis",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
)
TIME_PREFIXES = ("completion_time", "administration_time", "consultation_time")
CLASS_UNITS = ("hours", "working_days")


def _log(
    *,
    office: Office,
    action: str,
    actor,
    service: Service | None = None,
    standard: Standard | None = None,
    pledge: Pledge | None = None,
    fields: list[str] | None = None,
    note: str = "",
) -> StandardEvent:
    return StandardEvent.objects.create(
        office=office,
        service=service,
        standard=standard,
        pledge=pledge,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        fields=fields or [],
        note=note,
    )


def _clean_classes(rows: list[dict]) -> list[dict]:
    cleaned = []
    for row in rows:
        unit = row.get("unit")
        amount = row.get("amount")
        if unit not in CLASS_UNITS:
            raise StandardError(_("Satuan jangka waktu pengaduan harus jam atau hari kerja."))
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise StandardError(_("Jangka waktu pengaduan harus bilangan bulat positif."))
        if not row.get("code") or not row.get("name"):
            raise StandardError(_("Setiap klasifikasi pengaduan perlu kode dan nama."))
        cleaned.append(
            {
                "code": str(row["code"]),
                "name": str(row["name"]),
                "text": str(row.get("text") or ""),
                "amount": amount,
                "unit": unit,
            }
        )
    codes = [row["code"] for row in cleaned]
    if len(set(codes)) != len(codes):
        raise StandardError(_("Kode klasifikasi pengaduan tidak boleh ganda."))
    return cleaned


def _apply(standard: Standard, changes: dict) -> list[str]:
    """Set `changes` on `standard` (derived values included); return the fields changed."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise StandardError(f"Unknown standard fields: {sorted(unknown)}")
    if "complaint_classes" in changes:
        changes = {**changes, "complaint_classes": _clean_classes(changes["complaint_classes"])}
    if "fee_text" in changes and "fee_amount" not in changes:
        changes = {**changes, "fee_amount": parse_fee_amount(changes["fee_text"])}
    changed = []
    for field, value in changes.items():
        if getattr(standard, field) != value:
            setattr(standard, field, value)
            changed.append(field)
    for prefix in TIME_PREFIXES:
        if f"{prefix}_text" in changes:
            parsed = parse_duration(changes[f"{prefix}_text"])
            setattr(standard, f"{prefix}_amount", parsed[0] if parsed else None)
            setattr(standard, f"{prefix}_unit", parsed[1] if parsed else "")
    return changed


@transaction.atomic
def create_service(office: Office, *, name: str, actor, slug: str = "") -> Service:
    slug = slug or slugify(name)[:80]
    if not slug:
        raise StandardError(_("Nama layanan tidak boleh kosong."))
    if Service.objects.filter(office=office, slug=slug).exists():
        raise StandardError(_("Layanan dengan kode ini sudah ada."))
    position = (office.services.aggregate(top=Max("position"))["top"] or 0) + 1
    service = Service.objects.create(office=office, slug=slug, name=name, position=position)
    _log(office=office, service=service, action=StandardEvent.Action.SERVICE_CREATED, actor=actor)
    return service


def _next_version(service: Service) -> int:
    return (service.standards.aggregate(top=Max("version"))["top"] or 0) + 1


@transaction.atomic
def create_draft(service: Service, *, actor, **fields) -> Standard:
    """A new, empty or pre-filled draft version of `service`'s standard."""
    Service.objects.select_for_update().get(pk=service.pk)
    if draft_of(service):
        raise StandardError(_("Layanan ini sudah memiliki draf."))
    standard = Standard(service=service, version=_next_version(service))
    changed = _apply(standard, fields)
    standard.save()
    _log(
        office=service.office,
        service=service,
        standard=standard,
        action=StandardEvent.Action.DRAFT_CREATED,
        actor=actor,
        fields=changed,
    )
    return standard


@transaction.atomic
def update_draft(standard: Standard, *, actor, **fields) -> list[str]:
    """Change a draft; published versions are frozen. Returns the fields that changed."""
    standard = (
        Standard.objects.select_for_update().select_related("service__office").get(pk=standard.pk)
    )
    if not standard.is_draft:
        raise StandardError(_("Versi yang sudah terbit tidak dapat diubah."))
    changed = _apply(standard, fields)
    if changed:
        standard.save()
        _log(
            office=standard.service.office,
            service=standard.service,
            standard=standard,
            action=StandardEvent.Action.DRAFT_UPDATED,
            actor=actor,
            fields=changed,
        )
    return changed


@transaction.atomic
def start_new_version(service: Service, *, actor) -> Standard:
    """A draft copied from the newest published version, for the admin to revise."""
    current = published_standard(service)
    copied = {field: getattr(current, field) for field in EDITABLE_FIELDS} if current else {}
    return create_draft(service, actor=actor, **copied)


@transaction.atomic
def record_import(
    service: Service,
    *,
    actor,
    fields: dict,
    decree_number: str,
    sha256: str,
    header: dict,
    unplaced: list[str],
    warnings: list[str],
) -> Standard:
    """Write an imported text as `service`'s draft (creating the draft if needed), with what
    the importer could not place and the values it wants a person to confirm."""
    Service.objects.select_for_update().get(pk=service.pk)
    standard = draft_of(service) or Standard(service=service, version=_next_version(service))
    changed = _apply(standard, dict(fields))
    standard.decree_number = decree_number
    standard.source_sha256 = sha256
    standard.source_header = header
    standard.import_unplaced = unplaced
    standard.import_warnings = warnings
    standard.save()
    _log(
        office=service.office,
        service=service,
        standard=standard,
        action=StandardEvent.Action.IMPORTED,
        actor=actor,
        fields=changed,
        note="\n".join([*warnings, *unplaced]),
    )
    return standard


@transaction.atomic
def publish(
    standard: Standard,
    *,
    actor,
    decree_number: str,
    effective_date: date | None,
    warnings_confirmed: bool = False,
) -> Standard:
    """Freeze a draft as the published version. The decree number may still be blank (the
    seed was published without one; the public page then says "belum ditetapkan")."""
    standard = (
        Standard.objects.select_for_update().select_related("service__office").get(pk=standard.pk)
    )
    if not standard.is_draft:
        raise StandardError(_("Versi ini sudah terbit."))
    if not standard.service.name.strip():
        raise StandardError(_("Nama layanan tidak boleh kosong."))
    if standard.import_warnings and not warnings_confirmed:
        raise StandardError(_("Periksa dan konfirmasi catatan impor sebelum menerbitkan."))
    standard.status = Standard.Status.PUBLISHED
    standard.decree_number = decree_number.strip()
    standard.effective_date = effective_date
    standard.published_at = timezone.now()
    standard.published_by = actor if actor is not None and actor.is_authenticated else None
    standard.save()
    _log(
        office=standard.service.office,
        service=standard.service,
        standard=standard,
        action=StandardEvent.Action.PUBLISHED,
        actor=actor,
        note=standard.decree_number,
    )
    return standard


@transaction.atomic
def save_pledge_draft(office: Office, *, actor, text: str, signatory: str = "") -> Pledge:
    """Create or change the office's draft maklumat pelayanan."""
    if not text.strip():
        raise StandardError(_("Isi maklumat tidak boleh kosong."))
    Office.objects.select_for_update().get(pk=office.pk)
    pledge = office.pledges.filter(status=Pledge.Status.DRAFT).first()
    if pledge is None:
        top = office.pledges.aggregate(top=Max("version"))["top"] or 0
        pledge = Pledge(office=office, version=top + 1)
    pledge.text = text.strip()
    pledge.signatory = signatory.strip()
    pledge.save()
    _log(office=office, pledge=pledge, action=StandardEvent.Action.PLEDGE_SAVED, actor=actor)
    return pledge


@transaction.atomic
def publish_pledge(pledge: Pledge, *, actor) -> Pledge:
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != Pledge.Status.DRAFT:
        raise StandardError(_("Maklumat ini sudah terbit."))
    pledge.status = Pledge.Status.PUBLISHED
    pledge.published_at = timezone.now()
    pledge.published_by = actor if actor is not None and actor.is_authenticated else None
    pledge.save()
    _log(
        office=pledge.office,
        pledge=pledge,
        action=StandardEvent.Action.PLEDGE_PUBLISHED,
        actor=actor,
    )
    return pledge
