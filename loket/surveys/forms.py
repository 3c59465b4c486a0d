"""Forms of the survey pages: the questionnaire (one fieldset per question), the fast paper
entry, the spreadsheet import, opening a period, the population and the follow-up plan."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import ikm
from .models import SurveyPeriod
from .questionnaire import ELEMENTS, AgeBand, Education, Occupation, Sex, age_band
from .services import SUGGESTION_MAX, Answers, PlanRow

UPLOAD_MAX = 2 * 1024 * 1024


NOT_STATED = _("Tidak disebutkan")


def _blank_first(choices):
    return [("", NOT_STATED), *choices]


class QuestionnaireForm(forms.Form):
    """The nine questions in the questionnaire's order, then the optional profile and the
    suggestion. Never asks for a name, NIK, phone or e-mail."""

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        if services:
            self.fields["service"] = forms.ModelChoiceField(
                queryset=services,
                label=_("Layanan yang Anda terima"),
                required=False,
                empty_label=_("Tidak disebutkan"),
            )
        for code in ikm.QUESTION_ORDER:
            element = ELEMENTS[code]
            self.fields[code] = forms.TypedChoiceField(
                label=f"{element.number}. {element.question}",
                help_text=element.name,
                choices=list(zip(ikm.SCORES, element.answers, strict=True)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih satu jawaban untuk pertanyaan ini.")},
            )
        self.fields["sex"] = forms.ChoiceField(
            label=_("Jenis kelamin"),
            choices=Sex.choices,
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["age_band"] = forms.ChoiceField(
            label=_("Usia"), choices=AgeBand.choices, required=False, widget=forms.RadioSelect
        )
        self.fields["education"] = forms.ChoiceField(
            label=_("Pendidikan terakhir"),
            choices=Education.choices,
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["occupation"] = forms.ChoiceField(
            label=_("Pekerjaan"),
            choices=Occupation.choices,
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["suggestion"] = forms.CharField(
            label=_("Saran untuk perbaikan layanan"),
            help_text=_("Jangan tulis nama, NIK atau nomor telepon."),
            required=False,
            max_length=SUGGESTION_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def question_fields(self):
        return [self[code] for code in ikm.QUESTION_ORDER]

    def profile_fields(self):
        names = ["service", "sex", "age_band", "education", "occupation"]
        return [self[name] for name in names if name in self.fields]

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            scores={code: data[code] for code in ikm.CODES},
            sex=data["sex"],
            age_band=data["age_band"],
            education=data["education"],
            occupation=data["occupation"],
            suggestion=data["suggestion"],
            extra={"service": data.get("service")},
        )


class PaperEntryForm(forms.Form):
    """One paper sheet, typed fast: the nine answers as nine digits in the order the sheet
    asks them (question 1..9), a dash or 0 for a blank."""

    date = forms.DateField(
        label=_("Tanggal survei"), widget=forms.DateInput(attrs={"type": "date"})
    )
    service = forms.ModelChoiceField(
        queryset=None, label=_("Layanan"), required=False, empty_label=_("Seluruh instansi")
    )
    sheet = forms.CharField(
        label=_("Jawaban pertanyaan 1-9"),
        help_text=_(
            "Sembilan angka 1-4 sesuai urutan lembar (P8 sarana, P9 pengaduan); "
            "tanda - atau 0 untuk yang kosong. Contoh: 344343-43"
        ),
        min_length=9,
        max_length=9,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "pattern": "[0-4-]{9}",
                "size": 12,
                "autofocus": True,
            }
        ),
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=_blank_first(Sex.choices)
    )
    age = forms.IntegerField(label=_("Umur (tahun)"), required=False, min_value=10, max_value=120)
    education = forms.ChoiceField(
        label=_("Pendidikan"), required=False, choices=_blank_first(Education.choices)
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan"), required=False, choices=_blank_first(Occupation.choices)
    )
    suggestion = forms.CharField(
        label=_("Saran"),
        required=False,
        max_length=SUGGESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean_sheet(self):
        text = self.cleaned_data["sheet"].strip()
        if len(text) != 9 or any(ch not in "01234-" for ch in text):
            raise forms.ValidationError(
                _("Tulis tepat sembilan tanda: angka 1-4, atau - / 0 untuk yang kosong.")
            )
        if all(ch in "0-" for ch in text):
            raise forms.ValidationError(_("Lembar ini tidak berisi jawaban."))
        return text

    def answers(self) -> Answers:
        data = self.cleaned_data
        scores = {
            code: (int(ch) if ch in "1234" else None)
            for code, ch in zip(ikm.QUESTION_ORDER, data["sheet"], strict=True)
        }
        return Answers(
            scores=scores,
            sex=data["sex"],
            age_band=age_band(data["age"]) if data["age"] is not None else "",
            education=data["education"],
            occupation=data["occupation"],
            suggestion=data["suggestion"],
            complete=False,
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_("Satu baris per responden, paling besar 2 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX:
            raise forms.ValidationError(_("Berkas lebih dari 2 MB."))
        data = upload.read()
        is_xlsx = data[:4] == b"PK\x03\x04"
        if not is_xlsx and b"\x00" in data[:4096]:
            raise forms.ValidationError(_("Berkas bukan CSV atau XLSX."))
        return data


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis periode"), choices=SurveyPeriod.Kind.choices)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    number = forms.IntegerField(
        label=_("Bulan / triwulan / semester ke-"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Kosongkan untuk periode tahunan."),
    )
    start = forms.DateField(
        label=_("Mulai (rentang lain)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("Selesai (rentang lain)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    service = forms.ModelChoiceField(
        queryset=None, label=_("Layanan"), required=False, empty_label=_("Seluruh layanan instansi")
    )
    population = forms.IntegerField(
        label=_("Populasi (jumlah penerima layanan)"),
        min_value=0,
        required=False,
        help_text=_(
            "Kosongkan untuk memakai jumlah kunjungan yang selesai dan pengaduan yang ditutup "
            "dalam periode."
        ),
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["year"].initial = timezone.now().year

    def clean(self):
        data = super().clean()
        if data.get("kind") == SurveyPeriod.Kind.CUSTOM:
            if not data.get("start") or not data.get("end"):
                raise forms.ValidationError(_("Isi tanggal mulai dan selesai."))
        elif not data.get("year"):
            self.add_error("year", _("Isi tahun."))
        return data


class PopulationForm(forms.Form):
    population = forms.IntegerField(
        label=_("Populasi (jumlah penerima layanan)"), min_value=0, required=False
    )


class PlanRowForm(forms.Form):
    element = forms.ChoiceField(
        label=_("Unsur"),
        choices=[(code, f"{code} {ELEMENTS[code].name}") for code in ikm.QUESTION_ORDER],
    )
    activity = forms.CharField(label=_("Kegiatan"), max_length=300, required=False)
    when = forms.CharField(label=_("Waktu"), max_length=100, required=False)
    responsible = forms.CharField(label=_("Penanggung jawab"), max_length=150, required=False)

    def row(self) -> PlanRow:
        data = self.cleaned_data
        return PlanRow(
            data["element"],
            data.get("activity", ""),
            data.get("when", ""),
            data.get("responsible", ""),
        )


PlanFormSet = forms.formset_factory(PlanRowForm, extra=2, max_num=20)


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Kesimpulan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
