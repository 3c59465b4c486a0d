"""The report's period and filters, read from the query string (GET: a report is a page one
bookmarks and sends)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.offices.channels import ChannelKind
from loket.offices.services import divisions_of
from loket.standards.selectors import complaint_classes, public_services

from . import periods, selectors
from .selectors import Filters

if TYPE_CHECKING:
    from loket.offices.services import Office

EVERY = [("", _("Semua"))]


class PeriodForm(forms.Form):
    """The period alone: a preset, or a custom range of at most a year."""

    periode = forms.ChoiceField(
        label=_("Periode"), choices=periods.PRESETS, required=False, initial=periods.THIS_MONTH
    )
    dari = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Untuk rentang tanggal."),
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("periode") == periods.CUSTOM:
            start, end = data.get("dari"), data.get("sampai")
            if start is None:
                self.add_error("dari", _("Isi tanggal awal rentang."))
            if end is None:
                self.add_error("sampai", _("Isi tanggal akhir rentang."))
            if start and end:
                if end < start:
                    self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
                elif (end - start).days >= periods.LONGEST_DAYS:
                    self.add_error("sampai", _("Rentang paling lama satu tahun."))
        return data

    def period(self, today: date) -> periods.Period:
        """The asked period; this month when nothing valid was asked."""
        if not self.is_bound or not self.is_valid():
            return periods.preset_period(periods.THIS_MONTH, today)
        data = self.cleaned_data
        preset = data.get("periode") or periods.THIS_MONTH
        if preset == periods.CUSTOM:
            return periods.Period(data["dari"], data["sampai"], periods.CUSTOM)
        return periods.preset_period(preset, today)


class ReportForm(PeriodForm):
    layanan = forms.TypedChoiceField(
        label=_("Layanan"), required=False, coerce=int, empty_value=None
    )
    klasifikasi = forms.ChoiceField(label=_("Klasifikasi pengaduan"), required=False)
    kanal = forms.ChoiceField(label=_("Kanal pengaduan"), required=False)
    bagian = forms.TypedChoiceField(label=_("Bagian"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, services=(), classes=(), divisions=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["layanan"].choices = EVERY + [(s.pk, s.name) for s in services]
        self.fields["klasifikasi"].choices = EVERY + [(c.code, c.name) for c in classes]
        self.fields["kanal"].choices = EVERY + list(ChannelKind.choices)
        self.fields["bagian"].choices = EVERY + [(d.pk, d.name) for d in divisions]

    def chosen(self, today: date) -> tuple[periods.Period, Filters]:
        """The asked period and filters; this month and no filter when nothing valid was
        asked."""
        period = self.period(today)
        if not self.is_bound or not self.is_valid():
            return period, Filters()
        data = self.cleaned_data
        filters = Filters(
            service_id=data.get("layanan"),
            complaint_class=data.get("klasifikasi") or "",
            channel=data.get("kanal") or "",
            division_id=data.get("bagian"),
        )
        return period, filters

    def chosen_filters(self) -> list[tuple[str, str]]:
        """The filters asked, as (field label, chosen label) pairs for a printed report: the
        PDF says what its figures were narrowed to. Empty without a valid filter."""
        if not self.is_bound or not self.is_valid():
            return []
        shown = []
        for name in ("layanan", "klasifikasi", "kanal", "bagian"):
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            field = self.fields[name]
            labels = {str(key): label for key, label in field.choices}
            shown.append((str(field.label), str(labels.get(str(value), value))))
        return shown


# How the province comparison is ordered: by name, or ranked (`metrics.RANK_VALUES`).
BY_NAME = "nama"
RANKINGS = (
    (BY_NAME, _("Nama instansi")),
    ("tepat-waktu", _("Persentase tepat waktu")),
    ("ikm", _("Nilai IKM")),
    ("volume", _("Jumlah pengaduan diterima")),
)


class ProvinceForm(PeriodForm):
    urut = forms.ChoiceField(
        label=_("Urutkan menurut"), choices=RANKINGS, required=False, initial=BY_NAME
    )

    def ranking(self) -> str:
        """The asked order (by name when nothing valid was asked)."""
        if not self.is_bound or not self.is_valid():
            return BY_NAME
        return self.cleaned_data.get("urut") or BY_NAME


def office_report_for(
    office: Office, data: Any, today: date
) -> tuple[ReportForm, selectors.Report]:
    """The form of `data` (a query dict, or None for nothing asked) and the report it asks
    for, `today` being the office-local day the presets count from: the page, its exports
    and the background export jobs read the report the same way."""
    classes = complaint_classes(office)
    form = ReportForm(
        data or None,
        services=list(public_services(office)),
        classes=classes,
        divisions=list(divisions_of(office)),
    )
    period, filters = form.chosen(today)
    return form, selectors.office_report(office, period, classes=classes, filters=filters)
