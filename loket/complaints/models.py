"""Complaints (pengaduan): one row per complaint from receipt to closure, its attachments,
assignments, answers, ratings, the event timeline and the log of who viewed whose personal
data. Every change goes through the `services` package; the models hold state and invariants."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket import codes
from loket.crypto import BlindIndexField, EncryptedTextField
from loket.events import EventBase, EventQuerySet
from loket.offices.services import Channel
from loket.uploads import stored_name

from . import channels, tracking


def new_tracking_code() -> str:
    # A function of this module: migration 0001 names it as the field default.
    return codes.new_code()


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    WAITING = "waiting", _("Menunggu kelengkapan")
    IN_PROGRESS = "in_progress", _("Ditindaklanjuti")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Selesai")
    NOT_AUTHORITY = "not_authority", _("Bukan wewenang")
    FORWARDED = "forwarded", _("Diteruskan")
    DUPLICATE = "duplicate", _("Duplikat")


# Statuses in which the office still owes the complainant something (the clock may run).
OPEN_STATUSES = (Status.RECEIVED, Status.WAITING, Status.IN_PROGRESS)
# Statuses that count as "open" for lists: open plus answered (awaiting the complainant).
ACTIVE_STATUSES = (*OPEN_STATUSES, Status.ANSWERED)


class OfficeComplaintSettings(models.Model):
    """Per-office configuration of complaint handling (LAPOR! practice as default)."""

    office = models.OneToOneField(
        "offices.Office", on_delete=models.CASCADE, related_name="complaint_settings"
    )
    auto_close_working_days = models.PositiveSmallIntegerField(
        _("tutup otomatis setelah (hari kerja)"),
        default=10,
        help_text=_("Pengaduan yang sudah dijawab ditutup bila pengadu tidak menanggapi."),
    )
    identity_for_whole_team = models.BooleanField(
        _("identitas pengadu terbuka bagi seluruh tim"),
        default=False,
        help_text=_(
            "Bila tidak dicentang, identitas pengadu hanya dapat dibuka oleh petugas yang "
            "ditugaskan, Pejabat Pengelola Pengaduan dan kepala instansi."
        ),
    )
    # Issue 14 "Answering well": the team's answers wait for the Pejabat or the head.
    answers_need_approval = models.BooleanField(
        _("jawaban tim perlu persetujuan"),
        default=False,
        help_text=_(
            "Bila dicentang, jawaban yang disusun Tim Pengelola Pengaduan baru dikirim kepada "
            "pengadu setelah disetujui Pejabat Pengelola Pengaduan atau kepala instansi."
        ),
    )
    # Issue 13 "Minimal collection" (UU 27/2022 Pasal 16 ayat 2 huruf a: collection limited
    # and specific): the optional NIK is asked only where the office needs it; off by
    # default. The rule is `services.receipt.submit`'s (`nik_not_collected`).
    ask_nik = models.BooleanField(
        _("tanyakan NIK pengadu"),
        default=False,
        help_text=_(
            "Bila dicentang, formulir pengaduan menanyakan NIK (tidak wajib). NIK hanya "
            "mengaitkan pengaduan dengan KTP pengadu; UU 27/2022 tentang Pelindungan Data "
            "Pribadi meminta data yang dikumpulkan sebatas yang diperlukan, jadi biarkan tidak "
            "dicentang bila instansi tidak memerlukannya."
        ),
    )

    class Meta:
        verbose_name = _("pengaturan pengaduan")
        verbose_name_plural = _("pengaturan pengaduan")

    def __str__(self) -> str:
        return str(self.office)


class Complaint(models.Model):
    # Its own index stays beside the (office, ...) ones: word search ANDs it with the text
    # index, and the narrow index is the cheaper bitmap (bench/README.md, issue 18).
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="complaints"
    )
    # The staff's reference (ADU-2026-000123): per office and year, in every staff page,
    # URL, e-mail, export and log. Given at receipt by `services.receipt` (ReferenceCounter).
    reference = models.CharField(_("nomor pengaduan"), max_length=30, editable=False)
    # The complainant's tracking code is their secret: only its keyed hash is stored
    # (`tracking.hash_code`), indexed by the unique constraint. The plain code exists only in
    # memory right after receipt (`tracking_code`, set by `services.submit`) and on the
    # complainant's own requests, which carry it in the URL.
    # Unique by a constraint of Meta, not `unique=True`: PostgreSQL then has no second,
    # LIKE-pattern index of it (a hash is looked up whole); so for the other keys below.
    tracking_code_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.Kind.choices)
    # Phone number and time of call, box opening date, LAPOR! tracking ID, sender address...
    channel_details = models.JSONField(_("rincian kanal"), default=dict, blank=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"))
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    incident_place = models.CharField(_("tempat kejadian"), max_length=200, blank=True)
    service = models.ForeignKey(
        "standards.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("layanan"),
    )
    complainant_name = models.CharField(_("nama"), max_length=200, blank=True)
    complainant_phone = models.CharField(_("telepon"), max_length=40, blank=True)
    complainant_email = models.EmailField(_("e-mail"), blank=True)
    # Encrypted at rest (loket.crypto); found by its blind index only (person_match).
    complainant_nik = EncryptedTextField(_("NIK"), blank=True)
    complainant_nik_index = BlindIndexField(source="complainant_nik", db_index=False)
    anonymous = models.BooleanField(_("anonim"), default=False)
    confidential = models.BooleanField(_("rahasia"), default=False)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    is_open = models.BooleanField(default=True, editable=False)
    received_at = models.DateTimeField(_("diterima"))
    # The class is copied from the office's published standard when classified.
    class_code = models.CharField(_("klasifikasi"), max_length=80, blank=True)
    class_name = models.CharField(_("nama klasifikasi"), max_length=200, blank=True)
    class_amount = models.PositiveIntegerField(null=True, blank=True)
    class_unit = models.CharField(max_length=20, blank=True)
    # The clock starts at receipt and again when the complainant reopens the complaint.
    clock_started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    due_soon_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(_("dijeda sejak"), null=True, blank=True)
    due_soon_notified_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The complainant's latest reply the team has not answered yet (the queue's "new
    # reply"); cleared by the team's next answer. A reply never reopens (issue 11 §5).
    replied_at = models.DateTimeField(_("tanggapan baru"), null=True, blank=True)
    # The language the complainant used (a code of settings.LANGUAGES): every message to
    # them goes in it (issue 11 §5).
    language = models.CharField(_("bahasa"), max_length=10, default="id")
    # Addresses that proved undeliverable (a bounce, a failed WhatsApp status): a list of
    # {"channel", "address", "reason", "at"}, shown on the staff page (issue 17).
    undeliverable_contacts = models.JSONField(default=list, blank=True, editable=False)
    # Processing restricted at the complainant's request (UU 27/2022 Pasal 11, the privacy
    # app's restriction request): no message leaves for them, the staff page says so.
    processing_restricted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The complainant's consent to optional data (UU 27/2022 Pasal 20-22): a list of
    # {"what", "purpose", "at", "notice_version"}, one per optional field given; no values.
    consents = models.JSONField(default=list, blank=True, editable=False)

    not_authority_reason = models.TextField(_("alasan bukan wewenang"), blank=True)
    forwarded_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwarded_to",
        verbose_name=_("diteruskan dari"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplikat dari"),
    )
    # NULL for a complaint without a key: its unique constraint (Meta) lets NULLs repeat.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            # Team queue and the alerts: open complaints of an office by due time.
            models.Index(
                fields=["office", "due_at"],
                condition=models.Q(is_open=True),
                name="complaint_open_due_idx",
            ),
            # The team queue's index `complaint_queue_idx` (office, due_at NULLS FIRST, id)
            # WHERE open is made by migration 0006 in SQL per engine: SQLite cannot write
            # NULLS FIRST in an index (its ascending order puts NULLs first anyway).
            # Reports: complaints answered in a period, per office.
            models.Index(fields=["office", "answered_at"], name="complaint_office_answered_idx"),
            # Head's list: every complaint, open first by due time.
            models.Index(fields=["office", "-is_open", "due_at", "id"], name="complaint_head_idx"),
            models.Index(fields=["office", "status", "due_at"], name="complaint_status_idx"),
            models.Index(fields=["office", "-received_at"], name="complaint_received_idx"),
            models.Index(
                fields=["due_soon_at"],
                condition=models.Q(due_soon_notified_at__isnull=True),
                name="complaint_due_soon_idx",
            ),
            models.Index(
                fields=["due_at"],
                condition=models.Q(overdue_notified_at__isnull=True),
                name="complaint_overdue_idx",
            ),
            models.Index(
                fields=["answered_at"],
                condition=models.Q(status="answered"),
                name="complaint_answered_idx",
            ),
            # A data subject's request finds their complaints by the NIK's blind index.
            models.Index(fields=["complainant_nik_index"], name="complaint_nik_index_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "reference"], name="complaint_reference_per_office"
            ),
            # The name holds the column's: `receipt.is_code_collision` reads it.
            models.UniqueConstraint(
                fields=["tracking_code_hash"], name="complaint_tracking_code_hash_unique"
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"], name="complaint_idempotency_key_unique"
            ),
        ]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new row always gets its office's next reference and a code hash, whoever
        inserts it (`services.submit` sets both first; fixtures and seed scripts rely on
        this). The code drawn here is left in `tracking_code` only."""
        if self._state.adding:
            if not self.reference:
                with transaction.atomic():
                    self.reference = ReferenceCounter.take(
                        self.office, self.received_at or timezone.now()
                    )
            if not self.tracking_code_hash:
                code = new_tracking_code()
                self.tracking_code_hash = tracking.hash_code(code)
                self.tracking_code = code
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The complainant's tracking page: only where the plain code is known (right
        after receipt, or on the complainant's own request); the lookup page otherwise."""
        code = self.tracking_code
        if code:
            return reverse("complaints:track", args=[code])
        return reverse("complaints:track_lookup")

    def get_staff_url(self) -> str:
        return reverse("complaints:staff_detail", args=[self.office.slug, self.reference])

    @property
    def tracking_code(self) -> str:
        """The plain tracking code where this request may know it: set at receipt (for the
        confirmation and the acknowledgement) or by the complainant's own lookup with it
        (`selectors.complaint_by_code`, `selectors.complaint_by_idempotency_key`). Empty
        for a row read otherwise: staff pages, e-mails and the staff API use `reference`."""
        return self.__dict__.get("_plain_tracking_code", "")

    @tracking_code.setter
    def tracking_code(self, value: str) -> None:
        self.__dict__["_plain_tracking_code"] = value

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def is_classified(self) -> bool:
        return bool(self.class_code)

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and not self.is_paused and self.due_at is not None and now > self.due_at

    def is_due_soon(self, now: datetime) -> bool:
        return (
            self.is_open
            and not self.is_paused
            and self.due_soon_at is not None
            and self.due_soon_at <= now <= self.due_at
        )

    @property
    def case_details(self) -> list[tuple[str, str]]:
        """Channel details that say nothing about who complained (shown on staff pages)."""
        return channels.shown(self.channel_details, self.office.tz, identifying=False)

    @property
    def personal_details(self) -> list[tuple[str, str]]:
        """Channel details that identify the complainant: only on the logged identity page,
        never for an anonymous complaint."""
        if self.anonymous:
            return []
        return channels.shown(self.channel_details, self.office.tz, identifying=True)

    def public_events(self) -> list["Event"]:
        """The public timeline for the tracking page and the public API.

        Disclosure rule (issue 6, SP4N-LAPOR! "rahasia"): the tracking code is the
        complainant's credential, so its holder sees the status, the dates, the deadline
        and the office's answers. A rahasia complaint is never public, and a code can be
        passed on or overheard: its timeline keeps the statuses and dates only; every text
        (completion request, the complainant's reply, reasons, comments, class and office
        names) is left out. The events are not changed in the database: staff still see
        them whole."""
        events = list(self.events.public())
        if self.confidential:
            for event in events:
                event.note = ""
                # The complainant's own score is no content of the complaint: it stays.
                event.data = (
                    {"score": event.data["score"]}
                    if event.action == Event.Action.RATED and "score" in (event.data or {})
                    else {}
                )
        return events

    def public_attachments(self):
        """Files the public tracking page and the public API may serve: only those of a
        published answer, and none for a rahasia complaint. The complainant's evidence is
        served only to the office's staff (staff_views.attachment, permission-checked)."""
        if self.confidential:
            return Attachment.objects.none()
        return self.attachments.filter(answer__isnull=False)

    @property
    def display_name(self) -> str:
        """The complainant's name as staff pages may show it (never for anonim)."""
        return _("Anonim") if self.anonymous else self.complainant_name


class ReferenceCounter(models.Model):
    """The last reference number given by an office in a year; its row is locked while the
    next number is taken, so two receipts at once never share one."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.year}: {self.last}"

    @classmethod
    def take(cls, office: Any, received_at: datetime) -> str:
        """The office's next reference for the year of `received_at` in the office's zone
        ("ADU-2026-000123"). The counter row is locked by its UPDATE (`_increment`) until the
        caller's transaction ends, so two receipts at once never share a number; a
        rolled-back receipt gives its number back. Call inside `transaction.atomic()`."""
        year = received_at.astimezone(office.tz).year
        last = cls._increment(office.pk, year)
        if last is None:  # the office's first receipt of the year
            cls.objects.get_or_create(office=office, year=year)
            last = cls._increment(office.pk, year)
        return tracking.format_reference(year, last)

    @classmethod
    def _increment(cls, office_id: int, year: int) -> int | None:
        """`last + 1` for the office and year, in one statement (`UPDATE ... RETURNING`, on
        PostgreSQL and SQLite >= 3.35): the UPDATE takes the row's lock until the caller's
        transaction ends. None when the row does not exist yet."""
        connection = connections[router.db_for_write(cls)]
        if not connection.in_atomic_block:
            raise transaction.TransactionManagementError("take() needs transaction.atomic()")
        table, quote = cls._meta.db_table, connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote('last')} = {quote('last')} + 1 "  # noqa: S608
                f"WHERE {quote('office_id')} = %s AND {quote('year')} = %s "
                f"RETURNING {quote('last')}",
                [office_id, year],
            )
            row = cursor.fetchone()
        return row[0] if row else None


class Pause(models.Model):
    """One stop of the clock while the office waits for the complainant's completion."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="pauses")
    paused_at = models.DateTimeField()
    resumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["paused_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.paused_at} - {self.resumed_at}"


def attachment_path(instance, filename: str) -> str:
    # Never under a public path: files are served by a view that checks access.
    return f"complaints/{instance.complaint.office_id}/{stored_name(instance.content_type)}"


class Attachment(models.Model):
    class Source(models.TextChoices):
        COMPLAINANT = "complainant", _("Pengadu")
        STAFF = "staff", _("Petugas")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    answer = models.ForeignKey(
        "Answer", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    # A file of an answer drafted for approval; `answer` is set too once it is sent.
    draft = models.ForeignKey(
        "DraftAnswer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.COMPLAINANT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="complaint_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "user"], name="assignment_unique")
        ]
        indexes = [models.Index(fields=["user", "complaint"], name="assignment_user_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} -> {self.user_id}"


class Answer(models.Model):
    """The office's answer (tindak lanjut) to the complainant, published on the tracking
    page; written by `services.answer`."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("jawaban"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} @ {self.created_at}"


class DraftAnswer(models.Model):
    """An answer the team drafted where the office requires approval
    (`OfficeComplaintSettings.answers_need_approval`): it waits for the Pejabat Pengelola
    Pengaduan or the head, who approve it (then `services.answer` sends it and `answer`
    points at what was sent) or return it with a comment (the team revises and submits it
    again). Not seen by the complainant; the clock runs on. Written by
    `services.approval` only."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
        APPROVED = "approved", _("Disetujui dan dikirim")
        # The complaint was answered directly (by an approver, or after the office switched
        # approval off) while this draft was open: that answer took its place.
        SUPERSEDED = "superseded", _("Diganti jawaban langsung")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="draft_answers")
    text = models.TextField(_("jawaban"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("komentar"), blank=True)
    answer = models.OneToOneField(
        Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            # One draft in the works per complaint: a resubmission revises it.
            models.UniqueConstraint(
                fields=["complaint"],
                condition=models.Q(status__in=["pending", "returned"]),
                name="draft_answer_one_open",
            )
        ]
        indexes = [
            # The Pejabat's list "Jawaban menunggu persetujuan" and its count.
            models.Index(
                fields=["status", "submitted_at"],
                condition=models.Q(status="pending"),
                name="draft_answer_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.status} @ {self.submitted_at}"


class ReplyTemplate(models.Model):
    """A reply template (templat jawaban) of an office: text with the fixed placeholders of
    `services.templates.PLACEHOLDERS` ({nama}, {nomor}, {batas_waktu}, {instansi}), filled
    on the answer form and edited before sending. Deactivated (kept, hidden from the answer
    form) or deleted; either is an `OfficeEvent`, the deletion's keeping the text."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.CASCADE, related_name="reply_templates"
    )
    title = models.CharField(_("judul"), max_length=120)
    body = models.TextField(_("isi"))
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "title"], name="reply_template_title")
        ]
        verbose_name = _("templat jawaban")
        verbose_name_plural = _("templat jawaban")

    def __str__(self) -> str:
        return self.title


class OfficeEvent(EventBase):
    """A change to how an office handles complaints (issue 14, "Answering well"): its
    complaint settings and its reply templates. Who (`actor`), when (`at`), what (`action`,
    and in `data` each changed field as `{"from": old, "to": new}`); `note` holds the
    template's title at the time. Written by `services.approval.update_complaint_settings`
    and `services.templates.save_reply_template` / `delete_reply_template` through
    `loket.events.record_event`, only when something changed; shown to the settings'
    editors on the settings and templates pages. Staff visibility: nothing here is about a
    citizen."""

    class Action(models.TextChoices):
        SETTINGS_CHANGED = "settings_changed", _("Pengaturan pengaduan diubah")
        TEMPLATE_ADDED = "template_added", _("Templat jawaban ditambahkan")
        TEMPLATE_CHANGED = "template_changed", _("Templat jawaban diubah")
        TEMPLATE_DEACTIVATED = "template_deactivated", _("Templat jawaban dinonaktifkan")
        TEMPLATE_ACTIVATED = "template_activated", _("Templat jawaban diaktifkan")
        TEMPLATE_DELETED = "template_deleted", _("Templat jawaban dihapus")

    # The label of each field `data` may name, as the pages show it.
    FIELDS = {
        "answers_need_approval": _("Jawaban tim perlu persetujuan"),
        "ask_nik": _("NIK pengadu ditanyakan"),
        "title": _("Judul"),
        "body": _("Isi"),
        "is_active": _("Aktif"),
    }

    office = models.ForeignKey(
        "offices.Office", on_delete=models.CASCADE, related_name="complaint_office_events"
    )
    template = models.ForeignKey(
        ReplyTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)

    class Meta(EventBase.Meta):
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["office", "-at"], name="complaint_officeevent_idx")]
        verbose_name = _("riwayat pengaturan pengaduan")
        verbose_name_plural = _("riwayat pengaturan pengaduan")

    def __str__(self) -> str:
        return f"{self.office_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def changes(self) -> list[tuple[Any, Any, Any]]:
        """(label, before, after) of each changed field, for the pages: yes/no for a
        switch, the text for a title, None for a body (its text is in `data`, too long to
        show in a table; left out when the template was added)."""
        rows: list[tuple[Any, Any, Any]] = []
        if self.action == self.Action.TEMPLATE_DELETED:
            return rows  # the action and the title say it; the text is in `data`
        # In the order of FIELDS: PostgreSQL's jsonb does not keep the order of the keys.
        for field, label in self.FIELDS.items():
            change = self.data.get(field)
            if not isinstance(change, dict):
                continue
            before, after = change.get("from"), change.get("to")
            if field == "body":
                if before is None:  # added: its text is the template's own
                    continue
                before = after = None
            elif isinstance(after, bool):
                before = None if before is None else (_("Ya") if before else _("Tidak"))
                after = _("Ya") if after else _("Tidak")
            rows.append((label, before, after))
        return rows


class Rating(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="ratings")
    answer = models.ForeignKey(Answer, on_delete=models.SET_NULL, null=True, related_name="+")
    score = models.PositiveSmallIntegerField(_("nilai"))
    comment = models.TextField(_("komentar"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_5"
            ),
            models.UniqueConstraint(fields=["answer"], name="rating_once_per_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.score}"


class Event(EventBase):
    """One row per change: the public timeline (`.public()`) and the audit trail are views
    of it. Written only through `loket.events.record_event` (services/rules.py)."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Pengaduan diterima")
        CLASSIFIED = "classified", _("Diverifikasi dan diklasifikasi")
        RECLASSIFIED = "reclassified", _("Klasifikasi diubah")
        COMPLETION_REQUESTED = "completion_requested", _("Diminta melengkapi")
        COMPLETED = "completed", _("Dilengkapi pengadu")
        ASSIGNED = "assigned", _("Ditugaskan")
        NOTE = "note", _("Catatan internal")
        ANSWERED = "answered", _("Dijawab")
        REPLIED = "replied", _("Tanggapan pengadu")
        REOPENED = "reopened", _("Dibuka kembali (pengadu tidak puas)")
        RATED = "rated", _("Dinilai pengadu")
        CLOSED = "closed", _("Ditutup")
        NOT_AUTHORITY = "not_authority", _("Bukan wewenang")
        FORWARDED = "forwarded", _("Diteruskan ke instansi lain")
        FORWARD_RECEIVED = "forward_received", _("Diterima dari instansi lain")
        DUPLICATE = "duplicate", _("Ditolak sebagai duplikat")
        DEADLINE_CHANGED = "deadline_changed", _("Batas waktu dihitung ulang")
        DUE_SOON = "due_soon", _("Mendekati batas waktu")
        ESCALATED = "escalated", _("Melewati batas waktu, dilaporkan ke kepala")
        CONTACT_UNDELIVERABLE = "contact_undeliverable", _("Alamat pengadu tidak dapat dihubungi")
        ANSWER_SUBMITTED = "answer_submitted", _("Jawaban diajukan untuk persetujuan")
        ANSWER_RETURNED = "answer_returned", _("Jawaban dikembalikan untuk diperbaiki")
        ANSWER_APPROVED = "answer_approved", _("Jawaban disetujui")
        CORRECTED = "corrected", _("Data pengadu diperbaiki atas permintaannya")
        RESTRICTED = "restricted", _("Pemrosesan dibatasi atas permintaan pengadu")
        RESTRICTION_LIFTED = "restriction_lifted", _("Pembatasan pemrosesan dicabut")
        CONSENT_WITHDRAWN = (
            "consent_withdrawn",
            _("Persetujuan data opsional ditarik, datanya dihapus"),
        )

    # Indexed by complaint_event_idx (complaint, at), which leads with it.
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta(EventBase.Meta):
        # The table of the first version (complaints_event) keeps its rows: migration
        # 0002 renamed kind/public/message to action/visibility/note.
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_event_idx")]
        verbose_name = _("peristiwa pengaduan")
        verbose_name_plural = _("peristiwa pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class PersonalDataAccess(models.Model):
    """Who viewed a complainant's personal data, when, for which complaint (UU 27/2022)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="personal_data_accesses"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    purpose = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("akses data pribadi")

    def __str__(self) -> str:
        return f"{self.user_id} viewed {self.complaint_id} at {self.at}"


class ListKind(models.TextChoices):
    """The complaint lists a filter can be saved for (their URL names in `urls.py`)."""

    QUEUE = "antrean", _("Antrean pengaduan")
    ALL = "semua", _("Semua pengaduan")


class SavedFilter(models.Model):
    """A filter of a complaint list saved by one user for one office and one list (issue 14
    "Lists people can work from"): a name and the list's query string, re-validated by
    `staff_forms.QueueFilterForm` whenever it is saved. Only its owner sees and deletes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_complaint_filters"
    )
    office = models.ForeignKey(
        "offices.Office", on_delete=models.CASCADE, related_name="saved_complaint_filters"
    )
    list_kind = models.CharField(_("daftar"), max_length=10, choices=ListKind.choices)
    name = models.CharField(_("nama"), max_length=60)
    query = models.CharField(_("saringan"), max_length=1000, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "list_kind", "name"], name="saved_filter_name"
            )
        ]
        indexes = [
            models.Index(fields=["user", "office", "list_kind"], name="saved_filter_list_idx")
        ]
        verbose_name = _("saringan tersimpan")
        verbose_name_plural = _("saringan tersimpan")

    def __str__(self) -> str:
        return self.name
