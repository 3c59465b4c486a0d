"""Forms of the intake inbox (one per action) and of the LAPOR! import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MakeComplaintForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 6}))
    complainant_name = forms.CharField(label=_("Nama pengadu"), max_length=200, required=False)
    complainant_phone = forms.CharField(
        label=_("Telepon / WhatsApp"), max_length=40, required=False
    )
    complainant_email = forms.EmailField(label=_("E-mail"), required=False)
    anonymous = forms.BooleanField(
        label=_("Anonim"),
        required=False,
        help_text=_("Identitas pengadu tidak ditampilkan kepada siapa pun yang menangani."),
    )
    confidential = forms.BooleanField(
        label=_("Rahasia"),
        required=False,
        help_text=_("Isi pengaduan tidak ditampilkan di halaman pelacakan."),
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pelacakan pengaduan"),
        max_length=20,
        help_text=_("Misalnya K7QM-2XPR-4TBD."),
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: pertanyaan informasi, ucapan terima kasih, salah kirim."),
    )


class LaporUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas ekspor SP4N-LAPOR!"),
        help_text=_("CSV atau XLSX dari panel admin LAPOR!, paling besar 10 MB."),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Berkas lebih besar dari 10 MB."))
        return upload


class LaporMappingForm(forms.Form):
    """One choice per field: which column of the export holds it."""

    def __init__(self, *args, headers: list[str], **kwargs):
        from .lapor.reader import FIELDS

        super().__init__(*args, **kwargs)
        choices = [("", _("(tidak ada)")), *((h, h) for h in headers if h)]
        for name, (label, required, _seen) in FIELDS.items():
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=required)
