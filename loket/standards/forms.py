"""Plain forms and formsets for editing a draft standard; they work without JavaScript
(blank rows to add an item, a checkbox to remove one, a number to reorder)."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .models import DurationUnit

TEXT_FIELDS = (
    "completion_time_text",
    "administration_time_text",
    "consultation_time_text",
    "fee_text",
    "fee_amount",
    "fee_legal_basis",
    "complaint_intro",
    "legal_basis",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
)


class ServiceCreateForm(forms.Form):
    name = forms.CharField(label=_("Nama layanan"), max_length=200)


def _area(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StandardTextForm(forms.Form):
    completion_time_text = forms.CharField(
        label=_("Waktu penyelesaian"),
        required=False,
        max_length=200,
        help_text=_("Misalnya 15 Menit atau 3 Hari Kerja."),
    )
    administration_time_text = forms.CharField(
        label=_("Waktu administrasi"), required=False, max_length=200
    )
    consultation_time_text = forms.CharField(
        label=_("Waktu konsultasi"), required=False, max_length=200
    )
    fee_text = forms.CharField(
        label=_("Biaya / tarif"),
        required=False,
        help_text=_("Seperti yang diumumkan, misalnya Tidak dipungut biaya."),
    )
    fee_amount = forms.IntegerField(
        label=_("Besaran biaya (Rp)"),
        required=False,
        min_value=0,
        help_text=_("0 bila tidak dipungut biaya; kosongkan untuk membaca dari teks biaya."),
    )
    fee_legal_basis = _area(_("Dasar hukum biaya"))
    complaint_intro = forms.CharField(
        label=_("Pengantar saluran pengaduan"), required=False, max_length=200
    )
    legal_basis = _area(_("Dasar hukum"))
    facilities = _area(_("Sarana, prasarana dan/atau fasilitas"))
    staff_competence = _area(_("Kompetensi pelaksana"))
    internal_supervision = _area(_("Pengawasan internal"))
    staff_count = _area(_("Jumlah pelaksana"))
    service_guarantee = _area(_("Jaminan pelayanan"))
    security_guarantee = _area(_("Jaminan keamanan dan keselamatan pelayanan"))
    performance_evaluation = _area(_("Evaluasi kinerja pelaksana"))

    management_fields = (
        "legal_basis",
        "facilities",
        "staff_competence",
        "internal_supervision",
        "staff_count",
        "service_guarantee",
        "security_guarantee",
        "performance_evaluation",
    )


class ItemForm(forms.Form):
    text = forms.CharField(label=_("Isi"), required=False, max_length=1000)
    order = forms.IntegerField(label=_("Urutan"), required=False, min_value=0)
    delete = forms.BooleanField(label=_("Hapus"), required=False)


class StepForm(ItemForm):
    label = forms.CharField(
        label=_("Huruf / nomor"), required=False, max_length=4, help_text=_("Misalnya a atau 1.")
    )
    field_order = ["label", "text", "order", "delete"]


class ClassForm(forms.Form):
    code = forms.SlugField(label=_("Kode"), required=False, max_length=60)
    name = forms.CharField(label=_("Nama klasifikasi"), required=False, max_length=200)
    amount = forms.IntegerField(label=_("Jangka waktu"), required=False, min_value=1)
    unit = forms.ChoiceField(
        label=_("Satuan"),
        required=False,
        choices=[
            (DurationUnit.HOURS, DurationUnit.HOURS.label),
            (DurationUnit.WORKING_DAYS, DurationUnit.WORKING_DAYS.label),
        ],
    )
    text = forms.CharField(label=_("Teks seperti diumumkan"), required=False, max_length=500)
    order = forms.IntegerField(label=_("Urutan"), required=False, min_value=0)
    delete = forms.BooleanField(label=_("Hapus"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("delete") or not any(data.get(k) for k in ("code", "name", "amount")):
            return data
        for key in ("code", "name", "amount", "unit"):
            if not data.get(key):
                self.add_error(key, _("Wajib diisi untuk setiap klasifikasi."))
        return data


ItemFormSet = formset_factory(ItemForm, extra=2)
StepFormSet = formset_factory(StepForm, extra=2)
ClassFormSet = formset_factory(ClassForm, extra=1)

# (prefix, heading, formset class, standard field)
LISTS = [
    ("requirements", _("Persyaratan"), ItemFormSet, "requirements"),
    ("procedure", _("Sistem, mekanisme dan prosedur"), StepFormSet, "procedure"),
    ("products", _("Produk pelayanan"), ItemFormSet, "products"),
    ("channels", _("Saluran pengaduan"), ItemFormSet, "complaint_channels"),
    ("flow", _("Alur penanganan pengaduan"), ItemFormSet, "complaint_flow"),
    ("classes", _("Jangka waktu penyelesaian pengaduan"), ClassFormSet, "complaint_classes"),
]


def initial_rows(field: str, value: list) -> list[dict]:
    if field == "procedure":
        return [{"label": s["label"], "text": s["text"], "order": i} for i, s in enumerate(value)]
    if field == "complaint_classes":
        return [{**row, "order": i} for i, row in enumerate(value)]
    return [{"text": text, "order": i} for i, text in enumerate(value)]


def rows_from(field: str, formset) -> list:
    """The list a formset describes: filled, not deleted rows, sorted by their order."""
    kept = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("delete"):
            continue
        order = data.get("order")
        key = (order if order is not None else 10_000 + index, index)
        if field == "complaint_classes":
            if not data.get("code"):
                continue
            value = {
                "code": data["code"].replace("-", "_"),
                "name": data["name"],
                "text": data.get("text") or "",
                "amount": data["amount"],
                "unit": data["unit"],
            }
        elif field == "procedure":
            if not data.get("text"):
                continue
            value = {"label": data.get("label") or "", "text": data["text"]}
        else:
            if not data.get("text"):
                continue
            value = data["text"]
        kept.append((key, value))
    return [value for _key, value in sorted(kept, key=lambda pair: pair[0])]


class PublishForm(forms.Form):
    decree_number = forms.CharField(
        label=_("Nomor SK"),
        required=False,
        max_length=200,
        help_text=_('Kosongkan bila belum ada; halaman publik menulis "belum ditetapkan".'),
    )
    effective_date = forms.DateField(
        label=_("Tanggal berlaku"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        if warnings:
            self.fields["warnings_confirmed"] = forms.BooleanField(
                label=_("Saya sudah memeriksa catatan impor di atas dan nilainya benar."),
                required=True,
            )


class PledgeForm(forms.Form):
    text = forms.CharField(
        label=_("Isi maklumat pelayanan"), widget=forms.Textarea(attrs={"rows": 8})
    )
    signatory = forms.CharField(
        label=_("Penanda tangan"),
        required=False,
        max_length=200,
        help_text=_("Nama dan jabatan pimpinan, misalnya Kepala Biro Perekonomian."),
    )
