"""The security event log (append-only) and the staff sessions a user can end."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """A security event was to be changed or deleted: the log only grows."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("security events cannot be changed")

    def delete(self):
        raise AppendOnlyError("security events cannot be deleted")


class SecurityEvent(models.Model):
    """One security-relevant event (OWASP ASVS 4.0.3 V7.2): who did what to which account,
    when, from which address. Its own table rather than `loket.events.EventBase`: it has no
    status change and no public visibility, but a subject account, the username as typed (a
    failed sign-in may name no account) and the client address. Rows are never changed or
    deleted (model, queryset and admin refuse); accounts and offices deleted later leave the
    row with its username."""

    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", _("Masuk")
        SIGN_IN_FAILED = "sign_in_failed", _("Gagal masuk")
        LOCKED_OUT = "locked_out", _("Dikunci sementara")
        SIGNED_OUT = "signed_out", _("Keluar")
        SESSION_EXPIRED = "session_expired", _("Sesi berakhir")
        OTHER_SESSIONS_ENDED = "other_sessions_ended", _("Sesi lain diakhiri")
        REAUTHENTICATED = "reauthenticated", _("Konfirmasi kata sandi")
        PASSWORD_CHANGED = "password_changed", _("Kata sandi diganti")
        PASSWORD_RESET = "password_reset", _("Kata sandi diatur ulang")
        TWO_FACTOR_ENABLED = "2fa_enabled", _("Verifikasi dua langkah diaktifkan")
        TWO_FACTOR_DISABLED = "2fa_disabled", _("Verifikasi dua langkah dinonaktifkan")
        TWO_FACTOR_FAILED = "2fa_failed", _("Kode verifikasi salah")
        TWO_FACTOR_RESET = "2fa_reset", _("Verifikasi dua langkah diatur ulang oleh admin")
        RECOVERY_CODES_CREATED = "recovery_codes_created", _("Kode pemulihan dibuat")
        RECOVERY_CODE_USED = "recovery_code_used", _("Kode pemulihan dipakai")
        ROLE_GRANTED = "role_granted", _("Peran diberikan")
        ROLE_REMOVED = "role_removed", _("Peran dicabut")
        ACCOUNT_INVITED = "account_invited", _("Akun diundang")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Akun dinonaktifkan")
        ACCESS_REFUSED = "access_refused", _("Akses ditolak")
        REFUSALS_ALERTED = "refusals_alerted", _("Akses ditolak berulang: admin diberi tahu")
        API_KEY_CREATED = "api_key_created", _("Kunci API dibuat")
        API_KEY_USED = "api_key_used", _("Kunci API dipakai")
        API_KEY_REFUSED = "api_key_refused", _("Kunci API ditolak")
        API_KEY_REVOKED = "api_key_revoked", _("Kunci API dicabut")
        KIOSK_ENROLLED = "kiosk_enrolled", _("Kios didaftarkan")

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    action = models.CharField(_("peristiwa"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
    )
    username = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("instansi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=300, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="security_event_user_at")]
        verbose_name = _("peristiwa keamanan")
        verbose_name_plural = _("peristiwa keamanan")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("security events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("security events cannot be deleted")


class StaffSession(models.Model):
    """A signed-in session of a staff user, so the user (or the office admin deactivating the
    account) can end the others. The session itself stays in Django's session store."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sesi staf")
        verbose_name_plural = _("sesi staf")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class ApiOperation(models.TextChoices):
    """What a system's key may do: one value per API operation group, checked by the API."""

    COMPLAINTS_READ = "complaints:read", _("Membaca antrean pengaduan instansi")
    COMPLAINTS_CREATE = "complaints:create", _("Mengirim pengaduan baru")
    VISITS_CHECKIN = "visits:checkin", _("Check-in kunjungan")


class ApiKey(models.Model):
    """A key a system (a kiosk device, a LAPOR! bridge, a reporting tool) sends as
    `Authorization: Bearer lkt_<prefix>_<secret>`. One office, the operations named, its own
    rate limit. Only the keyed hash of the secret is kept (`services.api_keys`); the prefix
    is public and indexed, so a request finds its row in one lookup. Revoked or expired keys
    are kept (the security log names them) but never accepted."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    operations = models.JSONField(_("operasi"), default=list)
    rate_per_minute = models.PositiveIntegerField(_("batas permintaan per menit"), default=60)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kunci API")
        verbose_name_plural = _("kunci API")

    def __str__(self) -> str:
        return f"{self.name} (lkt_{self.prefix})"

    def is_active(self, now) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def operation_labels(self) -> list[str]:
        labels = dict(ApiOperation.choices)
        return [str(labels.get(op, op)) for op in self.operations]
