"""The breach register (UU 27/2022 PDP Pasal 46): a failure to protect personal data is
recorded when discovered; the office notifies, in writing, the data subjects and the authority
within 3x24 clock hours of discovery (not working days), stating the data disclosed, when and
how it was disclosed, and what is done to handle and recover. Every change writes a
`PrivacyEvent` of the breach (the register's read-only history)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from loket.complaints import selectors as complaint_reads
from loket.events import record_event
from loket.notify import services as notify
from loket.person_match import Person, group_people
from loket.visits import selectors as visit_reads

from ..models import (
    ANSWER_WITHIN,
    Breach,
    BreachNotice,
    BreachNotifiedRecord,
    PrivacyEvent,
    RecordType,
)
from .errors import PrivacyError
from .processing import profile_of

if TYPE_CHECKING:
    from loket.offices.models import Office

# The fields an admin may correct after recording (never the office or the clock's start
# silently: a changed discovery time moves the deadline and is written in the history).
EDITABLE = (
    "title",
    "description",
    "how",
    "data_categories",
    "subjects_count",
    "occurred_at",
    "discovered_at",
    "measures",
    "scope_types",
    "scope_from",
    "scope_until",
)
# The record types a breach's affected people are found in (`affected_people`).
SCOPE_TYPES = (RecordType.VISITS, RecordType.COMPLAINTS)


def _check_scope(types: list[str], start: datetime | None, end: datetime | None) -> None:
    if set(types) - set(SCOPE_TYPES):
        raise PrivacyError(
            _("Pilih jenis data dari daftar."), code="unknown_scope", field="scope_types"
        )
    if start and end and start >= end:
        raise PrivacyError(
            _("Awal rentang waktu harus sebelum akhirnya."), code="scope_order", field="scope_until"
        )


def _check(*, title: str, data_categories: str, discovered_at: datetime, now: datetime) -> None:
    if not title.strip():
        raise PrivacyError(_("Sebutkan apa yang terjadi."), code="title_required", field="title")
    if not data_categories.strip():
        raise PrivacyError(
            _("Sebutkan data pribadi yang terdampak."),
            code="data_required",
            field="data_categories",
        )
    if discovered_at > now:
        raise PrivacyError(
            _("Waktu diketahui tidak boleh di masa depan."), code="future", field="discovered_at"
        )


@transaction.atomic
def record_breach(
    office: Office,
    *,
    title: str,
    data_categories: str,
    discovered_at: datetime,
    actor: Any,
    description: str = "",
    how: str = "",
    subjects_count: int | None = None,
    occurred_at: datetime | None = None,
    measures: str = "",
    scope_types: list[str] | None = None,
    scope_from: datetime | None = None,
    scope_until: datetime | None = None,
    now: datetime | None = None,
) -> Breach:
    """Record a breach discovered at `discovered_at` (aware datetime, stored UTC); its notices
    are due 72 clock hours later. Raises `PrivacyError` (title_required, data_required, future,
    occurred_after_discovery, unknown_scope, scope_order). The scope (`scope_types`: values of
    `SCOPE_TYPES`, collected in [`scope_from`, `scope_until`)) is where `affected_people`
    finds the people."""
    now = now or timezone.now()
    _check(title=title, data_categories=data_categories, discovered_at=discovered_at, now=now)
    _check_scope(scope_types or [], scope_from, scope_until)
    if occurred_at and occurred_at > discovered_at:
        raise PrivacyError(
            _("Waktu terjadi tidak boleh sesudah waktu diketahui."),
            code="occurred_after_discovery",
            field="occurred_at",
        )
    breach = Breach.objects.create(
        office=office,
        title=title.strip(),
        description=description,
        how=how,
        data_categories=data_categories.strip(),
        subjects_count=subjects_count,
        occurred_at=occurred_at,
        discovered_at=discovered_at,
        due_at=discovered_at + ANSWER_WITHIN,
        measures=measures,
        scope_types=list(scope_types or []),
        scope_from=scope_from,
        scope_until=scope_until,
        recorded_by=actor,
        created_at=now,
    )
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_RECORDED,
        actor=actor,
        now=now,
        office=office,
        breach=breach,
        data={"discovered_at": discovered_at.isoformat(), "due_at": breach.due_at.isoformat()},
    )
    return breach


@transaction.atomic
def update_breach(
    breach: Breach, *, actor: Any, now: datetime | None = None, **changes: Any
) -> Breach:
    """Correct or complete what is known of an open breach (fields of `EDITABLE`); a new
    discovery time moves the deadline. The history keeps the names of the changed fields and
    the old and new deadline, never the texts."""
    now = now or timezone.now()
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if not breach.is_open:
        raise PrivacyError(_("Catatan yang sudah ditutup tidak dapat diubah."), code="closed")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    changed = [name for name, value in changes.items() if getattr(breach, name) != value]
    for name in changed:
        setattr(breach, name, changes[name])
    _check(
        title=breach.title,
        data_categories=breach.data_categories,
        discovered_at=breach.discovered_at,
        now=now,
    )
    if breach.occurred_at and breach.occurred_at > breach.discovered_at:
        raise PrivacyError(
            _("Waktu terjadi tidak boleh sesudah waktu diketahui."),
            code="occurred_after_discovery",
            field="occurred_at",
        )
    _check_scope(breach.scope_types, breach.scope_from, breach.scope_until)
    if not changed:
        return breach
    data: dict[str, Any] = {"fields": changed}
    if "discovered_at" in changed:
        data["old_due_at"] = breach.due_at.isoformat()
        breach.due_at = breach.discovered_at + ANSWER_WITHIN
        data["due_at"] = breach.due_at.isoformat()
    breach.save()
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_UPDATED,
        actor=actor,
        now=now,
        office=breach.office,
        breach=breach,
        data=data,
    )
    return breach


@transaction.atomic
def record_notice(
    breach: Breach,
    *,
    recipient: str,
    sent_at: datetime,
    means: str,
    actor: Any,
    note: str = "",
    now: datetime | None = None,
) -> BreachNotice:
    """Record that the authority or the subjects were notified at `sent_at`, and how. A
    notice after the 72 hours is recorded too, marked late in its event. Raises
    `PrivacyError` (unknown_recipient, means_required, future, before_discovery, closed)."""
    now = now or timezone.now()
    if recipient not in BreachNotice.Recipient.values:
        raise PrivacyError(_("Penerima tidak dikenal."), code="unknown_recipient")
    if not means.strip():
        raise PrivacyError(
            _("Sebutkan cara pemberitahuan dikirim."), code="means_required", field="means"
        )
    if sent_at > now:
        raise PrivacyError(
            _("Waktu kirim tidak boleh di masa depan."), code="future", field="sent_at"
        )
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if not breach.is_open:
        raise PrivacyError(_("Catatan yang sudah ditutup tidak dapat diubah."), code="closed")
    if sent_at < breach.discovered_at:
        raise PrivacyError(
            _("Waktu kirim tidak boleh sebelum kegagalan diketahui."),
            code="before_discovery",
            field="sent_at",
        )
    notice = BreachNotice.objects.create(
        breach=breach,
        recipient=recipient,
        sent_at=sent_at,
        means=means.strip(),
        note=note,
        recorded_by=actor,
    )
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_NOTIFIED,
        actor=actor,
        now=now,
        office=breach.office,
        breach=breach,
        data={
            "recipient": recipient,
            "sent_at": sent_at.isoformat(),
            "late": sent_at > breach.due_at,
        },
    )
    return notice


@transaction.atomic
def close_breach(breach: Breach, *, note: str, actor: Any, now: datetime | None = None) -> Breach:
    """Close the breach with the reason (handled and notified, or found not to be a breach).
    The event records which notices were still missing. Raises `PrivacyError` (closed,
    note_required)."""
    now = now or timezone.now()
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if not breach.is_open:
        raise PrivacyError(_("Catatan ini sudah ditutup."), code="closed")
    if not note.strip():
        raise PrivacyError(_("Tuliskan alasan penutupan."), code="note_required", field="note")
    missing = breach.missing_notices
    breach.status = Breach.Status.CLOSED
    breach.closed_at = now
    breach.save(update_fields=["status", "closed_at"])
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_CLOSED,
        actor=actor,
        now=now,
        office=breach.office,
        breach=breach,
        from_status=Breach.Status.OPEN,
        to_status=Breach.Status.CLOSED,
        note=note.strip(),
        data={"missing_notices": missing},
    )
    return breach


def has_scope(breach: Breach) -> bool:
    return bool(breach.scope_types)


def affected_people(breach: Breach) -> list[Person]:
    """The people whose data lies in the breach's scope, found from the data itself: the
    identities of the office's visits and complaints (of `breach.scope_types`) collected in
    [`scope_from`, `scope_until`) whose personal data is still held (the visits and
    complaints selectors), grouped into people by the access requests' rule
    (`loket.person_match.group_people`: an exact phone in any stored form, e-mail or NIK;
    never a name). No scope: nobody. Two queries."""
    contacts = []
    window = {"start": breach.scope_from, "end": breach.scope_until}
    if RecordType.VISITS in breach.scope_types:
        contacts += visit_reads.contacts_collected_between(breach.office, **window)
    if RecordType.COMPLAINTS in breach.scope_types:
        contacts += complaint_reads.contacts_received_between(breach.office, **window)
    return group_people(contacts)


def breach_related(breach: Breach) -> str:
    """How the outbox names the messages of this breach's notices (their tracking)."""
    return f"breach:{breach.pk}"


def split_affected(breach: Breach) -> tuple[list[Person], list[Person]]:
    """The affected people (`affected_people`) split into those not notified yet and those
    already notified: a person is notified when any of their records is among the breach's
    `notified_records` (the records of the people an earlier send reached). Three queries."""
    people = affected_people(breach)
    notified = set(
        BreachNotifiedRecord.objects.filter(breach=breach).values_list("kind", "record_id")
    )
    new: list[Person] = []
    done: list[Person] = []
    for person in people:
        reached = any((record.kind, record.id) in notified for record in person.records)
        (done if reached else new).append(person)
    return new, done


@transaction.atomic
def notify_affected(breach: Breach, *, actor: Any, now: datetime | None = None) -> dict[str, int]:
    """Send the breach notice (UU 27/2022 Pasal 46 ayat 2: the data disclosed, when and how,
    the measures) to every affected person not notified yet (`split_affected`) through the
    notify outbox, in the language of their latest record: by e-mail to their latest
    address, else by WhatsApp to their latest number. A person restricted from messages
    still gets it: the notice is the office's legal duty. Called again after the breach's
    scope widened, it notifies only the people newly found: the records of every person
    found are kept (`BreachNotifiedRecord`, ids only), so nobody gets a second notice.
    Records a `BreachNotice` to the subjects per send (counts in its means, no addresses)
    and a `BREACH_SUBJECTS_NOTIFIED` event with the counts; the messages carry
    `breach_related(breach)` for tracking. Returns the counts (people, email, whatsapp,
    no_contact, already_notified). Raises `PrivacyError` (closed, no_scope,
    already_notified: nobody new, or a send made before the records were kept)."""
    now = now or timezone.now()
    breach = Breach.objects.select_for_update().select_related("office").get(pk=breach.pk)
    if not breach.is_open:
        raise PrivacyError(_("Catatan yang sudah ditutup tidak dapat diubah."), code="closed")
    if not has_scope(breach):
        raise PrivacyError(
            _("Tentukan dulu jenis data dan rentang waktu yang terdampak."), code="no_scope"
        )
    sends = list(
        PrivacyEvent.objects.filter(
            breach=breach, action=PrivacyEvent.Action.BREACH_SUBJECTS_NOTIFIED
        ).values_list("data", flat=True)
    )
    people, reached = split_affected(breach)
    # A send from before the notified records were kept ("records" missing in its event):
    # who got it is unknown, so no second round is sent from Loket.
    legacy = any("records" not in (data or {}) for data in sends)
    if sends and (legacy or not people):
        raise PrivacyError(
            _("Pemberitahuan sudah dikirim kepada setiap orang terdampak."),
            code="already_notified",
        )
    context = {"office": breach.office, "breach": breach, "profile": profile_of(breach.office)}
    related = breach_related(breach)
    counts = {
        "people": len(people),
        "email": 0,
        "whatsapp": 0,
        "no_contact": 0,
        "already_notified": len(reached),
    }
    for person in people:
        language = person.language or settings.LANGUAGE_CODE
        subject, body, html = notify.render_email("privacy/email/breach", context, language)
        if person.emails:
            notify.queue_email(
                to=person.emails[-1],
                subject=subject,
                body=body,
                html=html,
                topic="privacy.breach",
                related=related,
                now=now,
            )
            counts["email"] += 1
        elif person.phones:
            notify.queue_text(
                channel="whatsapp",
                to=person.phones[-1],
                body=body,
                topic="privacy.breach",
                related=related,
                now=now,
            )
            counts["whatsapp"] += 1
        else:
            counts["no_contact"] += 1
    # Every record of everyone found, the already notified too: their records newly in the
    # scope keep them from a second notice after a later change of scope.
    kept = BreachNotifiedRecord.objects.bulk_create(
        [
            BreachNotifiedRecord(breach=breach, kind=record.kind, record_id=record.id)
            for person in (*people, *reached)
            for record in person.records
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    BreachNotice.objects.create(
        breach=breach,
        recipient=BreachNotice.Recipient.SUBJECTS,
        sent_at=now,
        means=gettext("Loket: %(email)s e-mail, %(whatsapp)s WhatsApp") % counts,
        note=gettext("%(no_contact)s orang tanpa alamat: beri tahu dengan cara lain.") % counts
        if counts["no_contact"]
        else "",
        recorded_by=actor,
    )
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.BREACH_SUBJECTS_NOTIFIED,
        actor=actor,
        now=now,
        office=breach.office,
        breach=breach,
        data={**counts, "records": len(kept), "late": now > breach.due_at},
    )
    return counts
