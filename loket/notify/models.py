"""The durable outbox: one row per outbound message, written in the same transaction as the
change that causes it, so a crashed worker or a mail server that is down loses nothing."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        db_index=True,
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
        ]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")

    def __str__(self) -> str:
        # Never the recipient or the subject: this is what admin titles and logs show.
        return f"{self.get_channel_display()} #{self.pk} {self.topic}".strip()
