"""Plain forms and formsets for editing a draft standard; they work without JavaScript
(blank rows to add an item, a checkbox to remove one, a number to reorder)."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from loket.offices import services as offices

from .components import MANAGEMENT_COMPONENTS, MANAGEMENT_FIELDS
from .models import DurationUnit
from .sippn import MAX_BYTES

TEXT_FIELDS = (
    "completion_time_text",
    "administration_time_text",
    "consultation_time_text",
    "fee_text",
    "fee_amount",
    "fee_legal_basis",
    "complaint_intro",
    *MANAGEMENT_FIELDS,
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for component in MANAGEMENT_COMPONENTS:  # components 7-14, one text each
            self.fields[component.fields[0]] = _area(component.label)

    def management(self):
        return [self[name] for name in MANAGEMENT_FIELDS]


class ItemForm(forms.Form):
    text = forms.CharField(label=_("Isi"), required=False, max_length=1000)
    order = forms.IntegerField(label=_("Urutan"), required=False, min_value=1)
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
    order = forms.IntegerField(label=_("Urutan"), required=False, min_value=1)
    delete = forms.BooleanField(label=_("Hapus"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("delete") or not any(data.get(k) for k in ("code", "name", "amount")):
            return data
        for key in ("code", "name", "amount", "unit"):
            if not data.get(key):
                self.add_error(key, _("Wajib diisi untuk setiap klasifikasi."))
        return data


class TierForm(forms.Form):
    name = forms.CharField(label=_("Golongan"), required=False, max_length=200)
    text = forms.CharField(label=_("Biaya seperti diumumkan"), required=False, max_length=500)
    amount = forms.IntegerField(label=_("Besaran (Rp)"), required=False, min_value=0)
    order = forms.IntegerField(label=_("Urutan"), required=False, min_value=1)
    delete = forms.BooleanField(label=_("Hapus"), required=False)


ItemFormSet = formset_factory(ItemForm, extra=2)
TierFormSet = formset_factory(TierForm, extra=1)
StepFormSet = formset_factory(StepForm, extra=2)
ClassFormSet = formset_factory(ClassForm, extra=1)

# (prefix, heading, formset class, standard field)
LISTS = [
    ("requirements", _("Persyaratan"), ItemFormSet, "requirements"),
    ("procedure", _("Sistem, mekanisme dan prosedur"), StepFormSet, "procedure"),
    ("fee_tiers", _("Golongan biaya"), TierFormSet, "fee_tiers"),
    ("products", _("Produk pelayanan"), ItemFormSet, "products"),
    ("channels", _("Saluran pengaduan"), ItemFormSet, "complaint_channels"),
    ("flow", _("Alur penanganan pengaduan"), ItemFormSet, "complaint_flow"),
    ("classes", _("Jangka waktu penyelesaian pengaduan"), ClassFormSet, "complaint_classes"),
]


def initial_rows(field: str, value: list) -> list[dict]:
    """The formset rows of a list, numbered from 1 as people number items."""
    if field == "procedure":
        return [
            {"label": s["label"], "text": s["text"], "order": i}
            for i, s in enumerate(value, start=1)
        ]
    if field in ("complaint_classes", "fee_tiers"):
        return [{**row, "order": i} for i, row in enumerate(value, start=1)]
    return [{"text": text, "order": i} for i, text in enumerate(value, start=1)]


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
        elif field == "fee_tiers":
            if not data.get("name") and not data.get("text"):
                continue
            value = {
                "name": data.get("name") or "",
                "text": data.get("text") or "",
                "amount": data.get("amount"),
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

    # Shown when the standard states no complaint classes, and kept for a back-dated date
    # (the page shows it after the service refused the date once).
    no_classes_confirmed = forms.BooleanField(
        label=_("Layanan ini memang tanpa jangka waktu penyelesaian pengaduan."), required=False
    )
    backdate_confirmed = forms.BooleanField(
        label=_("Tanggal berlaku memang sebelum hari ini (berlaku surut)."), required=False
    )

    def __init__(self, *args, warnings=(), has_classes=True, **kwargs):
        super().__init__(*args, **kwargs)
        if warnings:
            self.fields["warnings_confirmed"] = forms.BooleanField(
                label=_("Saya sudah memeriksa catatan impor di atas dan nilainya benar."),
                required=True,
            )
        if has_classes:
            del self.fields["no_classes_confirmed"]


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan koreksi"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tampil di halaman publik versi yang ditarik."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas teks SIPPN"),
        required=False,
        help_text=_("Teks biasa (.txt) seperti yang dicetak SIPPN, paling besar 512 KB."),
    )
    text = forms.CharField(
        label=_("Atau tempel teksnya di sini"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                self.add_error(
                    "file",
                    _("Berkas lebih besar dari %(size)s KB.") % {"size": MAX_BYTES // 1024},
                )
                return data
            data["source"] = upload.read()
        elif data.get("text", "").strip():
            data["source"] = data["text"].encode("utf-8")
        else:
            self.add_error("file", _("Pilih berkas teks SIPPN atau tempel teksnya."))
        return data


class OfficeImportForm(ImportForm):
    """A new office from a SIPPN text's header (the system administrator, issue 14): its
    services become drafts; the header does not say the time zone, so it is asked."""

    slug = forms.SlugField(
        label=_("Kode instansi"),
        max_length=80,
        required=False,
        help_text=_(
            "Dipakai di alamat halaman, misalnya dinas-kesehatan. Kosongkan agar dibuat dari "
            "nama instansi di kepala teks."
        ),
    )
    timezone = forms.ChoiceField(
        label=_("Zona waktu instansi"),
        choices=[("", _("Pilih zona waktu")), *offices.TIMEZONE_CHOICES],
        error_messages={"required": _("Pilih zona waktu instansi.")},
    )

    field_order = ["file", "text", "slug", "timezone"]


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
