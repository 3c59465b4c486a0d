from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from loket.validators import PhoneField, nik_validator

from .models import BreachNotice, DataSubjectRequest, RecordType
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
    phone = PhoneField(label=_("Telepon"), required=False)  # stored in E.164
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
    language = forms.ChoiceField(
        label=_("Bahasa jawaban"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Pemohon diberi tahu hasilnya dalam bahasa ini."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email") or data.get("nik")):
            raise forms.ValidationError(
                _("Isi sedikitnya satu pengenal: telepon, e-mail atau NIK."), code="no_identifier"
            )
        return data


class DecisionForm(forms.Form):
    """The decision on a correction, restriction or objection request; the corrected contact
    data for a granted correction (only what is filled in changes)."""

    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=DataSubjectRequest.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih keputusan.")},
    )
    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Wajib bila ditolak dan untuk keberatan. Pemohon menerimanya."),
    )
    name = forms.CharField(label=_("Nama yang benar"), max_length=200, required=False)
    phone = PhoneField(label=_("Telepon yang benar"), required=False)  # stored in E.164
    email = forms.EmailField(label=_("E-mail yang benar"), required=False)

    CORRECTION_FIELDS = ("name", "phone", "email")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != DataSubjectRequest.Kind.CORRECTION:
            for name in self.CORRECTION_FIELDS:
                del self.fields[name]


class LiftForm(forms.Form):
    """Lifting a granted restriction: the reason, told to the requester."""

    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pemohon menerimanya. Jangan tulis data pribadi orang lain."),
        error_messages={"required": _("Tuliskan alasan pencabutan: pemohon menerimanya.")},
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _moment(label, *, required=True, help_text=None):
    """A date and time typed in the office's zone (the view activates it)."""
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeLocalInput,
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text=help_text or _("Waktu setempat instansi."),
        error_messages={"invalid": _("Tulis tanggal dan jam yang benar.")},
    )


class BreachForm(forms.Form):
    title = forms.CharField(label=_("Apa yang terjadi"), max_length=200)
    discovered_at = _moment(
        _("Waktu diketahui"),
        help_text=_(
            "Waktu setempat instansi. Pemberitahuan jatuh tempo 3x24 jam sesudahnya "
            "(UU 27/2022 Pasal 46)."
        ),
    )
    occurred_at = _moment(_("Waktu terjadi (bila diketahui)"), required=False)
    data_categories = forms.CharField(
        label=_("Data pribadi yang terdampak"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: nama, nomor telepon dan NIK pengadu; berkas Surat Tugas."),
    )
    subjects_count = forms.IntegerField(
        label=_("Jumlah subjek data terdampak"), min_value=0, required=False
    )
    how = forms.CharField(
        label=_("Bagaimana terjadi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Misalnya: laptop hilang, akun petugas dibobol, berkas terkirim ke alamat salah."
        ),
    )
    description = forms.CharField(
        label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    measures = forms.CharField(
        label=_("Langkah penanganan dan pemulihan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    scope_types = forms.MultipleChoiceField(
        label=_("Catatan yang terdampak"),
        choices=[
            (RecordType.VISITS, _("Kunjungan")),
            (RecordType.COMPLAINTS, _("Pengaduan")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Loket mencari orang yang terdampak dari data ini sendiri: setiap orang dengan "
            "catatan jenis ini yang dikumpulkan dalam rentang waktu di bawah."
        ),
    )
    scope_from = _moment(_("Data dikumpulkan sejak (bila diketahui)"), required=False)
    scope_until = _moment(_("Data dikumpulkan sampai (bila diketahui)"), required=False)


class NoticeForm(forms.Form):
    recipient = forms.ChoiceField(
        label=_("Kepada"), choices=BreachNotice.Recipient.choices, widget=forms.RadioSelect
    )
    sent_at = _moment(_("Waktu dikirim"))
    means = forms.CharField(
        label=_("Cara"),
        max_length=200,
        help_text=_("Misalnya: surat nomor ..., e-mail ke ..., SMS ke 120 nomor."),
    )
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CloseBreachForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan penutupan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: sudah ditangani dan diberitahukan, atau ternyata bukan kegagalan."),
    )


class ProfileForm(forms.Form):
    controller_unit = forms.CharField(
        label=_("Unit penanggung jawab"),
        max_length=200,
        required=False,
        help_text=_("Pejabat atau unit yang bertanggung jawab atas pemrosesan di instansi."),
    )
    dpo_name = forms.CharField(
        label=_("Nama pejabat pelindungan data pribadi (PPDP)"), max_length=200, required=False
    )
    dpo_email = forms.EmailField(label=_("E-mail PPDP"), required=False)
    dpo_phone = PhoneField(label=_("Telepon PPDP"), required=False)  # stored in E.164
    storage = forms.CharField(
        label=_("Tempat penyimpanan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Misalnya: server pusat data pemerintah provinsi, Pontianak."),
    )
    security_measures = forms.CharField(
        label=_("Langkah keamanan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    other_recipients = forms.CharField(
        label=_("Penerima lain"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    notes = forms.CharField(
        label=_("Catatan tambahan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
