from django import forms
from django.utils.translation import gettext_lazy as _

from loket.validators import PHONE_HINT, nik_validator, phone_validator

from .models import DataSubjectRequest
from .services.retention import MAX_DAYS


class RetentionForm(forms.Form):
    days = forms.IntegerField(label=_("Masa simpan (hari)"), min_value=1, max_value=MAX_DAYS)
    jra_reference = forms.CharField(
        label=_("Rujukan JRA"),
        max_length=200,
        help_text=_("Jadwal Retensi Arsip instansi yang diikuti, misalnya nomor peraturannya."),
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis permintaan"),
        choices=DataSubjectRequest.Kind.choices,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Nama pemohon"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Telepon"),
        max_length=40,
        required=False,
        validators=[phone_validator],
        help_text=PHONE_HINT,
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False, validators=[nik_validator])
    verification = forms.CharField(
        label=_("Cara identitas diverifikasi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: KTP asli diperiksa di loket, atau kode dikirim ke nomor tersebut."),
    )
    details = forms.CharField(
        label=_("Rincian permintaan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email") or data.get("nik")):
            raise forms.ValidationError(
                _("Isi sedikitnya satu pengenal: telepon, e-mail atau NIK."), code="no_identifier"
            )
        return data
