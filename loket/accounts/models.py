"""The security event log (append-only), the staff sessions a user can end, system API keys
and the second factor kept encrypted or hashed at rest."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.crypto import EncryptedTextField, blind_indexes


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


# --- Second factor at rest (OWASP ASVS 4.0.3 V2.6.2, V2.6.3, V2.8.2) ------------------------
# django-otp's own TOTPDevice keeps the seed in clear (`otp_totp_totpdevice.key`) and its
# StaticToken the recovery codes (`otp_static_statictoken.token`). Loket's two devices below are
# django-otp devices (django-otp finds them, `django_otp.login` records them in the session)
# that keep the seed encrypted and only hashes of the codes. The TOTP arithmetic is the
# library's own: the methods are django-otp's TOTPDevice's, working on the decrypted seed.


def _totp_key() -> str:
    from django_otp.plugins.otp_totp.models import default_key

    return default_key()


class EncryptedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (RFC 6238 TOTP): django-otp's TOTPDevice with its `key` (the
    seed, 20 random bytes as 40 hex digits) encrypted at rest (`loket.crypto`). Fields and
    meaning as django-otp's TOTPDevice."""

    key = EncryptedTextField(default=_totp_key)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    # django-otp's own code (no super() calls inside, nothing tied to its table).
    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings

    class Meta(Device.Meta):
        verbose_name = _("aplikasi autentikator")
        verbose_name_plural = _("aplikasi autentikator")


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's set of single-use recovery codes, each kept only as a hash (`RecoveryCode`).
    A code is 24 base32 characters (120 bits) shown once in four groups of six
    (`services.two_factor`); a used code is deleted. Throttled as django-otp's static
    device."""

    class Meta(Device.Meta):
        verbose_name = _("set kode pemulihan")
        verbose_name_plural = _("set kode pemulihan")

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token: str) -> bool:
        """Whether `token` is one of this device's unused codes; it is used up at once (two
        simultaneous uses: one wins)."""
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        deleted, _rows = self.codes.filter(digest__in=recovery_code_digests(token)).delete()
        if deleted:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


def normalize_recovery_code(token: str) -> str:
    """The code as hashed: spaces and hyphens dropped, lower case."""
    return "".join(token.split()).replace("-", "").lower()


def recovery_code_digest(token: str) -> str:
    """What is stored of a code: "sha256:" and the SHA-256 of the normalised code. Enough for
    codes of 120 random bits (no key: a rotation never invalidates them)."""
    return "sha256:" + hashlib.sha256(normalize_recovery_code(token).encode()).hexdigest()


def legacy_recovery_code_digests(token: str) -> list[str]:
    """The stored forms of a code carried over from django-otp (8 characters, 40 bits: a bare
    hash would be guessed offline, so it is keyed): "hmac:" and its blind index under each
    key (`loket.crypto.blind_indexes`)."""
    return ["hmac:" + digest for digest in blind_indexes(normalize_recovery_code(token))]


def recovery_code_digests(token: str) -> list[str]:
    if not normalize_recovery_code(token):
        return []
    return [recovery_code_digest(token), *legacy_recovery_code_digests(token)]


class RecoveryCode(models.Model):
    """One unused recovery code of a `RecoveryCodeDevice`: its digest only."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=80, db_index=True)

    class Meta:
        verbose_name = _("kode pemulihan")
        verbose_name_plural = _("kode pemulihan")

    def __str__(self) -> str:
        return f"{self.device} #{self.pk}"
