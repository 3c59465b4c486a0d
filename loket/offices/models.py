"""Offices (instansi / unit kerja), their divisions (bagian), staff roles and the complaint
channels each office publishes."""

import zoneinfo
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.events import EventBase

from .channels import PHONE_KINDS, ChannelKind
from .roles import Role

__all__ = ["Channel", "Division", "Membership", "Office", "OfficeEvent", "Role"]


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
    """A division (bagian) inside an office; consultants belong to one.

    An inactive division (`is_active` false) is kept with its history: it is offered for no
    new work (bookings, routing, hand-over, a consultant's assignment: `services.divisions_of`)
    and left off the public page, while the visitors already in its queue are still served."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="divisions")
    slug = models.SlugField(_("kode"), max_length=80)
    name = models.CharField(_("nama"), max_length=200)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # db_default: rows written by code that predates the column (migration tests) are active.
    is_active = models.BooleanField(_("aktif"), default=True, db_default=True)

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


def _yes_no(value: Any) -> Any:
    return None if value is None else (_("ya") if value else _("tidak"))


def _kind_label(value: Any) -> Any:
    return ChannelKind(value).label if value in ChannelKind.values else value


class OfficeEvent(EventBase):
    """A change to an office's set-up made in Loket (issue 14): its divisions (added,
    changed, moved, deactivated, activated, deleted), its profile and its published
    complaint channels. Who (`actor`), when (`at`), what (`action`, and in `data` each
    changed field as `{"from": old, "to": new}`); `note` holds the division's or channel's
    name at the time (kept when the row is deleted). Written by `services` through
    `loket.events.record_event` in the change's transaction, only when something changed;
    shown to the office admin on the divisions and profile pages. Staff visibility."""

    class Action(models.TextChoices):
        DIVISION_ADDED = "division_added", _("Bagian ditambahkan")
        DIVISION_CHANGED = "division_changed", _("Bagian diubah")
        DIVISION_MOVED = "division_moved", _("Urutan bagian diubah")
        DIVISION_DEACTIVATED = "division_deactivated", _("Bagian dinonaktifkan")
        DIVISION_ACTIVATED = "division_activated", _("Bagian diaktifkan kembali")
        DIVISION_DELETED = "division_deleted", _("Bagian dihapus")
        PROFILE_CHANGED = "profile_changed", _("Profil instansi diubah")
        CHANNEL_ADDED = "channel_added", _("Kanal pengaduan ditambahkan")
        CHANNEL_REMOVED = "channel_removed", _("Kanal pengaduan dihapus")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="events")
    division = models.ForeignKey(
        Division, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("tindakan"), max_length=30, choices=Action.choices)

    class Meta(EventBase.Meta):
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["office", "-at"], name="offices_officeevent_idx")]
        verbose_name = _("riwayat pengaturan instansi")
        verbose_name_plural = _("riwayat pengaturan instansi")

    def __str__(self) -> str:
        return f"{self.office_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    # The label of each field `data` may name, as the pages show it, in this order.
    FIELDS = {
        "name": _("Nama"),
        "slug": _("Kode"),
        "position": _("Urutan"),
        "is_active": _("Aktif"),
        "parent_name": _("Instansi induk"),
        "address": _("Alamat"),
        "postal_code": _("Kode pos"),
        "city": _("Kota"),
        "phone": _("Telepon"),
        "email": _("E-mail"),
        "website": _("Situs web"),
        "timezone": _("Zona waktu"),
        "kind": _("Jenis kanal"),
        "value": _("Nomor atau alamat"),
        "label": _("Keterangan"),
    }

    def changes(self) -> list[tuple[Any, Any, Any]]:
        """(label, before, after) of each field named in `data`, in the order of `FIELDS`
        (PostgreSQL's jsonb does not keep the order of the keys); a switch reads yes/no."""
        rows: list[tuple[Any, Any, Any]] = []
        for field, label in self.FIELDS.items():
            change = self.data.get(field)
            if not isinstance(change, dict):
                continue
            before, after = change.get("from"), change.get("to")
            if field == "is_active":
                before, after = (_yes_no(before), _yes_no(after))
            elif field == "kind":
                before, after = (_kind_label(before), _kind_label(after))
            rows.append((label, before, after))
        return rows
