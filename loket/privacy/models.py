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

from loket.events import EventBase

# UU 27/2022: a data subject's access request and a breach notice are due within 3x24 hours,
# counted in clock hours (not working days). Due soon: the last quarter of the clock.
ANSWER_WITHIN = timedelta(hours=72)
DUE_SOON_BEFORE = timedelta(hours=18)


class RecordType(models.TextChoices):
    VISITS = "visits", _("Kunjungan: identitas, nomor identitas, Surat Tugas dan berkas")
    COMPLAINTS = "complaints", _("Pengaduan: identitas pengadu, rincian kanal, bukti")
    OUTBOX = "outbox", _("Pesan keluar: penerima dan isi")
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

    class Status(models.TextChoices):
        OPEN = "open", _("Diproses")
        ANSWERED = "answered", _("Dijawab")

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
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    verification = models.TextField(
        _("cara identitas diverifikasi"),
        help_text=_("Misalnya: KTP asli diperiksa di loket, atau kode dikirim ke nomor tersebut."),
    )
    details = models.TextField(_("rincian permintaan"), blank=True)
    received_at = models.DateTimeField(_("diterima"))
    due_at = models.DateTimeField(_("batas waktu"))
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
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


class PrivacyEvent(EventBase):
    """What was done with personal data of an office: a purge (counts per record type in
    `data`, never the data), a retention change, a request recorded or answered."""

    class Action(models.TextChoices):
        PURGED = "purged", _("Data pribadi yang lewat masa simpan dihapus")
        RETENTION_SET = "retention_set", _("Masa simpan diubah")
        REQUEST_RECORDED = "request_recorded", _("Permintaan subjek data dicatat")
        REQUEST_EXPORTED = "request_exported", _("Data subjek diekspor")
        REQUEST_ANSWERED = "request_answered", _("Permintaan subjek data dijawab")

    office = models.ForeignKey(
        "offices.Office", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)

    class Meta(EventBase.Meta):
        verbose_name = _("peristiwa data pribadi")
        verbose_name_plural = _("peristiwa data pribadi")

    def __str__(self) -> str:
        return f"{self.office_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
