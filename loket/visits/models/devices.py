"""The browsers an office admin provisioned as the office's reception kiosk (issue #12,
finding 4: only they give queue numbers). An admin adds a kiosk and gets a one-time enrolment
link; opening it on the tablet and confirming stores a long-lived, signed, HttpOnly cookie
holding the device's id and secret. Only hashes are stored: of the enrolment token (until it
is used or expires) and of the device secret. Revoking a device refuses its cookie at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KioskDevice(models.Model):
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nama kios"), max_length=80)
    # SHA-256 of the one-time enrolment token; null once used (unique while pending).
    enrolment_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    enrolment_expires_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 of the secret in the device's cookie; "" until enrolled.
    secret_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    enrolled_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["revoked_at", "name", "id"]
        verbose_name = _("perangkat kios")
        verbose_name_plural = _("perangkat kios")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.enrolled_at is not None and self.revoked_at is None

    @property
    def is_pending(self) -> bool:
        return self.enrolled_at is None and self.revoked_at is None
