"""The consultation desk: visits (buku tamu), their queue numbers, the consultations with the
divisions, the files a visitor brings, and one event row per state change.

The procedure is the seed's Pelayanan Konsultasi: (a) the visitor goes to the information
officer, (b) states the purpose and fills in the guest book, (c) receives information, (d)
receives consultation from a division. Administration (check-in -> routing) takes at most the
standard's "Administrasi" time (15 minutes in the seed), counted in office time.

Every state change goes through `loket.visits.services`, which checks the transition against
`TRANSITIONS` and writes a `VisitEvent` (`loket.events.EventBase`). Other apps' models are
named by their "app.Model" strings only: visits never imports another app's models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.crypto import BlindIndexField, EncryptedTextField
from loket.events import EventBase, Visibility

QUEUE_PREFIX = "K"


def queue_label(number: int | None) -> str:
    """The queue number as shown and printed: K-007."""
    return f"{QUEUE_PREFIX}-{number:03d}" if number else ""


class VisitSettings(models.Model):
    """Per-office choices about visitors' personal data (UU 27/2022 PDP: purpose limitation,
    minimal collection, deletion when the retention period ends). The purge job that acts on
    `retention_days` is a later issue; the setting is modelled and shown on the forms now."""

    office = models.OneToOneField(
        "offices.Office", on_delete=models.CASCADE, related_name="visit_settings"
    )
    retention_days = models.PositiveIntegerField(
        _("masa simpan data pengunjung (hari)"),
        default=365,
        help_text=_("Setelah masa ini data pribadi pengunjung dihapus."),
    )
    store_id_number = models.BooleanField(
        _("simpan nomor identitas"),
        default=False,
        help_text=_(
            "Bila tidak dicentang, petugas hanya mencatat bahwa identitas sudah diperiksa; "
            "nomor KTP/NIP tidak disimpan."
        ),
    )
    # The waiting-room screen's running line and the kiosk's whereabouts (for browsers that
    # are not the office's kiosk), both set by the office admin.
    display_message = models.CharField(
        _("teks berjalan di layar antrean"),
        max_length=300,
        blank=True,
        help_text=_("Informasi singkat yang berjalan di bagian bawah layar ruang tunggu."),
    )
    kiosk_location = models.CharField(
        _("letak kios penerimaan tamu"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya “Lobi lantai 1, di samping meja Petugas Informasi”."),
    )
    # Bookings: the length of a time slot (its capacity per division is a `SlotCapacity`).
    slot_minutes = models.PositiveSmallIntegerField(_("panjang slot pemesanan (menit)"), default=30)
    ticket_paper = models.CharField(
        _("kertas slip antrean"),
        max_length=8,
        choices=[("58mm", _("Struk 58 mm")), ("80mm", _("Struk 80 mm")), ("a6", _("A6"))],
        default="80mm",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pengaturan buku tamu")
        verbose_name_plural = _("pengaturan buku tamu")

    def __str__(self) -> str:
        return str(self.office)


class Visit(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Dipesan")
        CHECKED_IN = "checked_in", _("Menunggu di informasi")
        ROUTED = "routed", _("Menunggu konsultasi")
        CALLED = "called", _("Dipanggil")
        IN_CONSULTATION = "in_consultation", _("Sedang konsultasi")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")
        NO_SHOW = "no_show", _("Tidak datang")
        WALKED_OUT = "walked_out", _("Pergi sebelum dilayani")

    class Source(models.TextChoices):
        ONLINE = "online", _("Pemesanan daring")
        KIOSK = "kiosk", _("Kios")
        DESK = "desk", _("Petugas informasi")
        API = "api", _("API")

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="visits")
    service = models.ForeignKey(
        "standards.Service",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("layanan"),
    )
    # The division wanted at booking, then the division the visit is routed or handed to.
    division = models.ForeignKey(
        "offices.Division",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("bagian"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    source = models.CharField(_("asal"), max_length=10, choices=Source.choices)
    booking_code = models.CharField(_("kode pemesanan"), max_length=20, unique=True)
    # The visitor's own link (/kunjungan/<token>/): a secret, never shown to other visitors.
    token = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8, default="id")

    # The guest book (seed step b). Only what the procedure needs.
    name = models.CharField(_("nama"), max_length=120)
    phone = models.CharField(_("nomor telepon"), max_length=30)
    email = models.EmailField(_("e-mail"), blank=True)
    institution = models.CharField(_("instansi asal"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=120)
    purpose = models.TextField(_("keperluan"), max_length=2000)
    preferred_date = models.DateField(_("tanggal kunjungan"), null=True, blank=True)
    preferred_time = models.TimeField(_("jam kunjungan"), null=True, blank=True)

    # The queue: one number per office per local day, never repeated (constraint below).
    queue_date = models.DateField(null=True, blank=True)
    queue_number = models.PositiveIntegerField(null=True, blank=True)

    # Reception (seed step c).
    requirements_checked = models.JSONField(default=list, blank=True)
    identity_checked = models.BooleanField(default=False)
    # The NIK or NIP (at most ID_NUMBER_LENGTH characters), encrypted at rest
    # (loket.crypto); found by its blind index only (person_match).
    id_number = EncryptedTextField(blank=True)
    id_number_index = BlindIndexField(source="id_number")
    information_given = models.TextField(blank=True)

    # Timestamps (UTC) of each step; durations in seconds are fixed when a step ends.
    booked_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The day-before reminder of a booking (jobs.remind_bookings), claimed once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Processing restricted at the visitor's request (UU 27/2022 Pasal 11, the privacy app's
    # restriction request): no message leaves for them, the staff page says so.
    processing_restricted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The visitor's consent to optional data (UU 27/2022 Pasal 20-22): a list of
    # {"what", "purpose", "at", "notice_version"}, one per optional field given; no values.
    consents = models.JSONField(default=list, blank=True, editable=False)
    admin_limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    admin_seconds = models.PositiveIntegerField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "queue_date", "queue_number"],
                condition=models.Q(queue_number__isnull=False),
                name="visit_queue_number_unique_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(queue_number__isnull=True) | models.Q(queue_date__isnull=False),
                name="visit_queue_number_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "queue_date"], name="visit_office_day_idx"),
            models.Index(fields=["office", "status", "preferred_date"], name="visit_status_idx"),
            models.Index(fields=["office", "checked_in_at"], name="visit_checkin_idx"),
        ]
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")

    def __str__(self) -> str:
        return f"{self.queue or self.booking_code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("visits:summary", args=[self.token])

    @property
    def queue(self) -> str:
        return queue_label(self.queue_number)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    # What the pages ask of a visit's status, so templates never spell a status code.

    def may_become(self, status: str) -> bool:
        """Whether `TRANSITIONS` allows this visit to move to `status` now."""
        return status in TRANSITIONS.get(self.status, ())

    @property
    def is_booked(self) -> bool:
        return self.status == Visit.Status.BOOKED

    @property
    def is_at_desk(self) -> bool:
        """Checked in and waiting at the information desk (the administration clock runs)."""
        return self.status == Visit.Status.CHECKED_IN

    @property
    def is_on_site(self) -> bool:
        return self.status in ON_SITE_STATUSES

    @property
    def is_called(self) -> bool:
        return self.status == Visit.Status.CALLED

    @property
    def is_in_consultation(self) -> bool:
        return self.status == Visit.Status.IN_CONSULTATION

    @property
    def may_walk_out(self) -> bool:
        return self.may_become(Visit.Status.WALKED_OUT)

    @property
    def may_cancel(self) -> bool:
        return self.may_become(Visit.Status.CANCELLED)

    @property
    def may_hand_over(self) -> bool:
        """Called or in consultation: a consultant may pass the visitor to another division."""
        return self.status in (Visit.Status.CALLED, Visit.Status.IN_CONSULTATION)


OPEN_STATUSES = (
    Visit.Status.BOOKED,
    Visit.Status.CHECKED_IN,
    Visit.Status.ROUTED,
    Visit.Status.CALLED,
    Visit.Status.IN_CONSULTATION,
)
ON_SITE_STATUSES = (
    Visit.Status.CHECKED_IN,
    Visit.Status.ROUTED,
    Visit.Status.CALLED,
    Visit.Status.IN_CONSULTATION,
)

_S = Visit.Status
# from -> allowed to. "" is a visit that does not exist yet (created booked or checked in).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "": (_S.BOOKED, _S.CHECKED_IN),
    _S.BOOKED: (_S.CHECKED_IN, _S.CANCELLED, _S.NO_SHOW),
    _S.CHECKED_IN: (_S.ROUTED, _S.WALKED_OUT, _S.CANCELLED),
    _S.ROUTED: (_S.CALLED, _S.WALKED_OUT),
    _S.CALLED: (_S.IN_CONSULTATION, _S.ROUTED, _S.WALKED_OUT),
    _S.IN_CONSULTATION: (_S.DONE, _S.ROUTED),
    _S.DONE: (),
    _S.CANCELLED: (),
    _S.NO_SHOW: (),
    _S.WALKED_OUT: (),
}


class ConsultationStatus(models.TextChoices):
    WAITING = "waiting", _("Menunggu")
    CALLED = "called", _("Dipanggil")
    ACTIVE = "active", _("Berlangsung")
    DONE = "done", _("Selesai")
    HANDED_OVER = "handed_over", _("Dialihkan")
    ABANDONED = "abandoned", _("Tidak dilayani")


# A consultation still in a division's hands: at most one per visit (constraint below).
OPEN_CONSULTATION = (
    ConsultationStatus.WAITING,
    ConsultationStatus.CALLED,
    ConsultationStatus.ACTIVE,
)
_OPEN_CONSULTATION_VALUES = [str(status.value) for status in OPEN_CONSULTATION]


class Consultation(models.Model):
    """One division's part of a visit (seed step d). A hand-over closes this row and opens
    one for the next division; at most one row per visit is open (constraint), so two
    receptionists routing the same visitor cannot create two consultations."""

    Status = ConsultationStatus

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="consultations")
    division = models.ForeignKey(
        "offices.Division", on_delete=models.PROTECT, related_name="consultations"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    handed_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="handed_to"
    )
    handover_reason = models.TextField(blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    queued_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    internal_notes = models.TextField(_("catatan internal"), blank=True)
    outcome_summary = models.TextField(_("ringkasan hasil"), blank=True)
    follow_up_needed = models.BooleanField(_("perlu tindak lanjut"), default=False)
    outcome_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit"],
                condition=models.Q(status__in=_OPEN_CONSULTATION_VALUES),
                name="consultation_one_open_per_visit",
            ),
        ]
        indexes = [
            models.Index(
                fields=["division", "queued_at"],
                condition=models.Q(status__in=_OPEN_CONSULTATION_VALUES),
                name="consultation_open_queue_idx",
            ),
        ]
        verbose_name = _("konsultasi")
        verbose_name_plural = _("konsultasi")

    def __str__(self) -> str:
        return f"{self.visit} -> {self.division}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CONSULTATION

    @property
    def is_done(self) -> bool:
        return self.status == ConsultationStatus.DONE

    @property
    def is_handed_over(self) -> bool:
        return self.status == ConsultationStatus.HANDED_OVER


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the visitor's file name: it may carry personal data and unsafe characters.
    return f"visits/{instance.visit.office_id}/{instance.stored_name}"


class Attachment(models.Model):
    """A document the visitor uploaded with a booking. Served only to staff of the office."""

    class Kind(models.TextChoices):
        ASSIGNMENT_LETTER = "surat_tugas", _("Surat Tugas")
        SUPPORTING = "supporting", _("Dokumen pendukung")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    stored_name = models.CharField(max_length=80)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("berkas kunjungan")
        verbose_name_plural = _("berkas kunjungan")

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The visitor's own file name for the download, with the extension of the content
        actually stored (a PDF named "surat.exe" downloads as "surat.exe.pdf"); a name with
        nothing usable left becomes "<kind>.<extension>"."""
        extension = self.stored_name.rsplit(".", 1)[-1].lower()
        name = " ".join(self.original_name.replace("/", " ").replace("\\", " ").split())
        if not any(char.isalnum() for char in name):
            name = self.kind
        if not name.lower().endswith(f".{extension}"):
            name = f"{name}.{extension}"
        return name


class VisitEvent(EventBase):
    """Who did what to a visit, when, from which status to which: the audit trail, the
    timestamps of every step, the visitor's timeline (`.public()`) and the source of the
    reports. Written only through `loket.events.record_event` (services.rules.write_event)."""

    class Action(models.TextChoices):
        BOOKED = "booked", _("Dipesan")
        RESCHEDULED = "rescheduled", _("Jadwal diubah")
        REMINDED = "reminded", _("Pengingat dikirim")
        CHECKED_IN = "checked_in", _("Datang (check-in)")
        RECEPTION = "reception", _("Pemeriksaan persyaratan dicatat")
        ROUTED = "routed", _("Diarahkan ke bagian")
        CALLED = "called", _("Dipanggil")
        RETURNED = "returned", _("Dikembalikan ke antrean")
        STARTED = "started", _("Konsultasi dimulai")
        HANDED_OVER = "handed_over", _("Dialihkan ke bagian lain")
        NOTES = "notes", _("Catatan diubah")
        ENDED = "ended", _("Konsultasi selesai")
        OUTCOME_SENT = "outcome_sent", _("Ringkasan dikirim")
        CANCELLED = "cancelled", _("Dibatalkan")
        NO_SHOW = "no_show", _("Tidak datang")
        WALKED_OUT = "walked_out", _("Pergi sebelum dilayani")
        CORRECTED = "corrected", _("Data pengunjung diperbaiki atas permintaannya")
        RESTRICTED = "restricted", _("Pemrosesan dibatasi atas permintaan pengunjung")
        RESTRICTION_LIFTED = "restriction_lifted", _("Pembatasan pemrosesan dicabut")
        CONSENT_WITHDRAWN = (
            "consent_withdrawn",
            _("Persetujuan data opsional ditarik, datanya dihapus"),
        )

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)
    division = models.ForeignKey(
        "offices.Division", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(EventBase.Meta):
        verbose_name = _("peristiwa kunjungan")
        verbose_name_plural = _("peristiwa kunjungan")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.action} {self.from_status}->{self.to_status}"

    @staticmethod
    def _label(status: str) -> str:
        """The translated label of a stored status code ("" for none; an unknown code as is)."""
        if not status:
            return ""
        return str(Visit.Status(status).label) if status in Visit.Status.values else status

    @property
    def from_status_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_status_label(self) -> str:
        return self._label(self.to_status)

    @property
    def names_division(self) -> bool:
        """The visitor's timeline names the division of a routing or a hand-over."""
        return self.action in (VisitEvent.Action.ROUTED, VisitEvent.Action.HANDED_OVER)


# The steps the visitor reads on their own link; the rest (reception checklist, notes, the
# outcome e-mail, a return to the queue) is for the staff only.
PUBLIC_ACTIONS = (
    VisitEvent.Action.BOOKED,
    VisitEvent.Action.RESCHEDULED,
    VisitEvent.Action.CHECKED_IN,
    VisitEvent.Action.ROUTED,
    VisitEvent.Action.CALLED,
    VisitEvent.Action.STARTED,
    VisitEvent.Action.HANDED_OVER,
    VisitEvent.Action.ENDED,
    VisitEvent.Action.CANCELLED,
    VisitEvent.Action.NO_SHOW,
    VisitEvent.Action.WALKED_OUT,
)


def visibility_of(action: str) -> str:
    """Public for the steps the visitor reads (`PUBLIC_ACTIONS`), staff for the others."""
    return Visibility.PUBLIC if action in PUBLIC_ACTIONS else Visibility.STAFF


class QueueCounter(models.Model):
    """The last queue number given out by an office on a local day. Allocation increments it
    with one UPDATE, which holds the row lock until commit, so two kiosks never get the same
    number; the unique constraint on Visit is the second line of defence."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "day"], name="queue_counter_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.day} {self.last_number}"
