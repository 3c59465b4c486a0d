"""Pesan masuk: the accounts an office receives on (a WhatsApp business number, a mailbox,
its SP4N-LAPOR! import), every message received exactly as it came (raw bytes or JSON and
their SHA-256), its attachments, the WhatsApp messages we sent (to match status callbacks)
and the event history of each message. Every change goes through `services/`."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.crypto import EncryptedTextField
from loket.events import EventBase

from . import crypto


class Provider(models.TextChoices):
    WHATSAPP_CLOUD = "whatsapp_cloud", _("WhatsApp Business Platform (Cloud API)")
    IMAP = "imap", _("Kotak surat IMAP")
    LAPOR = "lapor", _("Impor SP4N-LAPOR!")


class IntakeChannel(models.TextChoices):
    """The complaint channels intake feeds (values of `offices.Channel.Kind`)."""

    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    FAX = "fax", _("Faksimile")
    LAPOR = "lapor", _("SP4N-LAPOR!")


class ChannelAccount(models.Model):
    """One account an office receives on. Secrets are stored encrypted (`crypto`)."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.CASCADE, related_name="intake_accounts"
    )
    provider = models.CharField(_("penyedia"), max_length=20, choices=Provider.choices)
    channel = models.CharField(_("kanal"), max_length=20, choices=IntakeChannel.choices)
    label = models.CharField(_("nama"), max_length=200)
    address = models.CharField(
        _("nomor / alamat"),
        max_length=254,
        blank=True,
        help_text=_("Nomor WhatsApp bisnis atau alamat e-mail yang diumumkan."),
    )
    # WhatsApp: the phone number id of the Cloud API (routes webhook changes to the office).
    external_id = models.CharField(_("ID nomor telepon"), max_length=64, blank=True)
    # IMAP
    host = models.CharField(_("server IMAP"), max_length=200, blank=True)
    port = models.PositiveIntegerField(_("port"), null=True, blank=True)
    use_ssl = models.BooleanField(_("SSL/TLS"), default=True)
    username = models.CharField(_("nama pengguna"), max_length=200, blank=True)
    folder = models.CharField(_("folder masuk"), max_length=200, default="INBOX")
    done_folder = models.CharField(
        _("folder setelah disimpan"),
        max_length=200,
        blank=True,
        help_text=_("Kosong: pesan hanya ditandai, tidak dipindahkan."),
    )
    # WhatsApp templates (outside the 24-hour window only approved templates may be sent):
    # {"default": "pemberitahuan_pengaduan", "acknowledgement": "...", ...}
    templates = models.JSONField(_("templat WhatsApp"), default=dict, blank=True)
    template_language = models.CharField(_("bahasa templat"), max_length=10, default="id")
    # The provider secrets as JSON, encrypted (`loket.crypto`).
    secrets_token = EncryptedTextField(editable=False, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Polling state (IMAP): the mailbox's UIDVALIDITY and the highest UID stored.
    uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_poll_error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["office", "channel", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "external_id"],
                condition=~models.Q(external_id=""),
                name="intake_account_external_unique",
            ),
        ]
        verbose_name = _("akun kanal masuk")
        verbose_name_plural = _("akun kanal masuk")

    def __str__(self) -> str:
        return f"{self.label} ({self.get_provider_display()})"

    # Secrets: access_token, app_secret, verify_token (WhatsApp), password (IMAP).
    def get_secrets(self) -> dict[str, str]:
        return crypto.loads(self.secrets_token)

    def set_secrets(self, **values: str) -> None:
        """Merge `values` into the stored secrets; an empty value keeps the old one."""
        current = self.get_secrets()
        current.update({k: v for k, v in values.items() if v})
        self.secrets_token = crypto.dumps(current)

    def secret(self, name: str) -> str:
        return self.get_secrets().get(name, "")

    def masked_secrets(self) -> dict[str, str]:
        return {k: crypto.mask(v) for k, v in self.get_secrets().items()}


class InboundMessage(models.Model):
    """Anything received on a channel, before (and after) it is a complaint."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Pesan")
        STATUS = "status", _("Status pengiriman")
        AUTO_REPLY = "auto_reply", _("Balasan otomatis")
        BOUNCE = "bounce", _("Laporan gagal kirim")
        UNKNOWN = "unknown", _("Tidak dikenal")

    class State(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        PROCESSED = "processed", _("Diproses")
        IGNORED = "ignored", _("Diabaikan")
        FAILED = "failed", _("Gagal")

    class Outcome(models.TextChoices):
        NONE = "", _("Belum ditangani")
        CREATED = "created", _("Menjadi pengaduan baru")
        JOINED = "joined", _("Ditambahkan ke pengaduan")
        INBOX = "inbox", _("Menunggu Pejabat")
        NOT_COMPLAINT = "not_complaint", _("Bukan pengaduan")
        SPAM = "spam", _("Spam")
        RECORDED = "recorded", _("Dicatat")

    channel = models.CharField(_("kanal"), max_length=20, choices=IntakeChannel.choices)
    account = models.ForeignKey(
        ChannelAccount,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )
    provider_id = models.CharField(_("ID penyedia"), max_length=255, blank=True)
    dedupe_key = models.CharField(max_length=255)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.MESSAGE)
    sender = models.CharField(_("pengirim"), max_length=254, blank=True)
    sender_name = models.CharField(_("nama pengirim"), max_length=200, blank=True)
    provider_at = models.DateTimeField(_("waktu kirim"), null=True, blank=True)
    received_at = models.DateTimeField(_("waktu diterima"), default=timezone.now)
    subject = models.CharField(_("subjek"), max_length=500, blank=True)
    text = models.TextField(_("isi"), blank=True)
    # {"in_reply_to": "...", "references": [...], "quoted_id": "...", "tracking_code": "..."}
    thread_hint = models.JSONField(default=dict, blank=True)
    # Provider-specific facts found while parsing ({"media": [...], "status": "failed", ...}).
    details = models.JSONField(default=dict, blank=True)
    raw = models.BinaryField(editable=False)
    raw_sha256 = models.CharField(max_length=64, editable=False)
    raw_type = models.CharField(max_length=100, default="application/json")
    state = models.CharField(
        _("keadaan"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    outcome = models.CharField(
        _("hasil"), max_length=20, choices=Outcome.choices, default="", blank=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # A worker that claims the row pushes this forward; a crashed worker's claim expires.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # The sender asked to stay anonymous: the inbox withholds who sent it.
    withhold_sender = models.BooleanField(default=False)
    reason = models.TextField(_("alasan"), blank=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "dedupe_key"],
                condition=models.Q(account__isnull=False),
                name="inbound_dedupe_per_account",
            ),
            models.UniqueConstraint(
                fields=["channel", "dedupe_key"],
                condition=models.Q(account__isnull=True),
                name="inbound_dedupe_without_account",
            ),
        ]
        indexes = [
            # The worker's queue and the watchdog: rows still to process.
            models.Index(
                fields=["received_at"],
                condition=models.Q(state__in=["received", "failed"]),
                name="inbound_pending_idx",
            ),
            # The Pejabat's inbox: unhandled messages of an office, newest first.
            models.Index(
                fields=["office", "-received_at"],
                condition=models.Q(outcome="inbox"),
                name="inbound_inbox_idx",
            ),
            models.Index(fields=["account", "sender", "-received_at"], name="inbound_sender_idx"),
            models.Index(fields=["provider_id"], name="inbound_provider_idx"),
        ]
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")

    def __str__(self) -> str:
        return f"{self.channel} {self.sender} {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def shown_sender(self) -> str:
        return str(_("Dirahasiakan")) if self.withhold_sender else self.sender

    @property
    def shown_sender_name(self) -> str:
        return "" if self.withhold_sender else self.sender_name


def attachment_path(instance: InboundAttachment, filename: str) -> str:
    # Never a public path: files are served by a permission-checked view.
    return f"intake/{instance.message_id}/{secrets.token_hex(8)}/{filename}"


class InboundAttachment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu diunduh")
        STORED = "stored", _("Tersimpan")
        REJECTED_SIZE = "rejected_size", _("Ditolak: terlalu besar")
        REJECTED_TYPE = "rejected_type", _("Ditolak: jenis berkas")
        EXPIRED = "expired", _("Kedaluwarsa di penyedia")
        FAILED = "failed", _("Gagal diunduh")

    message = models.ForeignKey(
        InboundMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    provider_ref = models.CharField(max_length=255, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=255, blank=True)
    declared_type = models.CharField(max_length=150, blank=True)
    detected_type = models.CharField(max_length=150, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    declared_sha256 = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=attachment_path, max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename or self.provider_ref

    @property
    def is_refused(self) -> bool:
        return self.status in (
            self.Status.REJECTED_SIZE,
            self.Status.REJECTED_TYPE,
            self.Status.EXPIRED,
            self.Status.FAILED,
        )


class OutboundWhatsApp(models.Model):
    """A WhatsApp message we sent through the Cloud API: status callbacks update it."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima penyedia")
        SENT = "sent", _("Terkirim")
        DELIVERED = "delivered", _("Sampai")
        READ = "read", _("Dibaca")
        FAILED = "failed", _("Gagal")

    account = models.ForeignKey(ChannelAccount, on_delete=models.PROTECT, related_name="+")
    provider_id = models.CharField(max_length=255, unique=True)
    recipient = models.CharField(max_length=40)
    template = models.CharField(max_length=200, blank=True)
    # The complaint whose tracking code the message carried (acknowledgements, answers): a
    # reply quoting this message threads onto it. Never the code itself: that is the
    # complainant's secret, kept by the complaints app only as a keyed hash.
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACCEPTED)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.provider_id} -> {self.recipient}: {self.status}"


class UndeliverableAddress(models.Model):
    """An address a provider told us it cannot deliver to (bounce, failed status)."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, choices=IntakeChannel.choices)
    address = models.CharField(max_length=254)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    message = models.ForeignKey(
        InboundMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "channel", "address"], name="undeliverable_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.address}"


class LaporMapping(models.Model):
    """The columns of an office's SP4N-LAPOR! export, set once by its admin."""

    office = models.OneToOneField(
        "offices.Office", on_delete=models.CASCADE, related_name="lapor_mapping"
    )
    # field name -> column header of the export
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"LAPOR! mapping of {self.office_id}"


class IntakeEvent(EventBase):
    """History of one inbound message: received, processed, handled by the Pejabat..."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        DUPLICATE = "duplicate", _("Kiriman ulang diabaikan")
        CREATED = "created", _("Menjadi pengaduan")
        JOINED = "joined", _("Ditambahkan ke pengaduan")
        TO_INBOX = "to_inbox", _("Menunggu Pejabat")
        IGNORED = "ignored", _("Diabaikan")
        NOT_COMPLAINT = "not_complaint", _("Bukan pengaduan")
        SPAM = "spam", _("Spam")
        FAILED = "failed", _("Gagal diproses")
        ATTACHMENT = "attachment", _("Lampiran")
        STATUS = "status", _("Status pengiriman")
        UPDATED = "updated", _("Diperbarui (impor ulang)")
        STUCK = "stuck", _("Tertahan")

    message = models.ForeignKey(InboundMessage, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)

    class Meta(EventBase.Meta):
        indexes = [models.Index(fields=["message", "at"], name="intake_event_idx")]

    def __str__(self) -> str:
        return f"{self.message_id} {self.action}"
