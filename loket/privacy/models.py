"""Personal data under UU 27/2022 (PDP): how long each kind of record keeps its personal
parts in each office (with the office's retention schedule, JRA, it follows), the data
subjects' requests with their 3x24-hour clock, and one event row per thing done (a purge's
counts, never the data)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.crypto import EncryptedTextField
from loket.events import EventBase

# UU 27/2022: a data subject's access request and a breach notice are due within 3x24 hours,
# counted in clock hours (not working days). Due soon: the last quarter of the clock.
ANSWER_WITHIN = timedelta(hours=72)
DUE_SOON_BEFORE = timedelta(hours=18)


class RecordType(models.TextChoices):
    VISITS = "visits", _("Kunjungan: identitas, nomor identitas, Surat Tugas dan berkas")
    COMPLAINTS = "complaints", _("Pengaduan: identitas pengadu, rincian kanal, bukti")
    OUTBOX = "outbox", _("Pesan keluar: penerima dan isi")
    INBOUND = "inbound", _("Pesan masuk kanal pengaduan: pengirim, isi dan lampiran")
    TASK_RESULTS = "task_results", _("Hasil tugas latar belakang")


class RetentionPolicy(models.Model):
    """One office's retention of one record type. Without a row the default applies
    (`services.retention.DEFAULTS`); the complaints default is marked as to be confirmed."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.CASCADE, related_name="retention_policies"
    )
    record_type = models.CharField(_("jenis data"), max_length=20, choices=RecordType.choices)
    days = models.PositiveIntegerField(_("masa simpan (hari)"))
    jra_reference = models.CharField(
        _("rujukan JRA"),
        max_length=200,
        help_text=_("Jadwal Retensi Arsip instansi yang diikuti, misalnya nomor peraturannya."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "record_type"], name="retention_one_per_type"
            ),
        ]
        verbose_name = _("masa simpan")
        verbose_name_plural = _("masa simpan")

    def __str__(self) -> str:
        return f"{self.office_id} {self.record_type} {self.days}"


class DataSubjectRequest(models.Model):
    """A request of a data subject (UU 27/2022 Pasal 5-11), answered within 3x24 hours."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Akses")
        CORRECTION = "correction", _("Perbaikan")
        DELETION = "deletion", _("Penghapusan")
        RESTRICTION = "restriction", _("Pembatasan")
        OBJECTION = "objection", _("Keberatan")
        WITHDRAWAL = "withdrawal", _("Penarikan persetujuan")

    class Status(models.TextChoices):
        OPEN = "open", _("Diproses")
        ANSWERED = "answered", _("Dijawab")

    class Decision(models.TextChoices):
        GRANTED = "granted", _("Dikabulkan")
        REFUSED = "refused", _("Ditolak")

    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="data_subject_requests"
    )
    kind = models.CharField(_("jenis permintaan"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    name = models.CharField(_("nama"), max_length=200, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    nik = EncryptedTextField(_("NIK"), blank=True)  # encrypted at rest (loket.crypto)
    verification = models.TextField(
        _("cara identitas diverifikasi"),
        help_text=_("Misalnya: KTP asli diperiksa di loket, atau kode dikirim ke nomor tersebut."),
    )
    details = models.TextField(_("rincian permintaan"), blank=True)
    received_at = models.DateTimeField(_("diterima"))
    due_at = models.DateTimeField(_("batas waktu"))
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    # The language the requester is answered in (a code of settings.LANGUAGES).
    language = models.CharField(
        _("bahasa jawaban"), max_length=10, choices=settings.LANGUAGES, default="id"
    )
    # Correction, restriction, objection: the office's decision and its reason, told to the
    # requester (`services.requests.decide`).
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    # A granted restriction or objection lifted by the office (`services.lift_restriction`):
    # when, and the reason told to the requester.
    restriction_lifted_at = models.DateTimeField(_("pembatasan dicabut"), null=True, blank=True)
    lift_reason = models.TextField(_("alasan pencabutan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["office", "status", "due_at"], name="dsr_office_due_idx")]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")

    def __str__(self) -> str:
        return f"{self.office_id} {self.kind} {self.received_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and now > self.due_at

    def is_due_soon(self, now: datetime) -> bool:
        return self.is_open and self.due_at - DUE_SOON_BEFORE <= now <= self.due_at

    @property
    def may_lift_restriction(self) -> bool:
        """A granted restriction or objection whose restriction the office has not lifted."""
        return (
            self.kind in (self.Kind.RESTRICTION, self.Kind.OBJECTION)
            and self.decision == self.Decision.GRANTED
            and self.restriction_lifted_at is None
        )


class Breach(models.Model):
    """A personal-data breach (kegagalan pelindungan data pribadi) of an office, suspected or
    confirmed. UU 27/2022 Pasal 46: the subjects and the authority are notified in writing
    within 3x24 clock hours of discovery, stating the data disclosed, when and how, and the
    measures taken. `due_at` is `discovered_at` + 72 hours (stored UTC)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ditangani")
        CLOSED = "closed", _("Ditutup")

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("apa yang terjadi"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    how = models.TextField(
        _("bagaimana terjadi"),
        blank=True,
        help_text=_(
            "Misalnya: laptop hilang, akun petugas dibobol, berkas terkirim ke alamat salah."
        ),
    )
    data_categories = models.TextField(
        _("data pribadi yang terdampak"),
        help_text=_("Misalnya: nama, nomor telepon dan NIK pengadu; berkas Surat Tugas."),
    )
    subjects_count = models.PositiveIntegerField(
        _("jumlah subjek data terdampak"), null=True, blank=True
    )
    occurred_at = models.DateTimeField(_("waktu terjadi"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("waktu diketahui"))
    due_at = models.DateTimeField(_("batas pemberitahuan"))
    # The scope the affected people are found in (`services.breaches.affected_people`): the
    # record types (`RecordType` values: visits, complaints) collected in the time window.
    scope_types = models.JSONField(_("jenis data terdampak"), default=list, blank=True)
    scope_from = models.DateTimeField(_("data dikumpulkan sejak"), null=True, blank=True)
    scope_until = models.DateTimeField(_("data dikumpulkan sampai"), null=True, blank=True)
    measures = models.TextField(_("langkah penanganan dan pemulihan"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status", "due_at"], name="breach_office_due_idx")
        ]
        verbose_name = _("kegagalan pelindungan data")
        verbose_name_plural = _("kegagalan pelindungan data")

    def __str__(self) -> str:
        return f"{self.office_id} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def missing_notices(self) -> list[str]:
        """The recipients (`BreachNotice.Recipient` values) not notified yet, in their order.
        Reads `notices.all()`: prefetch it on lists."""
        sent = {notice.recipient for notice in self.notices.all()}
        return [r for r in BreachNotice.Recipient.values if r not in sent]

    def is_overdue(self, now: datetime) -> bool:
        """Open, a notice still missing, and past the 72 hours (the edge itself is on time)."""
        return self.is_open and bool(self.missing_notices) and now > self.due_at

    def is_due_soon(self, now: datetime) -> bool:
        return (
            self.is_open
            and bool(self.missing_notices)
            and self.due_at - DUE_SOON_BEFORE <= now <= self.due_at
        )


class BreachNotice(models.Model):
    """A notice of a breach sent to the authority or to the subjects (UU 27/2022 Pasal 46)."""

    class Recipient(models.TextChoices):
        AUTHORITY = "authority", _("Lembaga pelindungan data pribadi")
        SUBJECTS = "subjects", _("Subjek data")

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="notices")
    recipient = models.CharField(_("kepada"), max_length=20, choices=Recipient.choices)
    sent_at = models.DateTimeField(_("dikirim"))
    means = models.CharField(
        _("cara"),
        max_length=200,
        help_text=_("Misalnya: surat nomor ..., e-mail ke ..., SMS ke 120 nomor."),
    )
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("pemberitahuan kegagalan")
        verbose_name_plural = _("pemberitahuan kegagalan")

    def __str__(self) -> str:
        return f"{self.breach_id} {self.recipient} {self.sent_at:%Y-%m-%d %H:%M}"

    @property
    def is_late(self) -> bool:
        return self.sent_at > self.breach.due_at


class BreachNotifiedRecord(models.Model):
    """A record (a visit or a complaint, by kind and id: never a value of the person) whose
    person got the breach's notice (`services.breaches.notify_affected`): when the breach's
    scope widens, a person with any record here is not notified a second time."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="notified_records")
    kind = models.CharField(max_length=20)
    record_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["breach", "kind", "record_id"], name="breach_notified_record_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.breach_id} {self.kind} {self.record_id}"


class PrivacyProfile(models.Model):
    """What the office adds to its record of processing activities and its privacy notice:
    its data-protection contact (PPDP, UU 27/2022 Pasal 53), where the data is kept, its
    security measures, other recipients. One row per office, made on first save."""

    office = models.OneToOneField(
        "offices.Office", on_delete=models.CASCADE, related_name="privacy_profile"
    )
    controller_unit = models.CharField(
        _("unit penanggung jawab"),
        max_length=200,
        blank=True,
        help_text=_("Pejabat atau unit yang bertanggung jawab atas pemrosesan di instansi."),
    )
    dpo_name = models.CharField(_("nama PPDP"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("e-mail PPDP"), blank=True)
    dpo_phone = models.CharField(_("telepon PPDP"), max_length=40, blank=True)
    storage = models.TextField(
        _("tempat penyimpanan"),
        blank=True,
        help_text=_("Misalnya: server pusat data pemerintah provinsi, Pontianak."),
    )
    security_measures = models.TextField(_("langkah keamanan"), blank=True)
    other_recipients = models.TextField(_("penerima lain"), blank=True)
    notes = models.TextField(_("catatan tambahan"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("profil pelindungan data")
        verbose_name_plural = _("profil pelindungan data")

    def __str__(self) -> str:
        return f"{self.office_id}"


class PrivacyEvent(EventBase):
    """What was done with personal data of an office: a purge (counts per record type in
    `data`, never the data), a retention change, a request recorded or answered."""

    class Action(models.TextChoices):
        PURGED = "purged", _("Data pribadi yang lewat masa simpan dihapus")
        RETENTION_SET = "retention_set", _("Masa simpan diubah")
        REQUEST_RECORDED = "request_recorded", _("Permintaan subjek data dicatat")
        REQUEST_EXPORTED = "request_exported", _("Data subjek diekspor")
        REQUEST_ANSWERED = "request_answered", _("Permintaan subjek data dijawab")
        REQUEST_ERASED = "request_erased", _("Data pribadi subjek dihapus atas permintaannya")
        REQUEST_CORRECTED = "request_corrected", _("Data pribadi subjek diperbaiki")
        REQUEST_RESTRICTED = "request_restricted", _("Pemrosesan data subjek dibatasi")
        RESTRICTION_LIFTED = "restriction_lifted", _("Pembatasan pemrosesan dicabut")
        CONSENT_WITHDRAWN = (
            "consent_withdrawn",
            _("Persetujuan subjek ditarik, data opsionalnya dihapus"),
        )
        REQUEST_DECIDED = "request_decided", _("Keputusan atas permintaan dicatat")
        REQUEST_NOTIFIED = "request_notified", _("Pemohon diberi tahu hasilnya")
        BREACH_RECORDED = "breach_recorded", _("Kegagalan pelindungan data dicatat")
        BREACH_UPDATED = "breach_updated", _("Catatan kegagalan diubah")
        BREACH_NOTIFIED = "breach_notified", _("Pemberitahuan kegagalan dicatat")
        BREACH_CLOSED = "breach_closed", _("Kegagalan pelindungan data ditutup")
        BREACH_SUBJECTS_NOTIFIED = (
            "breach_subjects_notified",
            _("Pemberitahuan dikirim kepada subjek data terdampak"),
        )
        PROFILE_SET = "profile_set", _("Catatan pemrosesan diubah")

    office = models.ForeignKey(
        "offices.Office", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    breach = models.ForeignKey(
        Breach, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)

    class Meta(EventBase.Meta):
        verbose_name = _("peristiwa data pribadi")
        verbose_name_plural = _("peristiwa data pribadi")

    def __str__(self) -> str:
        return f"{self.office_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
