import copy

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or one recovery code."""

    token = forms.CharField(
        label=_("Kode verifikasi"),
        help_text=_("6 angka dari aplikasi autentikator, atau satu kode pemulihan."),
        # A recovery code: 24 characters in 4 groups (27 with hyphens), typed with spaces too.
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Tulis kode verifikasi.")},
    )


class SetupCodeForm(CodeForm):
    """The first code of a newly scanned app (no recovery code here)."""

    token = forms.CharField(
        label=_("Kode dari aplikasi"),
        help_text=_("6 angka yang sedang tampil di aplikasi autentikator."),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Tulis kode 6 angka dari aplikasi.")},
    )


class ReauthForm(forms.Form):
    """The password again; with `with_code`, the second factor's code too."""

    password = forms.CharField(
        label=_("Kata sandi Anda"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Tulis kata sandi Anda.")},
    )

    def __init__(self, *args, with_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["token"] = copy.deepcopy(CodeForm.base_fields["token"])


class NewPasswordForm(SetPasswordForm):
    """Django's new-password form with labels in Bahasa Indonesia; the rules are the
    AUTH_PASSWORD_VALIDATORS (at least 12 characters, not a common password)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        # The show-password control and the feedback (loket/static/loket/password.js).
        self.fields["new_password1"].widget.attrs["data-password-new"] = ""
        self.fields["new_password2"].widget.attrs["data-password-confirm"] = ""
        self.fields["new_password1"].help_text = _(
            "Paling sedikit 12 karakter. Kalimat pendek yang mudah Anda ingat lebih kuat "
            "daripada kata acak yang pendek. Hindari kata sandi yang umum."
        )
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["new_password2"].help_text = ""


class ResetReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        help_text=_("Misalnya: ponsel hilang. Dicatat di log keamanan."),
        max_length=300,
        error_messages={"required": _("Tulis alasannya.")},
    )


def _role_field():
    from loket.offices.roles import Role

    return forms.ChoiceField(
        label=_("Peran"), choices=Role.choices, error_messages={"required": _("Pilih perannya.")}
    )


class RoleForm(forms.Form):
    """A role to give in the office; the division only for a consultant."""

    def __init__(self, *args, divisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field()
        self.fields["division"] = forms.ModelChoiceField(
            label=_("Bagian"),
            queryset=divisions,
            required=False,
            empty_label=_("Tanpa bagian"),
            help_text=_("Wajib untuk konsultan bagian; kosongkan untuk peran lain."),
        )
        # Needed for a consultant: not "opsional" (includes/field.html).
        self.fields["division"].conditionally_required = True  # type: ignore[attr-defined]


class InviteForm(RoleForm):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        regex=r"^[a-z0-9._-]{3,30}$",
        help_text=_("3 sampai 30 huruf kecil, angka, titik, garis bawah atau tanda hubung."),
        error_messages={
            "required": _("Tulis nama pengguna."),
            "invalid": _(
                "Pakai 3 sampai 30 huruf kecil, angka, titik, garis bawah atau tanda hubung."
            ),
        },
    )
    full_name = forms.CharField(
        label=_("Nama lengkap"), max_length=150, error_messages={"required": _("Tulis namanya.")}
    )
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        help_text=_("Tautan untuk membuat kata sandi dikirim ke sini."),
        error_messages={
            "required": _("Tulis alamat e-mail rekan Anda."),
            "invalid": _(
                "Tulis alamat e-mail dengan format yang benar, seperti nama@instansi.go.id."
            ),
        },
    )
    field_order = ["username", "full_name", "email", "role", "division"]


class ApiKeyForm(forms.Form):
    """A new API key: a name, the operations, an optional last day, its rate limit."""

    name = forms.CharField(
        label=_("Nama sistem"),
        help_text=_("Misalnya: Kios lobi, Jembatan SP4N-LAPOR!, Dasbor laporan."),
        max_length=100,
        error_messages={"required": _("Tulis nama sistem yang memakai kunci ini.")},
    )
    operations = forms.MultipleChoiceField(
        label=_("Operasi yang diizinkan"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu operasi.")},
    )
    expires_on = forms.DateField(
        label=_("Berlaku sampai (opsional)"),
        help_text=_("Tanggal terakhir kunci berlaku; kosongkan bila tanpa batas."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rate_per_minute = forms.IntegerField(
        label=_("Batas permintaan per menit"),
        min_value=1,
        max_value=600,
        initial=60,
    )

    def __init__(self, *args, **kwargs):
        from .models import ApiOperation

        super().__init__(*args, **kwargs)
        self.fields["operations"].choices = ApiOperation.choices
