"""Receipt of a complaint from any channel (web form, API, officer's intake, intake
adapters), with its files. The rules of receipt live here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.consent import consent_record
from loket.events import Visibility
from loket.offices.services import Channel

from ..errors import InvalidInput
from ..models import (
    Answer,
    Attachment,
    Complaint,
    DraftAnswer,
    Event,
    OfficeComplaintSettings,
    ReferenceCounter,
    new_tracking_code,
)
from ..notifications import notify_complainant
from ..tracking import code_for_idempotency_key, hash_code
from .rules import record

if TYPE_CHECKING:
    from loket.offices.services import Office

T = TypeVar("T")


@dataclass
class Upload:
    """A checked file to attach: its name, content type and content."""

    name: str
    content_type: str
    file: File
    size: int


def attach(
    complaint: Complaint,
    uploads: Iterable[Upload],
    source: str,
    answer: Answer | None = None,
    draft: DraftAnswer | None = None,
) -> None:
    """Store `uploads` as the complaint's attachments (of `answer`, or of the `draft`
    answer awaiting approval, when given)."""
    for upload in uploads:
        attachment = Attachment(
            complaint=complaint,
            answer=answer,
            draft=draft,
            name=upload.name[:200],
            content_type=upload.content_type,
            size=upload.size,
            source=source,
        )
        attachment.file.save(upload.name, upload.file, save=False)
        attachment.save()


def check_incident_date(office: Office, incident_date: date | None, now: datetime) -> None:
    """The incident cannot have happened after today in the OFFICE's zone (WIB, WITA or
    WIT): at 00:30 in Jayapura it is already the new day there, whatever the server's zone.
    `InvalidInput` (field `incident_date`) otherwise."""
    if incident_date is not None and incident_date > timezone.localdate(now, office.tz):
        raise InvalidInput(
            _("Tanggal kejadian tidak boleh di masa depan."),
            code="incident_date_in_future",
            field="incident_date",
        )


def check_received_at(received_at: datetime, now: datetime) -> None:
    """A complaint cannot have been received after now; `InvalidInput` (field
    `received_at`) otherwise."""
    if received_at > now:
        raise InvalidInput(
            _("Waktu diterima tidak boleh di masa depan."),
            code="received_in_future",
            field="received_at",
        )


def _check_receipt(
    *,
    office: Office,
    channel: str,
    title: str,
    description: str,
    service: Any,
    incident_date: date | None,
    received_at: datetime,
    nik: str,
    now: datetime,
) -> None:
    if channel not in Channel.Kind.values:
        raise InvalidInput(_("Kanal tidak dikenal."), code="unknown_channel", field="channel")
    if not title.strip():
        raise InvalidInput(_("Judul pengaduan wajib diisi."), code="title_required", field="title")
    if not description.strip():
        raise InvalidInput(
            _("Uraian pengaduan wajib diisi."), code="description_required", field="description"
        )
    if service is not None and service.office_id != office.pk:
        raise InvalidInput(
            _("Layanan ini milik instansi lain."), code="service_of_other_office", field="service"
        )
    check_received_at(received_at, now)
    check_incident_date(office, incident_date, now)
    check_nik_collected(office, nik)


# The optional NIK's purpose, recorded with the complainant's consent.
NIK_PURPOSE = "link_to_identity_card"


def collects_nik(office: Office) -> bool:
    """Whether `office` asks complainants for their NIK (`OfficeComplaintSettings.ask_nik`,
    off by default and for an office without settings: UU 27/2022 Pasal 16 ayat 2 huruf a,
    collection limited to what the purpose needs). The forms show the field only then."""
    return OfficeComplaintSettings.objects.filter(office=office, ask_nik=True).exists()


def check_nik_collected(office: Office, nik: str) -> None:
    """A NIK given to an office that does not collect it is refused, whatever the channel
    (`InvalidInput`, code `nik_not_collected`, field `nik`): it is never stored, not even
    dropped silently, so a client learns that it sent data the office does not want."""
    if nik.strip() and not collects_nik(office):
        raise InvalidInput(
            _("Instansi ini tidak menanyakan NIK. Kosongkan NIK."),
            code="nik_not_collected",
            field="nik",
        )


def complainant_language(code: str) -> str:
    """`code` ("en", "en-us", "id") as one of `settings.LANGUAGES`, else the default."""
    base = (code or "").lower().split("-")[0]
    known = {value for value, _name in settings.LANGUAGES}
    return base if base in known else settings.LANGUAGE_CODE


def save_new(complaint: Complaint, *, attempt: int = 0) -> None:
    """Insert a new complaint with its reference and a fresh tracking code. The plain code
    is left on the instance (`complaint.tracking_code`) for the receipt's confirmation and
    acknowledgement only; the row keeps its hash. Call inside `transaction.atomic()`.

    One INSERT, no savepoint of its own (issue 18: a receipt's round trips). A request with
    an Idempotency-Key gets, on its first `attempt`, the code its retry can derive again; a
    later attempt draws a random one. Raises `IntegrityError` when the code collides with
    another complaint's (about n / 2**58 for n complaints stored: `is_code_collision`) or
    when the key was stored at the same moment; the caller's transaction is then spoilt and
    the whole receipt is retried (`with_fresh_code`)."""
    complaint.reference = ReferenceCounter.take(complaint.office, complaint.received_at)
    key = complaint.idempotency_key
    code = code_for_idempotency_key(key) if key and attempt == 0 else new_tracking_code()
    complaint.tracking_code_hash = hash_code(code)
    complaint.save(force_insert=True)
    complaint.tracking_code = code


# A collision of two random tracking codes is retried this many times in all.
CODE_ATTEMPTS = 3


def is_code_collision(error: IntegrityError) -> bool:
    """Whether `error` is the unique tracking-code hash refusing a new code (PostgreSQL names
    the constraint, SQLite the column; both contain the column's name)."""
    return "tracking_code_hash" in str(error)


def with_fresh_code(receive: Callable[[int], T]) -> T:
    """`receive(attempt)` in its own atomic block (a transaction, or a savepoint inside the
    caller's), again with a new code while its new complaint's tracking code collides with
    another's (`save_new`); any other `IntegrityError` is raised at once."""
    for attempt in range(CODE_ATTEMPTS - 1):
        try:
            with transaction.atomic():
                return receive(attempt)
        except IntegrityError as error:
            if not is_code_collision(error):
                raise
    with transaction.atomic():  # the last draw: whatever it raises is the caller's
        return receive(CODE_ATTEMPTS - 1)


def submit(
    *,
    office: Office,
    channel: str,
    title: str,
    description: str,
    actor: Any = None,
    channel_details: dict[str, Any] | None = None,
    incident_date: date | None = None,
    incident_place: str = "",
    service: Any = None,
    complainant_name: str = "",
    complainant_phone: str = "",
    complainant_email: str = "",
    complainant_nik: str = "",
    anonymous: bool = False,
    confidential: bool = False,
    attachments: Sequence[Upload] = (),
    received_at: datetime | None = None,
    idempotency_key: str | None = None,
    language: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Receive a complaint from any channel: the complaint, its attachments, its first
    event and the acknowledgement are saved together or not at all.

    Anonim (SP4N-LAPOR!; UU 27/2022 minimisation): the complainant's name and NIK are not
    kept, whichever channel brought the complaint; phone and e-mail stay, only to send the
    answer, and are never shown to the staff handling it. `received_at` is when the office
    received it (a call at 08:00 entered in the evening), never in the future; the incident
    date is checked against the office's today (`check_incident_date`).

    The complaint gets the office's next reference number (`ReferenceCounter.take`) and a new
    tracking code, returned in `complaint.tracking_code` only (the database keeps its keyed
    hash): the caller shows it once to whoever submitted and the acknowledgement carries it.

    `language` is the one the complainant used (the web form's active language, a code of
    `settings.LANGUAGES`; anything else, or nothing, is the default Indonesian): it is kept
    on the complaint and every message to the complainant goes in it (issue 11 §5).

    All of it is one atomic block (one transaction, or a savepoint inside the caller's),
    run again only for a tracking-code collision (`with_fresh_code`).

    Errors: `InvalidInput` for a refused receipt: `unknown_channel`, `title_required`,
    `description_required`, `service_of_other_office`, `received_in_future`,
    `incident_date_in_future`, and `nik_not_collected` for a NIK given to an office that
    does not ask for it (`collects_nik`; issue 13, UU 27/2022 minimisation).
    `IntegrityError` when the same `idempotency_key` was stored at the same moment (the
    caller returns that complaint), or when three drawn codes all collided.
    """
    now = now or timezone.now()
    received_at = received_at or now
    _check_receipt(
        office=office,
        channel=channel,
        title=title,
        description=description,
        service=service,
        incident_date=incident_date,
        received_at=received_at,
        nik=complainant_nik,
        now=now,
    )
    if anonymous:
        complainant_name = complainant_nik = ""

    def receive(attempt: int) -> Complaint:
        complaint = Complaint(
            office=office,
            channel=channel,
            channel_details=channel_details or {},
            title=title.strip(),
            description=description.strip(),
            incident_date=incident_date,
            incident_place=incident_place.strip(),
            service=service,
            complainant_name=complainant_name.strip(),
            complainant_phone=complainant_phone.strip(),
            complainant_email=complainant_email.strip(),
            complainant_nik=complainant_nik.strip(),
            anonymous=anonymous,
            confidential=confidential,
            received_at=received_at,
            clock_started_at=received_at,
            idempotency_key=idempotency_key,
            language=complainant_language(language),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            # The NIK is optional (only to link the complaint to one's KTP): given, it is
            # processed on the complainant's consent (`loket.consent`).
            consents=(
                [consent_record("nik", NIK_PURPOSE, office=office, now=now)]
                if complainant_nik.strip()
                else []
            ),
        )
        save_new(complaint, attempt=attempt)
        source = Attachment.Source.COMPLAINANT if actor is None else Attachment.Source.STAFF
        attach(complaint, attachments, source)
        # The receipt happened when the office received the complaint: the event carries that
        # time, so the public timeline and the clock agree. When and by whom it was entered
        # stays in the record (`recorded_at`).
        record(
            complaint,
            Event.Action.RECEIVED,
            now=received_at,
            actor=actor,
            to_status=complaint.status,
            visibility=Visibility.PUBLIC,
            data={
                "channel": channel,
                "received_at": received_at.isoformat(),
                "recorded_at": now.isoformat(),
            },
        )
        notify_complainant(complaint, "acknowledgement", now=now)
        return complaint

    return with_fresh_code(receive)
