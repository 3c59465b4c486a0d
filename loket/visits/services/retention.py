"""Retention of visitors' personal data (UU 27/2022 PDP: deletion when the retention period
ends). The `privacy` app decides when and calls these; this module knows what of a visit is
personal and erases it, keeping what the statistics read (dates, status, source, service,
division, queue number, durations, the event actions and times)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet

from loket import validators
from loket.consent import has_consent, withdrawn
from loket.person_match import rows_of_person
from loket.stored_files import delete_with_files

from ..models import OPEN_STATUSES, Attachment, Consultation, Visit, VisitEvent
from .rules import write_event

if TYPE_CHECKING:
    from loket.offices.models import Office

# An erased visit keeps an empty name: no form accepts one, so it marks the erasure and
# keeps a second purge from touching the row again (idempotent).
_ERASED = Q(name="")


def expired_visit_ids(
    office: Office, *, collected_before: datetime, limit: int | None, after_id: int = 0
) -> list[int]:
    """Up to `limit` (all when None) visits of `office` collected before `collected_before`,
    no longer open, whose personal data is still there, with an id above `after_id` (the
    purge walks the table once, by primary key, instead of skipping the rows it already
    erased on every batch), in id order."""
    return list(
        Visit.objects.filter(office=office, created_at__lt=collected_before, id__gt=after_id)
        .exclude(status__in=OPEN_STATUSES)
        .exclude(_ERASED)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


@transaction.atomic
def erase_personal_data(visit_ids: list[int], *, now: datetime) -> dict[str, int]:
    """Irreversibly erase the identity, the ID number, the free texts and the files of these
    visits (one transaction: the caller passes a batch). Returns counts, never data. Files
    are deleted from storage once the transaction commits, so a rollback loses none."""
    visits = Visit.objects.filter(id__in=visit_ids).exclude(_ERASED)
    ids = list(visits.values_list("id", flat=True))
    erased = Visit.objects.filter(id__in=ids).update(
        name="",
        phone="",
        email="",
        institution="",
        position="",
        purpose="",
        id_number="",
        id_number_index="",
        information_given="",
        requirements_checked=[],
    )
    Consultation.objects.filter(visit_id__in=ids).update(
        internal_notes="", outcome_summary="", handover_reason=""
    )
    VisitEvent.objects.filter(visit_id__in=ids).exclude(note="").update(note="")
    removed = delete_with_files(Attachment.objects.filter(visit_id__in=ids))
    return {"visits": erased, "visit_files": removed}


def records_of_person(
    office: Office,
    *,
    phone: str = "",
    email: str = "",
    nik: str = "",
    name: str = "",
) -> QuerySet[Visit]:
    """Every visit of `office` of one person: an exact match of the phone (in its stored
    E.164 form however it was written, or as a row not yet in E.164 holds it:
    `validators.phone_variants`), the e-mail (case-insensitive) or the ID number; the name
    only narrows (two people may share a name, or a phone number's prefix), never finds on
    its own."""
    visits = Visit.objects.filter(office=office)
    fields = {"phone": "phone", "email": "email", "nik": "id_number_index", "name": "name"}
    rows = rows_of_person(visits, fields=fields, email=email, nik=nik, name=name)
    for variant in validators.phone_variants(phone):
        rows = rows | rows_of_person(visits, fields=fields, phone=variant, name=name)
    return rows.select_related("service").order_by("created_at", "id")


def personal_data_of(visit: Visit) -> dict[str, Any]:
    """What Loket holds about the visitor of `visit`, for an access export."""
    return {
        "booking_code": visit.booking_code,
        "created_at": visit.created_at.isoformat(),
        "status": visit.status,
        "service": str(visit.service),
        "name": visit.name,
        "phone": visit.phone,
        "email": visit.email,
        "institution": visit.institution,
        "position": visit.position,
        "purpose": visit.purpose,
        "id_number": visit.id_number,
        "files": [a.original_name for a in visit.attachments.all()],
    }


# The contact fields a data subject's correction request may change (UU 27/2022 Pasal 6).
CORRECTABLE = ("name", "phone", "email")


@transaction.atomic
def correct_contact(
    visit_ids: list[int], *, changes: dict[str, str], request_ref: str, actor: Any, now: datetime
) -> int:
    """Correct the visitor's contact data (`changes`: some of `CORRECTABLE`, the phone
    already in its stored E.164 form) on these visits, at the data subject's request
    `request_ref` (the privacy app's label of it, e.g. "Permintaan subjek data #12": the
    event's note). Erased visits are left alone. Each changed visit gets a `CORRECTED` event
    naming the request and the changed fields, never the old or new value. Returns how many
    visits changed. Raises ValueError for a field not in `CORRECTABLE`."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    changed = 0
    for visit in Visit.objects.select_for_update().filter(id__in=visit_ids).exclude(_ERASED):
        fields = [name for name, value in changes.items() if getattr(visit, name) != value]
        if not fields:
            continue
        for name in fields:
            setattr(visit, name, changes[name])
        visit.save(update_fields=fields)
        write_event(
            visit,
            VisitEvent.Action.CORRECTED,
            actor,
            now=now,
            from_status=visit.status,
            to_status=visit.status,
            note=request_ref,
            data={"request": request_ref, "fields": fields},
        )
        changed += 1
    return changed


@transaction.atomic
def restrict_processing(
    visit_ids: list[int], *, request_ref: str, actor: Any, now: datetime
) -> int:
    """Restrict the processing of these visits at the data subject's request `request_ref`
    (UU 27/2022 Pasal 11): no message leaves for the visitor any more (`mail.mail_visitor`
    and the reminder skip them) and the staff pages show the restriction. Already restricted
    visits are left alone (idempotent); each newly restricted one gets a `RESTRICTED` event.
    Returns how many were restricted."""
    return _set_restriction(
        visit_ids, now, VisitEvent.Action.RESTRICTED, request_ref=request_ref, actor=actor, now=now
    )


@transaction.atomic
def lift_restriction(visit_ids: list[int], *, request_ref: str, actor: Any, now: datetime) -> int:
    """Lift the restriction of processing of these visits (UU 27/2022 Pasal 11: the office
    lifts it when its ground is gone, e.g. the request `request_ref` was settled): messages
    to the visitor leave again and the staff pages drop the mark. Visits not restricted are
    left alone (idempotent); each lifted one gets a `RESTRICTION_LIFTED` event whose note is
    `request_ref` (never a value of the visitor). Returns how many were lifted."""
    return _set_restriction(
        visit_ids,
        None,
        VisitEvent.Action.RESTRICTION_LIFTED,
        request_ref=request_ref,
        actor=actor,
        now=now,
    )


def _set_restriction(
    visit_ids: list[int],
    restricted_at: datetime | None,
    action: str,
    *,
    request_ref: str,
    actor: Any,
    now: datetime,
) -> int:
    """Set `processing_restricted_at` to `restricted_at` on those of the visits not in that
    state yet (locked), each with an `action` event naming the request."""
    rows = list(
        Visit.objects.select_for_update().filter(
            id__in=visit_ids, processing_restricted_at__isnull=restricted_at is not None
        )
    )
    Visit.objects.filter(id__in=[v.id for v in rows]).update(processing_restricted_at=restricted_at)
    for visit in rows:
        write_event(
            visit,
            action,
            actor,
            now=now,
            from_status=visit.status,
            to_status=visit.status,
            note=request_ref,
            data={"request": request_ref},
        )
    return len(rows)


@transaction.atomic
def withdraw_consent(visit_ids: list[int], *, request_ref: str, actor: Any, now: datetime) -> int:
    """The visitor withdrew the consent to the optional e-mail (UU 27/2022 Pasal 9, at the
    data subject's request `request_ref`): on each of these visits holding an e-mail or a
    live consent to it, the withdrawal is recorded in `consents` (`loket.consent.withdrawn`)
    and the e-mail is erased (no copy, reminder or summary leaves for it any more). Each such
    visit gets a `CONSENT_WITHDRAWN` event naming the request, never the address. A second
    call changes nothing. Returns how many visits changed."""
    changed = 0
    for visit in Visit.objects.select_for_update().filter(id__in=visit_ids).order_by("id"):
        if not visit.email and not has_consent(visit.consents, "email"):
            continue
        visit.consents = withdrawn(visit.consents, "email", now=now, ref=request_ref)
        visit.email = ""
        visit.save(update_fields=["consents", "email"])
        write_event(
            visit,
            VisitEvent.Action.CONSENT_WITHDRAWN,
            actor,
            now=now,
            from_status=visit.status,
            to_status=visit.status,
            note=request_ref,
            data={"request": request_ref, "fields": ["email"]},
        )
        changed += 1
    return changed


def unconsented_optional_ids(office: Office, *, limit: int | None, after_id: int = 0) -> list[int]:
    """Up to `limit` (all when None) finished visits of `office` holding the optional e-mail
    without a recorded consent (`Visit.consents` empty: given before consent was recorded,
    or written where nobody asked), oldest first: the purge erases that e-mail, whose
    purpose (copies, the reminder, the summary) ended with the visit (UU 27/2022 Pasal 16
    ayat 2 huruf f: no basis, not kept). Ids above `after_id`, in id order."""
    return list(
        Visit.objects.filter(office=office, consents=[], id__gt=after_id)
        .exclude(status__in=OPEN_STATUSES)
        .exclude(_ERASED)
        .exclude(email="")
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


@transaction.atomic
def erase_unconsented_optional(visit_ids: list[int], *, now: datetime) -> dict[str, int]:
    """Erase the optional e-mail of these visits where no consent is recorded (see
    `unconsented_optional_ids`). Returns counts, never data; a second call erases none."""
    erased = Visit.objects.filter(id__in=visit_ids, consents=[]).exclude(email="").update(email="")
    return {"visit_optional_without_consent": erased}
