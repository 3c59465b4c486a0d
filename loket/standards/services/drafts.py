"""Services and their draft standards: create a service, create and change a draft, start a
new version or a correcting version. Published versions never change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from loket.events import Visibility, record_event
from loket.locking import locked

from ..components import COMPONENTS
from ..errors import StandardError
from ..models import Service, Standard, StandardEvent
from ..selectors import draft_of
from ..values import parse_duration, parse_fee_amount

# Fields an editor may set on a draft: every field of the fourteen components. The parsed
# amounts and units of the times follow from their texts.
EDITABLE_FIELDS: tuple[str, ...] = tuple(name for c in COMPONENTS for name in c.fields)
TIME_PREFIXES = ("completion_time", "administration_time", "consultation_time")
CLASS_UNITS = ("hours", "working_days")


def log(
    *,
    office: Any,
    action: str,
    actor: Any,
    now: datetime | None = None,
    service: Service | None = None,
    standard: Standard | None = None,
    pledge: Any = None,
    fields: list[str] | None = None,
    note: str = "",
    visibility: str = Visibility.STAFF,
    from_status: str = "",
    to_status: str = "",
) -> StandardEvent:
    """Write the change log row (inside the caller's transaction)."""
    return record_event(
        StandardEvent,
        action=action,
        actor=actor,
        now=now,
        note=note,
        visibility=visibility,
        from_status=from_status,
        to_status=to_status,
        data={"fields": fields or []},
        office=office,
        service=service,
        standard=standard,
        pledge=pledge,
    )


def _clean_classes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for row in rows:
        unit = row.get("unit")
        amount = row.get("amount")
        if unit not in CLASS_UNITS:
            raise StandardError(
                _("Satuan jangka waktu pengaduan harus jam atau hari kerja."),
                code="class_unit",
                field="complaint_classes",
            )
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise StandardError(
                _("Jangka waktu pengaduan harus bilangan bulat positif."),
                code="class_amount",
                field="complaint_classes",
            )
        if not row.get("code") or not row.get("name"):
            raise StandardError(
                _("Setiap klasifikasi pengaduan perlu kode dan nama."),
                code="class_code_name",
                field="complaint_classes",
            )
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
        raise StandardError(
            _("Kode klasifikasi pengaduan tidak boleh ganda."),
            code="class_code_duplicate",
            field="complaint_classes",
        )
    return cleaned


def apply_changes(standard: Standard, changes: dict[str, Any]) -> list[str]:
    """Set `changes` on `standard` (derived values included); return the fields changed."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise StandardError(
            _("Bagian standar yang tidak dikenal: %(fields)s."),
            code="unknown_fields",
            params={"fields": ", ".join(sorted(unknown))},
        )
    if "complaint_classes" in changes:
        changes = {**changes, "complaint_classes": _clean_classes(changes["complaint_classes"])}
    if "fee_text" in changes and "fee_amount" not in changes:
        tiers = changes.get("fee_tiers", standard.fee_tiers)
        amount = None if tiers else parse_fee_amount(changes["fee_text"])
        changes = {**changes, "fee_amount": amount}
    changed = []
    for name, value in changes.items():
        if getattr(standard, name) != value:
            setattr(standard, name, value)
            changed.append(name)
    for prefix in TIME_PREFIXES:
        if f"{prefix}_text" in changes:
            parsed = parse_duration(changes[f"{prefix}_text"])
            setattr(standard, f"{prefix}_amount", parsed[0] if parsed else None)
            setattr(standard, f"{prefix}_unit", parsed[1] if parsed else "")
    return changed


def next_version_number(service: Service) -> int:
    return (service.standards.aggregate(top=Max("version"))["top"] or 0) + 1


@transaction.atomic
def create_service(
    office: Any, *, name: str, actor: Any, slug: str = "", now: datetime | None = None
) -> Service:
    now = now or timezone.now()
    slug = slug or slugify(name)[:80]
    if not slug:
        raise StandardError(
            _("Nama layanan tidak boleh kosong."), code="service_name_empty", field="name"
        )
    if Service.objects.filter(office=office, slug=slug).exists():
        raise StandardError(
            _("Layanan dengan kode ini sudah ada."), code="service_exists", field="name"
        )
    position = (office.services.aggregate(top=Max("position"))["top"] or 0) + 1
    service = Service.objects.create(office=office, slug=slug, name=name, position=position)
    log(
        office=office,
        service=service,
        action=StandardEvent.Action.SERVICE_CREATED,
        actor=actor,
        now=now,
    )
    return service


@transaction.atomic
def create_draft(
    service: Service, *, actor: Any, now: datetime | None = None, **fields: Any
) -> Standard:
    """A new, empty or pre-filled draft version of `service`'s standard."""
    now = now or timezone.now()
    locked(service)
    if draft_of(service):
        raise StandardError(_("Layanan ini sudah memiliki draf."), code="draft_exists")
    standard = Standard(service=service, version=next_version_number(service))
    changed = apply_changes(standard, fields)
    standard.save()
    log(
        office=service.office,
        service=service,
        standard=standard,
        action=StandardEvent.Action.DRAFT_CREATED,
        actor=actor,
        now=now,
        fields=changed,
        to_status=Standard.Status.DRAFT,
    )
    return standard


@transaction.atomic
def update_draft(
    standard: Standard, *, actor: Any, now: datetime | None = None, **fields: Any
) -> list[str]:
    """Change a draft; published versions are frozen. Returns the fields that changed."""
    now = now or timezone.now()
    standard = locked(standard, related=("service__office",))
    if not standard.is_draft:
        raise StandardError(_("Versi yang sudah terbit tidak dapat diubah."), code="not_a_draft")
    changed = apply_changes(standard, fields)
    if changed:
        standard.save()
        log(
            office=standard.service.office,
            service=standard.service,
            standard=standard,
            action=StandardEvent.Action.DRAFT_UPDATED,
            actor=actor,
            now=now,
            fields=changed,
        )
    return changed


def _newest_valid(service: Service) -> Standard | None:
    return service.standards.filter(status=Standard.Status.PUBLISHED).order_by("-version").first()


@transaction.atomic
def start_new_version(service: Service, *, actor: Any, now: datetime | None = None) -> Standard:
    """A draft copied from the newest published version, for the admin to revise."""
    current = _newest_valid(service)
    copied = {name: getattr(current, name) for name in EDITABLE_FIELDS} if current else {}
    return create_draft(service, actor=actor, now=now, **copied)


@transaction.atomic
def start_correction(
    wrong: Standard, *, actor: Any, reason: str, now: datetime | None = None
) -> Standard:
    """A draft that, once published, withdraws the published version `wrong` (published by
    mistake: a wrong date, a wrong class). It starts as a copy of `wrong`, keeps its effective
    date and carries the reason; the withdrawn version stays readable with that reason."""
    now = now or timezone.now()
    wrong = locked(wrong, related=("service__office",))
    if wrong.status != Standard.Status.PUBLISHED:
        raise StandardError(
            _("Hanya versi yang terbit dan belum ditarik yang dapat dikoreksi."),
            code="correct_not_published",
        )
    if not reason.strip():
        raise StandardError(
            _("Tulis alasan koreksi."), code="correction_reason_empty", field="reason"
        )
    copied = {name: getattr(wrong, name) for name in EDITABLE_FIELDS}
    draft = create_draft(wrong.service, actor=actor, now=now, **copied)
    draft.corrects = wrong
    draft.correction_reason = reason.strip()
    draft.decree_number = wrong.decree_number
    draft.effective_date = wrong.effective_date
    draft.save(update_fields=["corrects", "correction_reason", "decree_number", "effective_date"])
    log(
        office=wrong.service.office,
        service=wrong.service,
        standard=draft,
        action=StandardEvent.Action.CORRECTION_STARTED,
        actor=actor,
        now=now,
        note=draft.correction_reason,
    )
    return draft
