"""The durable outbox: one row per outbound message, written in the same transaction as the
change that causes it, so a crashed worker or a mail server that is down loses nothing; and
the staff notifications (in-app, with each person's preferences and the daily digest)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import StaffNoticeKind


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")
        # Recorded, but no real gateway took it (no LOKET_TEXT_SENDER configured).
        NOT_DELIVERED = "undelivered", _("Tidak terkirim (tanpa gateway)")

    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    recipient = models.CharField(_("penerima"), max_length=254)
    subject = models.CharField(_("subjek"), max_length=255, blank=True)
    body = models.TextField(_("isi"))
    html = models.TextField(_("isi HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # A claimed row has this pushed forward by a lease, so a second worker skips it and a
    # crashed worker's row comes due again by itself.
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    topic = models.CharField(_("topik"), max_length=80, blank=True)
    related = models.CharField(
        _("rujukan"),
        max_length=120,
        blank=True,
        help_text=_("Rujukan ke data asal, misalnya complaint:123."),
    )

    erase_after_send = models.BooleanField(
        _("hapus isi setelah terkirim"),
        default=False,
        help_text=_(
            "Isi memuat tautan rahasia (atur ulang sandi, undangan): dihapus begitu terkirim."
        ),
    )
    message_id = models.CharField(
        "Message-ID",
        max_length=255,
        blank=True,
        help_text=_("Message-ID surel ini: balasan yang menyebutnya kembali ke asalnya."),
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_due_idx",
            ),
            models.Index(fields=["related", "topic"], name="outbox_related_idx"),
            # A reply's In-Reply-To is looked up whole: no LIKE-pattern index beside it.
            models.Index(fields=["message_id"], name="outbox_message_id_idx"),
        ]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")

    def __str__(self) -> str:
        # Never the recipient or the subject: this is what admin titles and logs show.
        return f"{self.get_channel_display()} #{self.pk} {self.topic}".strip()


def _all_kinds() -> list[str]:
    return list(StaffNoticeKind.values)


class StaffNotification(models.Model):
    """One in-app notification for one staff member about work in one office. The title
    names the work by its reference number (never a complainant's name, contact or tracking
    code): it is shown in lists and may sit in the table for long."""

    Kind = StaffNoticeKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="staff_notifications",
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=StaffNoticeKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    link = models.CharField(_("tautan"), max_length=300, blank=True)
    # Makes a notification idempotent: one row per recipient and key ("" = no key).
    key = models.CharField(_("kunci"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="staffnotice_recipient_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="staffnotice_unread_idx",
            ),
            # The pruning job's range (`services.prune_staff_notifications`).
            models.Index(fields=["created_at"], name="staffnotice_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="staffnotice_unique_key",
            ),
        ]
        verbose_name = _("pemberitahuan staf")
        verbose_name_plural = _("pemberitahuan staf")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class StaffNoticePreference(models.Model):
    """Which notifications a staff member wants: in-app per kind (all by default) and the
    daily e-mail digest per kind of `DIGEST_KINDS` (none by default: opt-in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="staff_notice_preference",
    )
    in_app_kinds = models.JSONField(_("di aplikasi"), default=_all_kinds, blank=True)
    digest_kinds = models.JSONField(_("ringkasan harian"), default=list, blank=True)
    updated_at = models.DateTimeField(_("diubah pada"), default=timezone.now)

    class Meta:
        verbose_name = _("pengaturan pemberitahuan")
        verbose_name_plural = _("pengaturan pemberitahuan")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class StaffDigest(models.Model):
    """The daily digest claimed for one person, office and office-day: the row makes the
    digest job idempotent (a second run the same day finds it and sends nothing)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("hari"))
    items = models.PositiveIntegerField(_("jumlah butir"), default=0)
    sent_at = models.DateTimeField(_("dikirim pada"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "day"], name="staffdigest_once_per_day"
            ),
        ]
        verbose_name = _("ringkasan harian staf")
        verbose_name_plural = _("ringkasan harian staf")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.day}"
