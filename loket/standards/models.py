"""Services (layanan), their versioned service standards (standar pelayanan), the office's
service pledge (maklumat pelayanan) and the log of every change to them.

A standard holds the fourteen components of PermenPANRB 15/2014 as structured data: the six
service-delivery components the public reads (requirements, procedure, time, fee, product,
complaint handling) and the eight management components (the list: `components.py`). A
version is edited as a draft and frozen when published. A published version is in force from
its effective date (from its publication when it has none) until the next version's; a
version published by mistake is withdrawn by publishing a correcting version, and stays
readable with the reason.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket.events import EventBase


class DurationUnit(models.TextChoices):
    MINUTES = "minutes", _("menit")
    HOURS = "hours", _("jam")
    DAYS = "days", _("hari")
    WORKING_DAYS = "working_days", _("hari kerja")


def as_timedelta(amount: int | None, unit: str) -> timedelta | None:
    """A clock duration for minutes, hours and calendar days. Working days depend on the
    office calendar (holidays, cuti bersama), so they have no fixed length: None."""
    if amount is None:
        return None
    match unit:
        case DurationUnit.MINUTES:
            return timedelta(minutes=amount)
        case DurationUnit.HOURS:
            return timedelta(hours=amount)
        case DurationUnit.DAYS:
            return timedelta(days=amount)
    return None


class Service(models.Model):
    """A service the office provides (seed: Pelayanan Konsultasi)."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="services")
    slug = models.SlugField(_("kode"), max_length=80)
    name = models.CharField(_("nama layanan"), max_length=200)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["office", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="service_unique_slug"),
        ]
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("standards:service", args=[self.office.slug, self.slug])


class Standard(models.Model):
    """One version of a service's standard. Drafts change; published versions never do."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")
        WITHDRAWN = "withdrawn", _("Ditarik")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="standards")
    version = models.PositiveIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    decree_number = models.CharField(_("nomor SK"), max_length=200, blank=True)
    effective_date = models.DateField(_("tanggal berlaku"), null=True, blank=True)
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # 1 Persyaratan: list of strings, in order.
    requirements = models.JSONField(_("persyaratan"), default=list, blank=True)
    # 2 Sistem, mekanisme dan prosedur: list of {"label": "a", "text": "..."}, in order.
    procedure = models.JSONField(_("prosedur"), default=list, blank=True)
    # 3 Jangka waktu: the text as published plus the parsed amount and unit.
    completion_time_text = models.CharField(_("waktu penyelesaian"), max_length=200, blank=True)
    completion_time_amount = models.PositiveIntegerField(null=True, blank=True)
    completion_time_unit = models.CharField(max_length=20, choices=DurationUnit.choices, blank=True)
    administration_time_text = models.CharField(_("waktu administrasi"), max_length=200, blank=True)
    administration_time_amount = models.PositiveIntegerField(null=True, blank=True)
    administration_time_unit = models.CharField(
        max_length=20, choices=DurationUnit.choices, blank=True
    )
    consultation_time_text = models.CharField(_("waktu konsultasi"), max_length=200, blank=True)
    consultation_time_amount = models.PositiveIntegerField(null=True, blank=True)
    consultation_time_unit = models.CharField(
        max_length=20, choices=DurationUnit.choices, blank=True
    )
    # 4 Biaya / tarif
    fee_text = models.TextField(_("biaya / tarif"), blank=True)
    fee_amount = models.PositiveBigIntegerField(
        _("besaran biaya (Rp)"), null=True, blank=True, help_text=_("0 bila tidak dipungut biaya.")
    )
    fee_legal_basis = models.TextField(_("dasar hukum biaya"), blank=True)
    # Tiers when the fee differs by case ("Umum : Rp. 0,-", "Terlambat : Rp. 10.000,-"): a list
    # of {"name", "text", "amount"}; fee_amount is then empty (no single amount).
    fee_tiers = models.JSONField(_("golongan biaya"), default=list, blank=True)
    # 5 Produk pelayanan: list of strings.
    products = models.JSONField(_("produk pelayanan"), default=list, blank=True)
    # 6 Penanganan pengaduan: channels and flow are lists of strings; classes a list of
    # {"code", "name", "text", "amount", "unit"} (unit: hours or working_days).
    complaint_intro = models.CharField(_("pengantar saluran pengaduan"), max_length=200, blank=True)
    complaint_channels = models.JSONField(_("saluran pengaduan"), default=list, blank=True)
    complaint_flow = models.JSONField(_("alur penanganan pengaduan"), default=list, blank=True)
    complaint_classes = models.JSONField(
        _("jangka waktu penyelesaian pengaduan"), default=list, blank=True
    )
    # 7-14 Management components (PermenPANRB 15/2014).
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    facilities = models.TextField(_("sarana, prasarana dan/atau fasilitas"), blank=True)
    staff_competence = models.TextField(_("kompetensi pelaksana"), blank=True)
    internal_supervision = models.TextField(_("pengawasan internal"), blank=True)
    staff_count = models.TextField(_("jumlah pelaksana"), blank=True)
    service_guarantee = models.TextField(_("jaminan pelayanan"), blank=True)
    security_guarantee = models.TextField(
        _("jaminan keamanan dan keselamatan pelayanan"), blank=True
    )
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)

    # A correcting version names the version it withdraws and why (set when it is started,
    # applied when it is published).
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("mengoreksi versi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
    )
    correction_reason = models.TextField(_("alasan koreksi"), blank=True)
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)

    # Import provenance: the source's hash (re-importing the same text changes nothing), the
    # office header as the source printed it, what the importer could not place (lines as
    # written), the values it wants a person to confirm and its notes ({"code", "params"},
    # translated when shown, see sippn.notes) and how much of the text it placed.
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    source_header = models.JSONField(default=dict, blank=True)
    import_unplaced = models.JSONField(default=list, blank=True)
    import_warnings = models.JSONField(default=list, blank=True)
    import_report = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="standard_unique_version"),
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(status="draft"),
                name="standard_one_draft_per_service",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="standard_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["service", "status", "-version"])]
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")

    def __str__(self) -> str:
        return f"{self.service} v{self.version} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        service = self.service
        return reverse(
            "standards:service_version", args=[service.office.slug, service.slug, self.version]
        )

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def placed_percent(self) -> int | None:
        """The share of the imported text the importer placed, in percent (None: typed in)."""
        total = self.import_report.get("chars_total") if self.import_report else None
        if not total:
            return None
        return int((1 - self.import_report.get("chars_unplaced", 0) / total) * 100)

    @property
    def administration_time(self) -> timedelta | None:
        return as_timedelta(self.administration_time_amount, self.administration_time_unit)

    @property
    def completion_time(self) -> timedelta | None:
        return as_timedelta(self.completion_time_amount, self.completion_time_unit)

    @property
    def consultation_time(self) -> timedelta | None:
        return as_timedelta(self.consultation_time_amount, self.consultation_time_unit)


class Pledge(models.Model):
    """The office's maklumat pelayanan (UU 25/2009 Pasal 22), versioned like a standard."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="pledges")
    version = models.PositiveIntegerField(_("versi"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    text = models.TextField(_("isi maklumat"))
    signatory = models.CharField(_("penanda tangan"), max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["office", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["office", "version"], name="pledge_unique_version"),
            models.UniqueConstraint(
                fields=["office"],
                condition=models.Q(status="draft"),
                name="pledge_one_draft_per_office",
            ),
        ]
        verbose_name = _("maklumat pelayanan")
        verbose_name_plural = _("maklumat pelayanan")

    def __str__(self) -> str:
        return f"{self.office} maklumat v{self.version}"


class StandardEvent(EventBase):
    """Who changed what, when: one row per change to a service, standard or pledge.
    `data["fields"]` lists the fields a change touched."""

    class Action(models.TextChoices):
        SERVICE_CREATED = "service_created", _("Layanan dibuat")
        DRAFT_CREATED = "draft_created", _("Draf dibuat")
        DRAFT_UPDATED = "draft_updated", _("Draf diubah")
        IMPORTED = "imported", _("Diimpor dari teks SIPPN")
        PUBLISHED = "published", _("Diterbitkan")
        CORRECTION_STARTED = "correction_started", _("Koreksi dimulai")
        WITHDRAWN = "withdrawn", _("Ditarik dan dikoreksi")
        PLEDGE_SAVED = "pledge_saved", _("Maklumat diubah")
        PLEDGE_PUBLISHED = "pledge_published", _("Maklumat diterbitkan")

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)

    class Meta(EventBase.Meta):
        indexes = [models.Index(fields=["service", "-at"])]
        verbose_name = _("riwayat perubahan")
        verbose_name_plural = _("riwayat perubahan")

    def __str__(self) -> str:
        return f"{self.get_action_display()} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def fields(self) -> list[str]:
        return list(self.data.get("fields", []))
