from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or one recovery code."""

    token = forms.CharField(
        label=_("Kode verifikasi"),
        help_text=_("6 angka dari aplikasi autentikator, atau satu kode pemulihan."),
        max_length=20,
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
    password = forms.CharField(
        label=_("Kata sandi Anda"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Tulis kata sandi Anda.")},
    )


class NewPasswordForm(SetPasswordForm):
    """Django's new-password form with labels in Bahasa Indonesia; the rules are the
    AUTH_PASSWORD_VALIDATORS (at least 12 characters, not a common password)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
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
