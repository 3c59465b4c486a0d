"""SKM state: survey periods (with their follow-up plan and history), anonymous responses and
single-use survey tokens.

A response keeps the office, the service, the date and the answers only: no time of day, no
link to the token that admitted it and no link to a visit or complaint. Answers are stored
in one column per element CODE (u1..u9), so one SQL aggregate gives every NRR.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from loket.events import EventBase

from .ikm import CODES
from .questionnaire import AgeBand, Education, Occupation, Sex


class SurveyPeriod(models.Model):
    """One SKM run of an office (or of one of its services) over a range of dates."""

    class Kind(models.TextChoices):
        MONTH = "month", _("Bulanan")
        QUARTER = "quarter", _("Triwulan")
        SEMESTER = "semester", _("Semester")
        YEAR = "year", _("Tahunan")
        CUSTOM = "custom", _("Rentang lain")

    class Status(models.TextChoices):
        OPEN = "open", _("Berjalan")
        CLOSED = "closed", _("Ditutup")
        PUBLISHED = "published", _("Diumumkan")

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "standards.Service",
        verbose_name=_("layanan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosongkan untuk seluruh layanan instansi."),
    )
    kind = models.CharField(_("jenis periode"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    population = models.PositiveIntegerField(
        _("populasi"),
        null=True,
        blank=True,
        help_text=_(
            "Jumlah penerima layanan dalam periode. Kosongkan untuk memakai jumlah tautan "
            "survei yang diterbitkan untuk kunjungan dan pengaduan yang selesai."
        ),
    )
    # Responses are counted up to the last one stored when the period closed, so a closed
    # or published result never changes afterwards.
    last_response_id = models.BigIntegerField(null=True, blank=True, editable=False)
    # The sums and counts of those responses (`selectors._totals`: per bucket, source and
    # profile value), stored when the period closes: its results then read no response row,
    # even after a cache flush. Null while open (and for periods closed before it existed).
    totals = models.JSONField(null=True, blank=True, editable=False)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    conclusion = models.TextField(_("kesimpulan"), blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["office", "status", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_range"),
        ]
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")

    def __str__(self) -> str:
        return f"{self.start:%d-%m-%Y} s.d. {self.end:%d-%m-%Y}"


class FollowUp(models.Model):
    """One row of the follow-up plan (rencana tindak lanjut)."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="plan")
    element = models.CharField(_("unsur"), max_length=2, choices=[(code, code) for code in CODES])
    activity = models.CharField(_("kegiatan"), max_length=300)
    when = models.CharField(_("waktu"), max_length=100)
    responsible = models.CharField(_("penanggung jawab"), max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.element}: {self.activity}"


class SurveyPeriodEvent(EventBase):
    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="events")

    class Meta(EventBase.Meta):
        indexes = [models.Index(fields=["period", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"


class Source(models.TextChoices):
    VISIT_LINK = "visit", _("Tautan kunjungan")
    COMPLAINT_LINK = "complaint", _("Tautan pengaduan")
    KIOSK = "kiosk", _("Kios")
    POSTER = "poster", _("Poster/QR (tanpa token)")
    PAPER_ENTRY = "paper", _("Kuesioner kertas")
    PAPER_IMPORT = "import", _("Impor kuesioner kertas")


# The bucket reports show apart: answers that nobody vouched for (a public QR code).
WITHOUT_TOKEN = (Source.POSTER,)


class Moderation(models.TextChoices):
    NONE = "none", _("Tanpa saran")
    PENDING = "pending", _("Menunggu moderasi")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


def _answer_field(code: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(code, null=True, blank=True)


class Response(models.Model):
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "standards.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("usia"), max_length=5, choices=AgeBand.choices, blank=True)
    education = models.CharField(
        _("pendidikan"), max_length=5, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True
    )
    u1 = _answer_field("U1")
    u2 = _answer_field("U2")
    u3 = _answer_field("U3")
    u4 = _answer_field("U4")
    u5 = _answer_field("U5")
    u6 = _answer_field("U6")
    u7 = _answer_field("U7")
    u8 = _answer_field("U8")
    u9 = _answer_field("U9")
    suggestion = models.TextField(_("saran"), blank=True)
    # The office's kiosk device an answer from the kiosk came through (the id of the visits
    # app's enrolled kiosk, `kiosk_devices`; a number, not a foreign key: the survey does not
    # depend on the visits app's tables). Null for every other source.
    kiosk_device_id = models.BigIntegerField(_("perangkat kios"), null=True, blank=True)
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.NONE
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            # Covering: the results' one scan (`selectors._totals`) reads the period's rows
            # from this index alone, in index order, instead of fetching each row from the
            # table at random (twice as fast on SQLite at 100,000 rows; bench/README.md).
            # Its first two columns serve every other lookup by office and date.
            models.Index(
                fields=[
                    "office",
                    "date",
                    "source",
                    "sex",
                    "age_band",
                    "education",
                    "occupation",
                    "service",
                    *(code.lower() for code in CODES),
                ],
                name="response_results_cover",
            ),
            models.Index(fields=["office", "service", "date"]),
            # Moderation queues and the published suggestions: a few rows among many.
            models.Index(fields=["office", "moderation", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{code.lower()}__isnull": True})
                | Q(**{f"{code.lower()}__gte": 1, f"{code.lower()}__lte": 4}),
                name=f"response_{code.lower()}_1_to_4",
            )
            for code in CODES
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.date:%Y-%m-%d}"

    def answers(self) -> dict[str, int | None]:
        return {code: getattr(self, code.lower()) for code in CODES}


class SurveyToken(models.Model):
    """A single-use link to the questionnaire, issued when a visit ends or a complaint closes.

    Only a hash of the token is stored. The visit or complaint id is kept while the token is
    unused (so issuing twice gives the same link) and erased when it is used; the response
    written then carries no reference to this row.
    """

    class Kind(models.TextChoices):
        VISIT = "visit", _("Kunjungan")
        COMPLAINT = "complaint", _("Pengaduan")

    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "standards.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visit_id = models.BigIntegerField(null=True, blank=True)
    complaint_id = models.BigIntegerField(null=True, blank=True)
    issued_on = models.DateField()
    used = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["office", "issued_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.issued_on:%Y-%m-%d}"


class HeldResponse(models.Model):
    """An answer through the public poster over one of its soft limits (many answers from one
    address, or for one office and service, in an hour: `public_views.poster`), kept out of
    the results until staff look at it. Accepting it writes it as a Response (counted from
    then on, like any new answer: a closed period's result never changes); rejecting it
    deletes it. Holds what a Response would: the office, service, date and the sheet."""

    class Reason(models.TextChoices):
        ADDRESS = "address", _("Banyak jawaban dari satu alamat internet dalam satu jam")
        SCOPE = "scope", _("Banyak jawaban untuk layanan ini dalam satu jam")

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "standards.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    reason = models.CharField(_("alasan"), max_length=10, choices=Reason.choices)
    # The sheet as `services.Answers` holds it: scores by element code, profile, suggestion.
    sheet = models.JSONField(default=dict)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["office", "date"])]
        verbose_name = _("jawaban ditahan")
        verbose_name_plural = _("jawaban ditahan")

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.date:%Y-%m-%d}"

    def scores(self) -> list[tuple[str, int | None]]:
        """(code, score) in the questionnaire's order."""
        from .ikm import QUESTION_ORDER

        given = self.sheet.get("scores", {})
        return [(code, given.get(code)) for code in QUESTION_ORDER]
