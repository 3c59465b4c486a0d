"""Forms of the office admin's pages: the desk's settings (personal data, the waiting-room
screen's running line, the kiosk's whereabouts, slot length, ticket paper), the kiosks, and
the booking capacity of each division's slots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.offices.services import divisions_of

from . import services
from .models import VisitSettings

if TYPE_CHECKING:
    from loket.offices.models import Office


class SettingsForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Masa simpan data pengunjung (hari)"),
        min_value=30,
        max_value=3650,
        help_text=_("Setelah masa ini data pribadi pengunjung dihapus (30 sampai 3650 hari)."),
        error_messages={"required": _("Tulis masa simpan data pengunjung dalam hari.")},
    )
    store_id_number = forms.BooleanField(
        label=_("Simpan nomor identitas (KTP/NIP) pengunjung"),
        required=False,
        help_text=_("Bila dimatikan, nomor yang sudah tersimpan ikut dihapus."),
    )
    display_message = forms.CharField(
        label=_("Teks berjalan di layar antrean"),
        required=False,
        max_length=300,
        help_text=_(
            "Informasi singkat di bagian bawah layar ruang tunggu, misalnya jam istirahat "
            "atau persyaratan yang perlu dibawa. Paling panjang 300 huruf."
        ),
    )
    kiosk_location = forms.CharField(
        label=_("Letak kios penerimaan tamu"),
        required=False,
        max_length=200,
        help_text=_(
            "Ditunjukkan kepada orang yang membuka halaman kios dari perangkat lain, misalnya "
            "“Lobi lantai 1, di samping meja Petugas Informasi”."
        ),
    )
    slot_minutes = forms.TypedChoiceField(
        label=_("Panjang slot pemesanan"),
        choices=[(n, _("%(n)s menit") % {"n": n}) for n in services.SLOT_LENGTHS],
        coerce=int,
        help_text=_("Kapasitas tiap bagian dihitung per slot."),
    )
    ticket_paper = forms.ChoiceField(
        label=_("Kertas slip antrean"),
        choices=VisitSettings._meta.get_field("ticket_paper").choices,
        help_text=_("Printer struk 58 mm atau 80 mm, atau kertas A6."),
    )


class KioskForm(forms.Form):
    name = forms.CharField(
        label=_("Nama kios"),
        max_length=80,
        help_text=_("Misalnya “Tablet lobi lantai 1”."),
        error_messages={"required": _("Tulis nama kios.")},
    )


class CapacityForm(forms.Form):
    division = forms.ModelChoiceField(
        label=_("Bagian"),
        queryset=None,
        required=False,
        empty_label=_("Pemesanan tanpa bagian"),
        error_messages={"invalid_choice": _("Pilih bagian dari daftar.")},
    )
    starts_at = forms.TimeField(
        label=_("Slot mulai"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Kosongkan untuk semua slot bagian ini. Contoh: 09:00."),
        error_messages={"invalid": _("Slot mulai harus jam yang benar, misalnya 09:00.")},
    )
    capacity = forms.IntegerField(
        label=_("Kapasitas"),
        required=False,
        min_value=0,
        max_value=500,
        help_text=_("Jumlah pemesanan per slot. Kosongkan untuk menghapus batas."),
        error_messages={"invalid": _("Kapasitas harus bilangan bulat, misalnya 4.")},
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions_of(office)
