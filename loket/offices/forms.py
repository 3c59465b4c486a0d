from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator, validate_email
from django.utils.translation import gettext_lazy as _

from loket import validators

from .channels import PHONE_KINDS, ChannelKind
from .models import Office
from .services import (
    PROFILE_FIELDS,
    VALUE_REQUIRED_KINDS,
    new_office_slug,
    office_by_slug,
    slug_is_reserved,
)


class StaffAuthenticationForm(AuthenticationForm):
    """Django's sign-in form with messages that read well in Bahasa Indonesia.

    Django's own Indonesian message repeats the field name ("nama pengguna nama pengguna").
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Periksa keduanya; huruf besar dan kecil "
            "dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi admin instansi Anda."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")


class OfficeProfileForm(forms.Form):
    """An office's details (issue 14): what the public office page shows and the time zone
    every date of the office is shown in."""

    name = forms.CharField(label=_("Nama instansi"), max_length=200)
    parent_name = forms.CharField(
        label=_("Instansi induk"),
        max_length=200,
        required=False,
        help_text=_("Misalnya Pemerintah Provinsi Kalimantan Barat."),
    )
    address = forms.CharField(
        label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postal_code = forms.CharField(
        label=_("Kode pos"),
        max_length=5,
        required=False,
        validators=[
            RegexValidator(r"^\d{5}$", _("Kode pos terdiri dari 5 angka, misalnya 78121."))
        ],
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    city = forms.CharField(
        label=_("Kota"),
        max_length=100,
        required=False,
        help_text=_("Tempat laporan ditandatangani, misalnya Pontianak."),
    )
    phone = validators.PhoneField(label=_("Telepon"), required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Tulis alamat e-mail seperti nama@instansi.go.id.")},
    )
    website = forms.URLField(
        label=_("Situs web"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Tulis alamat situs seperti https://instansi.go.id.")},
    )
    timezone = forms.ChoiceField(
        label=_("Zona waktu"),
        choices=Office.TimeZone.choices,
        help_text=_("Semua tanggal dan jam instansi ditampilkan dalam zona ini."),
    )

    @classmethod
    def for_office(cls, office: Office, data=None) -> "OfficeProfileForm":
        return cls(data, initial={name: getattr(office, name) for name in PROFILE_FIELDS})


class OfficeCreateForm(OfficeProfileForm):
    """A new office, by hand (the system administrator, issue 14)."""

    slug = forms.SlugField(
        label=_("Kode instansi"),
        max_length=80,
        required=False,
        help_text=_(
            "Dipakai di alamat halaman, misalnya dinas-kesehatan. Kosongkan agar dibuat dari "
            "nama instansi."
        ),
    )

    field_order = ["name", "slug"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if not slug:
            return slug
        if office_by_slug(slug) is not None:
            raise forms.ValidationError(_("Kode ini sudah dipakai instansi lain."))
        if slug_is_reserved(slug):
            raise forms.ValidationError(_("Kode ini dipakai halaman staf; pilih kode lain."))
        return slug

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("name") and "slug" not in self.errors:
            data["slug"] = new_office_slug(data["name"])
        return data


class ChannelForm(forms.Form):
    """A complaint channel to publish: its kind (one per kind) and its number or address."""

    kind = forms.ChoiceField(
        label=_("Jenis kanal"), error_messages={"required": _("Pilih jenis kanal.")}
    )
    value = forms.CharField(
        label=_("Nomor atau alamat"),
        max_length=200,
        required=False,
        help_text=_(
            "Nomor telepon, faksimile atau WhatsApp (nomor Indonesia, diawali 0 atau +62), "
            "alamat e-mail atau situs. Kosongkan untuk tatap muka dan kotak pengaduan."
        ),
    )
    label = forms.CharField(
        label=_("Keterangan"),
        max_length=200,
        required=False,
        help_text=_("Misalnya: Loket pengaduan, lantai 1. Kosongkan untuk memakai jenisnya."),
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Pilih jenis")), *kinds]

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), (data.get("value") or "").strip()
        if not kind or "value" in self.errors:
            return data
        if kind in VALUE_REQUIRED_KINDS and not value:
            self.add_error("value", _("Tulis nomor atau alamat kanal ini."))
        elif kind in PHONE_KINDS and value:
            try:
                data["value"] = validators.e164(value, mobile=kind == ChannelKind.WHATSAPP)
            except forms.ValidationError as error:
                self.add_error("value", error)
        elif kind == ChannelKind.EMAIL:
            try:
                validate_email(value)
            except forms.ValidationError:
                self.add_error("value", _("Tulis alamat e-mail seperti nama@instansi.go.id."))
        return data


class DivisionForm(forms.Form):
    """A division's name and code (issue 14). The code may be left empty for a new division:
    it is made from the name."""

    name = forms.CharField(
        label=_("Nama bagian"),
        max_length=200,
        error_messages={"required": _("Tulis nama bagian.")},
        help_text=_("Misalnya Bagian Perizinan. Tampil di halaman publik, slip dan layar antrean."),
    )
    slug = forms.SlugField(
        label=_("Kode bagian"),
        max_length=80,
        required=False,
        error_messages={
            "invalid": _(
                "Kode hanya berisi huruf kecil, angka dan tanda hubung, misalnya perizinan."
            ),
            "required": _("Tulis kode bagian."),
        },
        help_text=_(
            "Dipakai di alamat halaman antrean bagian dan di API, misalnya perizinan. "
            "Kosongkan agar dibuat dari nama."
        ),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["slug"].required = True
            self.fields["slug"].help_text = _(
                "Dipakai di alamat halaman antrean bagian dan di API. Bila diubah, alamat "
                "lama tidak berlaku lagi."
            )

    def clean_slug(self) -> str:
        return self.cleaned_data["slug"].lower()
