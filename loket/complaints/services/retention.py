"""Retention of complainants' personal data (UU 27/2022 PDP: deletion when the retention
period ends, counted from the complaint's closure). The `privacy` app decides when and calls
these; this module knows what of a complaint is personal and erases it, keeping what the
statistics and the public timeline read (dates, class, channel, service, status, deadlines,
the event actions and times, the answers, the rating's score)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from loket import validators
from loket.consent import has_consent, withdrawn
from loket.person_match import rows_of_person
from loket.stored_files import delete_with_files

from .. import channels
from ..models import Attachment, Complaint, Event, PersonalDataAccess, Rating
from .rules import record

if TYPE_CHECKING:
    from loket.offices.models import Office

# Kept in `channel_details` of an erased complaint: when its personal data was erased. It
# marks the erasure for the staff page and keeps a second purge from touching the row.
ERASED_KEY = "personal_data_erased_at"
# Events whose note or data carry the complainant's own words.
_COMPLAINANT_ACTIONS = (
    Event.Action.RECEIVED,
    Event.Action.COMPLETED,
    Event.Action.REPLIED,
    Event.Action.RATED,
    Event.Action.FORWARD_RECEIVED,
)


# Rows per bulk UPDATE of the kept channel details (see `erase_personal_data`).
_DETAILS_PER_UPDATE = 100


def is_erased(complaint: Complaint) -> bool:
    return ERASED_KEY in (complaint.channel_details or {})


def expired_complaint_ids(
    office: Office, *, closed_before: datetime, limit: int | None, after_id: int = 0
) -> list[int]:
    """Up to `limit` (all when None) complaints of `office` closed before `closed_before`
    whose personal data is still there, with an id above `after_id` (the purge walks the
    table once, by primary key, instead of skipping the rows it already erased on every
    batch), in id order."""
    return list(
        Complaint.objects.filter(
            office=office, is_open=False, closed_at__lt=closed_before, id__gt=after_id
        )
        .exclude(channel_details__has_key=ERASED_KEY)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


@transaction.atomic
def erase_personal_data(complaint_ids: list[int], *, now: datetime) -> dict[str, int]:
    """Irreversibly erase the complainant's identity, the identifying channel details, the
    complainant's own texts and every file of these complaints (one transaction: the caller
    passes a batch). The log of who viewed the data is kept: it is kept longer than the data
    it logs. Returns counts, never data; files leave storage once the transaction commits."""
    rows = Complaint.objects.filter(id__in=complaint_ids).exclude(
        channel_details__has_key=ERASED_KEY
    )
    # Channel details keep what does not identify (a JSON filter per row, in Python), written
    # back in small bulk UPDATEs (a CASE per row: SQLite's cost grows with the square of the
    # rows in one statement); the identity columns are blanked by one plain UPDATE.
    batch = list(rows.only("id", "channel_details"))
    for complaint in batch:
        kept = {
            key: value
            for key, value in (complaint.channel_details or {}).items()
            if not channels.identifies(key)
        }
        kept[ERASED_KEY] = now.isoformat()
        complaint.channel_details = kept
    Complaint.objects.bulk_update(batch, ["channel_details"], batch_size=_DETAILS_PER_UPDATE)
    ids = [complaint.id for complaint in batch]
    erased = len(ids)
    Complaint.objects.filter(id__in=ids).update(
        complainant_name="",
        complainant_phone="",
        complainant_email="",
        complainant_nik="",
        complainant_nik_index="",
        description="",
        incident_place="",
    )
    Event.objects.filter(complaint_id__in=ids, action__in=_COMPLAINANT_ACTIONS).update(
        note="", data={}
    )
    Rating.objects.filter(complaint_id__in=ids).exclude(comment="").update(comment="")
    removed = delete_with_files(Attachment.objects.filter(complaint_id__in=ids))
    return {"complaints": erased, "complaint_files": removed}


_PERSON_FIELDS = {
    "phone": "complainant_phone",
    "email": "complainant_email",
    "nik": "complainant_nik_index",
    "name": "complainant_name",
}


def records_of_person(
    office: Office,
    *,
    phone: str = "",
    email: str = "",
    nik: str = "",
    name: str = "",
) -> QuerySet[Complaint]:
    """Every complaint of `office` by one person: an exact match of the phone (in its stored
    E.164 form however it was written, or as a row kept as written holds it:
    `validators.phone_variants`), the e-mail (case-insensitive) or the NIK; the name only
    narrows (two people may share a name or a phone number's prefix), never finds on its
    own. Anonymous complaints are included: the office holds the identity even when it
    hides it from the handlers."""
    complaints = Complaint.objects.filter(office=office)
    rows = rows_of_person(complaints, fields=_PERSON_FIELDS, email=email, nik=nik, name=name)
    for variant in validators.phone_variants(phone):
        rows = rows | rows_of_person(complaints, fields=_PERSON_FIELDS, phone=variant, name=name)
    return rows.order_by("received_at", "id")


def personal_data_of(complaint: Complaint) -> dict[str, Any]:
    """What Loket holds about the complainant of `complaint`, for an access export."""
    return {
        "reference": complaint.reference,
        "received_at": complaint.received_at.isoformat(),
        "status": complaint.status,
        "channel": complaint.channel,
        "title": complaint.title,
        "description": complaint.description,
        "name": complaint.complainant_name,
        "phone": complaint.complainant_phone,
        "email": complaint.complainant_email,
        "nik": complaint.complainant_nik,
        "anonymous": complaint.anonymous,
        "channel_details": {
            key: value
            for key, value in (complaint.channel_details or {}).items()
            if channels.identifies(key) and key != ERASED_KEY
        },
        "files": [a.name for a in complaint.attachments.all()],
    }


def access_trail(complaint_ids: list[int]) -> list[dict[str, Any]]:
    """Who viewed the personal data of these complaints, when and why (oldest first)."""
    rows = (
        PersonalDataAccess.objects.filter(complaint_id__in=complaint_ids)
        .select_related("user", "complaint")
        .order_by("at", "id")
    )
    return [
        {
            "reference": row.complaint.reference,
            "at": row.at.isoformat(),
            "user": row.user.get_full_name() or row.user.get_username(),
            "purpose": row.purpose,
        }
        for row in rows
    ]


# The contact fields a data subject's correction request may change (UU 27/2022 Pasal 6),
# by the names the privacy app uses, mapped to the complaint's columns.
CORRECTABLE = {
    "name": "complainant_name",
    "phone": "complainant_phone",
    "email": "complainant_email",
}


@transaction.atomic
def correct_contact(
    complaint_ids: list[int],
    *,
    changes: dict[str, str],
    request_ref: str,
    actor: Any,
    now: datetime,
) -> int:
    """Correct the complainant's contact data (`changes`: some of `CORRECTABLE`'s keys) on
    these complaints, at the data subject's request `request_ref` (the privacy app's label of
    it, e.g. "Permintaan subjek data #12": the event's note). Erased complaints are left
    alone. Each changed complaint gets a staff-only `CORRECTED` event naming the request and
    the changed fields, never the old or new value. Returns how many complaints changed.
    Raises ValueError for a field not in `CORRECTABLE`."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    changed = 0
    rows = (
        Complaint.objects.select_for_update()
        .filter(id__in=complaint_ids)
        .exclude(channel_details__has_key=ERASED_KEY)
    )
    for complaint in rows:
        fields = [
            name
            for name, value in changes.items()
            if getattr(complaint, CORRECTABLE[name]) != value
        ]
        if not fields:
            continue
        for name in fields:
            setattr(complaint, CORRECTABLE[name], changes[name])
        complaint.save(update_fields=[CORRECTABLE[name] for name in fields])
        record(
            complaint,
            Event.Action.CORRECTED,
            now=now,
            actor=actor,
            note=request_ref,
            data={"request": request_ref, "fields": fields},
        )
        changed += 1
    return changed


@transaction.atomic
def restrict_processing(
    complaint_ids: list[int], *, request_ref: str, actor: Any, now: datetime
) -> int:
    """Restrict the processing of these complaints at the complainant's request
    `request_ref` (UU 27/2022 Pasal 11): no message leaves for the complainant any more
    (`notifications.notify_complainant` skips them) and the staff page shows the
    restriction; the handling itself (the public task) goes on. Already restricted ones are
    left alone (idempotent); each newly restricted one gets a staff-only `RESTRICTED` event.
    Returns how many were restricted."""
    return _set_restriction(
        complaint_ids, now, Event.Action.RESTRICTED, request_ref=request_ref, actor=actor, now=now
    )


@transaction.atomic
def lift_restriction(
    complaint_ids: list[int], *, request_ref: str, actor: Any, now: datetime
) -> int:
    """Lift the restriction of processing of these complaints (UU 27/2022 Pasal 11: the
    office lifts it when its ground is gone, e.g. the request `request_ref` was settled):
    messages to the complainant leave again and the staff page drops the mark. Complaints
    not restricted are left alone (idempotent); each lifted one gets a staff-only
    `RESTRICTION_LIFTED` event whose note is `request_ref` (never a value of the
    complainant). Returns how many were lifted."""
    return _set_restriction(
        complaint_ids,
        None,
        Event.Action.RESTRICTION_LIFTED,
        request_ref=request_ref,
        actor=actor,
        now=now,
    )


def _set_restriction(
    complaint_ids: list[int],
    restricted_at: datetime | None,
    action: str,
    *,
    request_ref: str,
    actor: Any,
    now: datetime,
) -> int:
    """Set `processing_restricted_at` to `restricted_at` on those of the complaints not in
    that state yet (locked), each with a staff-only `action` event naming the request."""
    rows = list(
        Complaint.objects.select_for_update().filter(
            id__in=complaint_ids, processing_restricted_at__isnull=restricted_at is not None
        )
    )
    Complaint.objects.filter(id__in=[c.id for c in rows]).update(
        processing_restricted_at=restricted_at
    )
    for complaint in rows:
        record(
            complaint, action, now=now, actor=actor, note=request_ref, data={"request": request_ref}
        )
    return len(rows)


@transaction.atomic
def withdraw_consent(
    complaint_ids: list[int], *, request_ref: str, actor: Any, now: datetime
) -> int:
    """The complainant withdrew the consent to the optional NIK (UU 27/2022 Pasal 9, at the
    data subject's request `request_ref`): on each of these complaints holding a NIK or a
    live consent to it, the withdrawal is recorded in `consents` (`loket.consent.withdrawn`)
    and the NIK is erased; the handling goes on without it. Each such complaint gets a
    staff-only `CONSENT_WITHDRAWN` event naming the request, never the number. A second call
    changes nothing. Returns how many complaints changed."""
    changed = 0
    for complaint in (
        Complaint.objects.select_for_update().filter(id__in=complaint_ids).order_by("id")
    ):
        if not complaint.complainant_nik and not has_consent(complaint.consents, "nik"):
            continue
        complaint.consents = withdrawn(complaint.consents, "nik", now=now, ref=request_ref)
        complaint.complainant_nik = ""
        complaint.save(update_fields=["consents", "complainant_nik", "complainant_nik_index"])
        record(
            complaint,
            Event.Action.CONSENT_WITHDRAWN,
            now=now,
            actor=actor,
            note=request_ref,
            data={"request": request_ref, "fields": ["nik"]},
        )
        changed += 1
    return changed


def unconsented_optional_ids(office: Office, *, limit: int | None, after_id: int = 0) -> list[int]:
    """Up to `limit` (all when None) closed complaints of `office` holding the optional NIK
    without a recorded consent (`Complaint.consents` empty), oldest first: the purge erases
    that NIK, whose purpose (linking the complaint to the complainant's KTP) ended with the
    handling (UU 27/2022 Pasal 16 ayat 2 huruf f: no basis, not kept). Ids above
    `after_id`, in id order."""
    return list(
        Complaint.objects.filter(office=office, is_open=False, consents=[], id__gt=after_id)
        .exclude(complainant_nik="")
        .exclude(channel_details__has_key=ERASED_KEY)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


@transaction.atomic
def erase_unconsented_optional(complaint_ids: list[int], *, now: datetime) -> dict[str, int]:
    """Erase the optional NIK of these complaints where no consent is recorded (see
    `unconsented_optional_ids`). Returns counts, never data; a second call erases none."""
    erased = (
        Complaint.objects.filter(id__in=complaint_ids, consents=[])
        .exclude(complainant_nik="")
        .update(complainant_nik="", complainant_nik_index="")
    )
    return {"complaint_optional_without_consent": erased}
