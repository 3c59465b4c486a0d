"""Data subjects' requests (UU 27/2022 PDP Pasal 5-11): recorded with the requester's
identifiers and how their identity was verified, answered within 3x24 clock hours; the
records of the person are found through the visits and complaints apps' selectors, and the
access export lists the data, its purpose, its recipients, its retention and who viewed it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.complaints import services as complaints
from loket.events import record_event
from loket.notify import services as notify
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
    language: str = "",
    received_at: datetime | None = None,
    now: datetime | None = None,
) -> DataSubjectRequest:
    """Record a request; its clock runs 72 clock hours from receipt (UU 27/2022). `language`
    (a code of settings.LANGUAGES, default the site's) is the one the requester is answered
    in."""
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
        phone=validators.e164_or_none(phone) or normalize_phone(phone),
        email=email.strip(),
        nik=nik.strip(),
        verification=verification.strip(),
        details=details,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
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


@transaction.atomic
def withdraw_consent(
    request: DataSubjectRequest, *, actor: Any, now: datetime | None = None
) -> dict[str, int]:
    """Fulfil a withdrawal of consent on its own (UU 27/2022 Pasal 9; not a deletion): the
    optional data the person consented to is no longer processed. On every record of the
    person in the office (`records_for`), through the owning app's services, the withdrawal
    is written in the record's consents and the optional data erased: the visitor's e-mail
    (`visits.retention.withdraw_consent`) and the complainant's NIK
    (`complaints.retention.withdraw_consent`); the rest of each record stays (the public
    task needs it). Writes a `CONSENT_WITHDRAWN` event with the counts (no value), answers
    the request and tells the requester in its language (`REQUEST_NOTIFIED`). Returns the
    counts of records changed. Raises `PrivacyError` (not_withdrawal, already_answered)."""
    now = now or timezone.now()
    if request.kind != DataSubjectRequest.Kind.WITHDRAWAL:
        raise PrivacyError(
            _("Hanya permintaan penarikan persetujuan yang menarik persetujuan."),
            code="not_withdrawal",
        )
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise PrivacyError(_("Permintaan ini sudah dijawab."), code="already_answered")
    found = records_for(request)
    label = request_label(request)
    counts = {
        "visits": visits.retention.withdraw_consent(
            [v.id for v in found.visits], request_ref=label, actor=actor, now=now
        ),
        "complaints": complaints.retention.withdraw_consent(
            [c.id for c in found.complaints], request_ref=label, actor=actor, now=now
        ),
    }
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.CONSENT_WITHDRAWN,
        actor=actor,
        now=now,
        office=request.office,
        request=request,
        data=dict(counts),
    )
    mark_answered(request, actor=actor, now=now)
    _tell(
        request,
        "privacy/email/consent_withdrawn",
        topic="privacy.consent_withdrawn",
        actor=actor,
        counts=counts,
        now=now,
        about="consent_withdrawn",
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


# The requests the office decides on (granted or refused, with a reason) rather than fulfils
# by an export or an erasure.
DECIDED_KINDS = (
    DataSubjectRequest.Kind.CORRECTION,
    DataSubjectRequest.Kind.RESTRICTION,
    DataSubjectRequest.Kind.OBJECTION,
)


def request_label(request: DataSubjectRequest) -> str:
    """How the other apps' events name the request (their note), in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Permintaan subjek data #%(number)s") % {"number": request.pk}


def _corrections(name: str, phone: str, email: str) -> dict[str, str]:
    """The new contact values given, checked and in their stored forms (phone E.164)."""
    changes: dict[str, str] = {}
    if name.strip():
        changes["name"] = name.strip()
    if phone.strip():
        try:
            changes["phone"] = validators.e164(phone)
        except ValidationError as exc:
            raise PrivacyError(exc.messages[0], code="phone_invalid", field="phone") from exc
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError as exc:
            raise PrivacyError(
                _("Tulis alamat e-mail yang benar."), code="email_invalid", field="email"
            ) from exc
        changes["email"] = email.strip()
    if not changes:
        raise PrivacyError(
            _("Tulis data yang benar: nama, telepon atau e-mail."),
            code="correction_required",
            field="name",
        )
    return changes


@transaction.atomic
def decide(
    request: DataSubjectRequest,
    *,
    decision: str,
    reason: str,
    actor: Any,
    name: str = "",
    phone: str = "",
    email: str = "",
    now: datetime | None = None,
) -> dict[str, int]:
    """Decide a correction, restriction or objection request (UU 27/2022 Pasal 6, 9, 11),
    answer it and tell the requester. Granted:

    - a correction changes the contact data (`name`, `phone`, `email`: the values given) of
      every record of the person, through the visits and complaints services
      (`correct_contact`: their events name this request and the fields, never a value);
    - a restriction, and an upheld objection (Loket's only processing beyond the public task
      is contacting the person), restrict the processing of every record of the person
      (`restrict_processing`: no message leaves for them, their staff pages say so).

    A refusal changes nothing and needs a reason (so does an objection either way). Writes
    the events of each step (decided, corrected or restricted, answered, notified) and queues
    the outcome to the requester in the request's language (`notify_outcome`). Returns the
    counts of records changed. Raises `PrivacyError` (not_decidable, already_answered,
    unknown_decision, reason_required, correction_required, phone_invalid, email_invalid)."""
    now = now or timezone.now()
    if request.kind not in DECIDED_KINDS:
        raise PrivacyError(
            _("Permintaan jenis ini dijawab dengan ekspor atau penghapusan."),
            code="not_decidable",
        )
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise PrivacyError(_("Permintaan ini sudah dijawab."), code="already_answered")
    if decision not in DataSubjectRequest.Decision.values:
        raise PrivacyError(_("Pilih keputusan."), code="unknown_decision", field="decision")
    granted = decision == DataSubjectRequest.Decision.GRANTED
    if not reason.strip() and (not granted or request.kind == DataSubjectRequest.Kind.OBJECTION):
        raise PrivacyError(
            _("Tuliskan alasan keputusan: pemohon menerimanya."),
            code="reason_required",
            field="reason",
        )
    changes = (
        _corrections(name, phone, email)
        if granted and request.kind == DataSubjectRequest.Kind.CORRECTION
        else {}
    )
    request.decision = decision
    request.decision_reason = reason.strip()
    request.save(update_fields=["decision", "decision_reason"])
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.REQUEST_DECIDED,
        actor=actor,
        now=now,
        office=request.office,
        request=request,
        note=request.decision_reason,
        data={"kind": request.kind, "decision": decision},
    )
    counts: dict[str, int] = {}
    if granted:
        found = records_for(request)
        label = request_label(request)
        visit_ids = [v.id for v in found.visits]
        complaint_ids = [c.id for c in found.complaints]
        if changes:
            counts = {
                "visits": visits.retention.correct_contact(
                    visit_ids, changes=changes, request_ref=label, actor=actor, now=now
                ),
                "complaints": complaints.retention.correct_contact(
                    complaint_ids, changes=changes, request_ref=label, actor=actor, now=now
                ),
            }
            action = PrivacyEvent.Action.REQUEST_CORRECTED
            data: dict[str, Any] = {"fields": sorted(changes), **counts}
        else:
            counts = {
                "visits": visits.retention.restrict_processing(
                    visit_ids, request_ref=label, actor=actor, now=now
                ),
                "complaints": complaints.retention.restrict_processing(
                    complaint_ids, request_ref=label, actor=actor, now=now
                ),
            }
            action = PrivacyEvent.Action.REQUEST_RESTRICTED
            data = dict(counts)
        record_event(
            PrivacyEvent,
            action=action,
            actor=actor,
            now=now,
            office=request.office,
            request=request,
            data=data,
        )
    mark_answered(request, actor=actor, now=now)
    notify_outcome(request, actor=actor, counts=counts, now=now)
    return counts


def notify_outcome(
    request: DataSubjectRequest,
    *,
    actor: Any,
    counts: dict[str, int] | None = None,
    now: datetime | None = None,
) -> str:
    """Queue the outcome of `request` to the requester (notify outbox, sent after commit) in
    the request's language: by e-mail when the request has an address, else by WhatsApp to
    its phone. Writes a `REQUEST_NOTIFIED` event with the channel (or "none": no address,
    the office answers in person or by letter). Returns the channel."""
    return _tell(
        request,
        "privacy/email/request_outcome",
        topic="privacy.request_outcome",
        actor=actor,
        counts=counts,
        now=now or timezone.now(),
    )


def _tell(
    request: DataSubjectRequest,
    template: str,
    *,
    topic: str,
    actor: Any,
    counts: dict[str, int] | None,
    now: datetime,
    about: str = "",
) -> str:
    """Queue `template` (the notify pair: `<template>.txt`, `<template>_subject.txt`) to the
    requester in the request's language, by e-mail, else WhatsApp, else nothing; write the
    `REQUEST_NOTIFIED` event (channel, language, and `about` when given). Returns the
    channel ("email", "whatsapp", "none")."""
    context = {
        "office": request.office,
        "item": request,
        "counts": counts or {},
        "granted": request.decision == DataSubjectRequest.Decision.GRANTED,
    }
    language = request.language or settings.LANGUAGE_CODE
    subject, body, html = notify.render_email(template, context, language)
    related = f"privacy_request:{request.pk}"
    if request.email:
        notify.queue_email(
            to=request.email,
            subject=subject,
            body=body,
            html=html,
            topic=topic,
            related=related,
            now=now,
        )
        channel = "email"
    elif request.phone:
        notify.queue_text(
            channel="whatsapp", to=request.phone, body=body, topic=topic, related=related, now=now
        )
        channel = "whatsapp"
    else:
        channel = "none"
    data = {"channel": channel, "language": language}
    if about:
        data["about"] = about
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.REQUEST_NOTIFIED,
        actor=actor,
        now=now,
        office=request.office,
        request=request,
        data=data,
    )
    return channel


@transaction.atomic
def lift_restriction(
    request: DataSubjectRequest, *, reason: str, actor: Any, now: datetime | None = None
) -> dict[str, int]:
    """Lift the restriction a granted restriction or objection request put on the person's
    records (UU 27/2022 Pasal 11: a restriction lasts while its ground does; the office
    lifts it, e.g. once the disputed data is settled or the objection withdrawn): every
    restricted visit and complaint of the person in the office (`records_for`) is freed
    through the visits and complaints services (`lift_restriction`: messages leave for the
    person again, the staff pages drop the mark, each record's event names this request).
    The reason is kept on the request and told to the requester, in the request's language,
    through the outbox; the `RESTRICTION_LIFTED` event holds the counts and no value of the
    person (its note stays empty). Returns the counts of records freed. Raises
    `PrivacyError` (not_restricted, reason_required)."""
    now = now or timezone.now()
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if not request.may_lift_restriction:
        raise PrivacyError(
            _("Permintaan ini tidak membatasi pemrosesan yang dapat dicabut."),
            code="not_restricted",
        )
    if not reason.strip():
        raise PrivacyError(
            _("Tuliskan alasan pencabutan: pemohon menerimanya."),
            code="reason_required",
            field="reason",
        )
    found = records_for(request)
    label = request_label(request)
    counts = {
        "visits": visits.retention.lift_restriction(
            [v.id for v in found.visits], request_ref=label, actor=actor, now=now
        ),
        "complaints": complaints.retention.lift_restriction(
            [c.id for c in found.complaints], request_ref=label, actor=actor, now=now
        ),
    }
    request.restriction_lifted_at = now
    request.lift_reason = reason.strip()
    request.save(update_fields=["restriction_lifted_at", "lift_reason"])
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.RESTRICTION_LIFTED,
        actor=actor,
        now=now,
        office=request.office,
        request=request,
        data=dict(counts),
    )
    _tell(
        request,
        "privacy/email/restriction_lifted",
        topic="privacy.restriction_lifted",
        actor=actor,
        counts=counts,
        now=now,
        about="restriction_lifted",
    )
    return counts
