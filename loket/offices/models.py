"""Offices (instansi / unit kerja), their divisions (bagian), staff roles and the complaint
channels each office publishes."""

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket import validators

from .channels import PHONE_KINDS, ChannelKind
from .roles import Role

__all__ = ["Channel", "Division", "Membership", "Office", "Role"]


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s bukan zona waktu yang dikenal."), params={"value": value}
        )


class Office(models.Model):
    """A public-service unit. A deployment may hold many (a whole province)."""

    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
        WIB_PONTIANAK = "Asia/Pontianak", _("WIB (Asia/Pontianak)")
        WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
        WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")

    slug = models.SlugField(_("kode"), max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    parent_name = models.CharField(
        _("instansi induk"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya Pemerintah Provinsi Kalimantan Barat."),
    )
    address = models.TextField(_("alamat"), blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=10, blank=True)
    # Where the office's letters are signed ("Pontianak, 1 Desember 2026"): the reports'
    # signature block (Permendagri 1/2023 on official correspondence: place and date).
    # db_default: rows written by code that predates the column (migration tests) get "".
    city = models.CharField(_("kota"), max_length=100, blank=True, default="", db_default="")
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    timezone = models.CharField(
        _("zona waktu"),
        max_length=40,
        choices=TimeZone.choices,
        default=TimeZone.WIB_PONTIANAK,
        validators=[validate_timezone],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offices:detail", args=[self.slug])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def zone_name(self) -> str:
        """The zone as Indonesians name it on a page: "WIB", "WITA" or "WIT" (tzdata's
        abbreviation; Indonesia keeps no daylight saving), never "Asia/Pontianak"."""
        return datetime.now(self.tz).tzname() or self.timezone

    def clean(self) -> None:
        # A valid number is stored in E.164 (issue #11); the admin form refuses an invalid
        # one, an import keeps it as written and `phone_needs_review` flags it.
        self.phone = validators.e164_or_none(self.phone) or self.phone.strip()

    @property
    def phone_display(self) -> str:
        """The phone as Indonesians read it: "(0561) 736541 ext. 213"."""
        return validators.format_phone(self.phone)

    @property
    def phone_href(self) -> str:
        return validators.phone_href(self.phone)

    @property
    def phone_needs_review(self) -> bool:
        """A phone kept as written because it is not a valid Indonesian number."""
        return validators.phone_needs_review(self.phone)


class Division(models.Model):
    """A division (bagian) inside an office; consultants belong to one."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="divisions")
    slug = models.SlugField(_("kode"), max_length=80)
    name = models.CharField(_("nama"), max_length=200)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["office", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="division_unique_slug"),
        ]
        verbose_name = _("bagian")
        verbose_name_plural = _("bagian")

    def __str__(self) -> str:
        return self.name


class Channel(models.Model):
    """A complaint channel the office publishes (seed: Pengaduan Layanan, items 1-7)."""

    Kind = ChannelKind

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("keterangan"), max_length=200)
    value = models.CharField(
        _("alamat / nomor"),
        max_length=200,
        blank=True,
        help_text=_("Nomor telepon, alamat e-mail atau situs, bila ada."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_published = models.BooleanField(_("diumumkan"), default=True)

    class Meta:
        ordering = ["office", "position"]
        constraints = [
            models.UniqueConstraint(fields=["office", "kind"], name="channel_unique_kind"),
        ]
        verbose_name = _("kanal pengaduan")
        verbose_name_plural = _("kanal pengaduan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}" if self.value else self.label

    @property
    def href(self) -> str:
        """A link a phone can follow, built from the stored number (issue #11): tel: with
        the extension ("tel:+62561736541;ext=213"), https://wa.me/<digits> for a mobile
        number, mailto: or the website; "" when the value gives none."""
        match self.kind:
            case self.Kind.PHONE | self.Kind.FAX:
                return validators.phone_href(self.value)
            case self.Kind.WHATSAPP:
                return validators.whatsapp_href(self.value)
            case self.Kind.EMAIL if "@" in self.value:
                return f"mailto:{self.value}"
            case self.Kind.LAPOR if self.value:
                url = self.value
                return url if url.startswith("http") else f"https://{url}"
        return ""

    @property
    def display_value(self) -> str:
        """The value as people read it: a number in the national format."""
        if self.kind in PHONE_KINDS:
            return validators.format_phone(self.value)
        return self.value

    @property
    def value_needs_review(self) -> bool:
        """A number kept as written because it is not a valid Indonesian number."""
        return self.kind in PHONE_KINDS and validators.phone_needs_review(self.value)

    def clean(self) -> None:
        """A phone, fax or WhatsApp number is checked by the numbering plan (WhatsApp: a
        mobile number) and stored in E.164."""
        if self.kind in PHONE_KINDS and self.value.strip():
            try:
                self.value = validators.e164(self.value, mobile=self.kind == self.Kind.WHATSAPP)
            except ValidationError as exc:
                raise ValidationError({"value": exc.error_list}) from exc


class Membership(models.Model):
    """One role of one staff user in one office. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Wajib untuk konsultan bagian."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "office", "role"],
                condition=models.Q(division__isnull=True),
                name="membership_unique_office_role",
            ),
            models.UniqueConstraint(
                fields=["user", "office", "role", "division"],
                condition=models.Q(division__isnull=False),
                name="membership_unique_division_role",
            ),
            models.CheckConstraint(
                condition=(models.Q(role="consultant") & models.Q(division__isnull=False))
                | (~models.Q(role="consultant") & models.Q(division__isnull=True)),
                name="membership_division_iff_consultant",
            ),
        ]
        verbose_name = _("keanggotaan staf")
        verbose_name_plural = _("keanggotaan staf")

    def __str__(self) -> str:
        suffix = f" ({self.division})" if self.division_id else ""
        return f"{self.user} - {self.get_role_display()}{suffix} @ {self.office}"

    def clean(self) -> None:
        if self.role == Role.CONSULTANT and not self.division_id:
            raise ValidationError({"division": _("Konsultan harus terikat pada satu bagian.")})
        if self.role != Role.CONSULTANT and self.division_id:
            raise ValidationError({"division": _("Hanya konsultan yang terikat pada bagian.")})
        if self.division_id and self.division.office_id != self.office_id:
            raise ValidationError({"division": _("Bagian ini milik instansi lain.")})
