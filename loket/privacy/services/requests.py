"""Data subjects' requests (UU 27/2022 PDP Pasal 5-11): recorded with the requester's
identifiers and how their identity was verified, answered within 3x24 clock hours; the
records of the person are found through the visits and complaints apps' selectors, and the
access export lists the data, its purpose, its recipients, its retention and who viewed it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.complaints import services as complaints
from loket.events import record_event
from loket.validators import normalize_phone
from loket.visits import services as visits

from ..models import ANSWER_WITHIN, DataSubjectRequest, PrivacyEvent, RecordType
from .errors import PrivacyError
from .processing import LEGAL_BASIS, PURPOSES, RECIPIENTS
from .retention import retention_for

if TYPE_CHECKING:
    from loket.offices.models import Office


@transaction.atomic
def record_request(
    office: Office,
    *,
    kind: str,
    verification: str,
    actor: Any,
    name: str = "",
    phone: str = "",
    email: str = "",
    nik: str = "",
    details: str = "",
    received_at: datetime | None = None,
    now: datetime | None = None,
) -> DataSubjectRequest:
    """Record a request; its clock runs 72 clock hours from receipt (UU 27/2022)."""
    now = now or timezone.now()
    received_at = received_at or now
    if kind not in DataSubjectRequest.Kind.values:
        raise PrivacyError(_("Jenis permintaan tidak dikenal."), code="unknown_kind")
    if not (phone or email or nik):
        raise PrivacyError(
            _("Isi sedikitnya satu pengenal: telepon, e-mail atau NIK."), code="no_identifier"
        )
    if not verification.strip():
        raise PrivacyError(
            _("Catat bagaimana identitas pemohon diverifikasi."), code="verification_required"
        )
    if received_at > now:
        raise PrivacyError(_("Waktu diterima tidak boleh di masa depan."), code="future")
    request = DataSubjectRequest.objects.create(
        office=office,
        kind=kind,
        name=name.strip(),
        phone=normalize_phone(phone),
        email=email.strip(),
        nik=nik.strip(),
        verification=verification.strip(),
        details=details,
        received_at=received_at,
        due_at=received_at + ANSWER_WITHIN,
        recorded_by=actor,
    )
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.REQUEST_RECORDED,
        actor=actor,
        now=now,
        office=office,
        request=request,
        data={"kind": kind},
    )
    return request


@transaction.atomic
def mark_answered(
    request: DataSubjectRequest, *, actor: Any, note: str = "", now: datetime | None = None
) -> DataSubjectRequest:
    """The office answered the request (the clock stops)."""
    now = now or timezone.now()
    if not request.is_open:
        raise PrivacyError(_("Permintaan ini sudah dijawab."), code="already_answered")
    request.status = DataSubjectRequest.Status.ANSWERED
    request.answered_at = now
    request.save(update_fields=["status", "answered_at"])
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.REQUEST_ANSWERED,
        actor=actor,
        now=now,
        office=request.office,
        request=request,
        note=note,
        data={"late": now > request.due_at},
    )
    return request


@transaction.atomic
def erase_for_request(
    request: DataSubjectRequest, *, actor: Any, now: datetime | None = None
) -> dict[str, int]:
    """Fulfil a deletion request (UU 27/2022 Pasal 8): irreversibly erase the personal parts
    of every finished visit and closed complaint of the requester in the office, through the
    visits and complaints services (the purge's own erasure: statistics and the public
    timeline stay). Open visits and complaints are kept, counted in `kept_open_*`: the office
    still needs them for the public task (Pasal 20 huruf e) and erases them once closed.
    Returns counts, never data; writes one event. Raises `PrivacyError` (not_deletion,
    already_answered)."""
    now = now or timezone.now()
    if request.kind != DataSubjectRequest.Kind.DELETION:
        raise PrivacyError(
            _("Hanya permintaan penghapusan yang menghapus data."), code="not_deletion"
        )
    if not request.is_open:
        raise PrivacyError(_("Permintaan ini sudah dijawab."), code="already_answered")
    found = records_for(request)
    closed_visits = [v.id for v in found.visits if not v.is_open]
    closed_complaints = [c.id for c in found.complaints if not c.is_open]
    counts = {
        **visits.retention.erase_personal_data(closed_visits, now=now),
        **complaints.retention.erase_personal_data(closed_complaints, now=now),
        "kept_open_visits": len(found.visits) - len(closed_visits),
        "kept_open_complaints": len(found.complaints) - len(closed_complaints),
    }
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.REQUEST_ERASED,
        actor=actor,
        now=now,
        office=request.office,
        request=request,
        data=counts,
    )
    return counts


@dataclass
class PersonRecords:
    visits: list[Any] = field(default_factory=list)
    complaints: list[Any] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.visits) + len(self.complaints)


def records_for(request: DataSubjectRequest) -> PersonRecords:
    """Every visit and complaint of the requester in the request's office (survey answers
    are anonymous and never linked to a person)."""
    who = {
        "phone": request.phone,
        "email": request.email,
        "nik": request.nik,
        "name": request.name,
    }
    return PersonRecords(
        visits=list(visits.retention.records_of_person(request.office, **who)),
        complaints=list(complaints.retention.records_of_person(request.office, **who)),
    )


@transaction.atomic
def access_export(
    request: DataSubjectRequest, *, actor: Any, now: datetime | None = None
) -> dict[str, Any]:
    """Everything the office holds about the requester, with the purpose, the recipients,
    the retention and the processing trail (who viewed the complaint data, when, why).
    Writes an event: the export itself is a processing of the data."""
    now = now or timezone.now()
    found = records_for(request)
    retention = {r.record_type: r for r in retention_for(request.office)}
    complaint_ids = [c.id for c in found.complaints]
    export = {
        "office": request.office.name,
        "generated_at": now.isoformat(),
        "request": {
            "kind": request.kind,
            "received_at": request.received_at.isoformat(),
            "due_at": request.due_at.isoformat(),
            "identifiers": {
                "name": request.name,
                "phone": request.phone,
                "email": request.email,
                "nik": request.nik,
            },
        },
        "legal_basis": str(LEGAL_BASIS),
        "visits": {
            "purpose": str(PURPOSES[RecordType.VISITS]),
            "recipients": str(RECIPIENTS[RecordType.VISITS]),
            "retention_days": retention[RecordType.VISITS].days,
            "records": [visits.retention.personal_data_of(v) for v in found.visits],
        },
        "complaints": {
            "purpose": str(PURPOSES[RecordType.COMPLAINTS]),
            "recipients": str(RECIPIENTS[RecordType.COMPLAINTS]),
            "retention_days": retention[RecordType.COMPLAINTS].days,
            "retention_counted_from": "closure",
            "records": [complaints.retention.personal_data_of(c) for c in found.complaints],
            "access_trail": complaints.retention.access_trail(complaint_ids),
        },
    }
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.REQUEST_EXPORTED,
        actor=actor,
        now=now,
        office=request.office,
        request=request,
        data={"visits": len(found.visits), "complaints": len(found.complaints)},
    )
    return export
