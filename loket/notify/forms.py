"""The staff member's notification preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import DIGEST_KINDS, StaffNoticeKind


class PreferencesForm(forms.Form):
    in_app_kinds = forms.MultipleChoiceField(
        label=_("Pemberitahuan di aplikasi"),
        help_text=_("Jenis pemberitahuan yang tampil di daftar pemberitahuan Anda."),
        choices=StaffNoticeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    digest_kinds = forms.MultipleChoiceField(
        label=_("Ringkasan harian lewat e-mail"),
        help_text=_(
            "Satu e-mail setiap pagi hari kerja (setelah pukul 07.00 waktu instansi) berisi "
            "pekerjaan Anda yang jatuh tempo hari ini atau sudah lewat tenggat."
        ),
        choices=[
            (StaffNoticeKind.DUE_SOON.value, _("Jatuh tempo hari ini")),
            (StaffNoticeKind.OVERDUE.value, _("Lewat tenggat")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_digest_kinds(self):
        return [kind for kind in self.cleaned_data["digest_kinds"] if kind in DIGEST_KINDS]
