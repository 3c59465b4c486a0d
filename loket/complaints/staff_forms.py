"""Forms of the staff pages: the officer's intake of a complaint from any channel (its
channel-detail fields built from the table in channels.py), the actions of the complaint
page and the queue filters."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.offices.services import Channel

from . import channels, files
from .forms import (
    REQUIRED,
    DateInput,
    MultipleFileField,
    WhatForm,
    as_validation_error,
    duration_text,
)
from .models import ListKind, Status
from .selectors import SORT_KEYS
from .services import check_incident_date, check_received_at
from .tracking import normalize_reference

if TYPE_CHECKING:
    from loket.offices.services import Office

# The most rows one bulk action takes (a page is 25; a few pages ticked at once).
MAX_BULK = 200

STAFF_CHANNELS = [
    (value, label) for value, label in Channel.Kind.choices if value != Channel.Kind.WEB
]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class IntakeForm(forms.Form):
    """The Pejabat Pengelola Pengaduan enters a complaint received by another channel."""

    channel = forms.ChoiceField(
        label=_("Kanal"), choices=STAFF_CHANNELS, widget=forms.RadioSelect, error_messages=REQUIRED
    )
    received_at = forms.DateTimeField(
        label=_("Diterima pada"),
        widget=DateTimeLocalInput,
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("Waktu setempat instansi."),
        error_messages={**REQUIRED, "invalid": _("Tulis tanggal dan jam yang benar.")},
    )
    title = WhatForm.base_fields["title"]
    description = WhatForm.base_fields["description"]
    incident_date = WhatForm.base_fields["incident_date"]
    incident_place = WhatForm.base_fields["incident_place"]
    service = forms.ChoiceField(label=_("Layanan yang diadukan"), required=False, choices=[])
    name = forms.CharField(
        label=_("Nama pengadu"),
        max_length=200,
        required=False,
        validators=[validators.person_name_validator],
    )
    phone = validators.PhoneField(label=_("Nomor telepon atau WhatsApp"), required=False)
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        required=False,
        error_messages={"invalid": _("Tulis alamat e-mail yang benar, misalnya nama@contoh.id.")},
    )
    nik = forms.CharField(
        label=_("NIK pengadu"),
        max_length=16,
        required=False,
        validators=[validators.nik_validator],
        help_text=_(
            "Tidak wajib. Isi hanya bila pengadu memberikannya dan setuju pengaduannya "
            "dikaitkan dengan KTP-nya."
        ),
    )
    anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    confidential = forms.BooleanField(label=_("Rahasia"), required=False)
    files = MultipleFileField(label=_("Lampiran dan surat yang dipindai"))

    def __init__(
        self,
        *args,
        services=(),
        office: Office,
        channel: str = "",
        ask_nik: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.office = office
        if not ask_nik:  # the office does not collect it (`services.collects_nik`)
            del self.fields["nik"]
        self.fields["files"].help_text = files.limits_hint()
        # "Diterima pada" starts at now in the office's zone (issue 11 §5): a call entered
        # while it happens needs no typing; one entered later is corrected.
        now = timezone.localtime(timezone.now(), office.tz)
        self.fields["received_at"].initial = now.replace(second=0, microsecond=0, tzinfo=None)
        self.fields["service"].choices = [("", _("Tidak tahu / lainnya"))] + [
            (str(s.pk), s.name) for s in services
        ]
        chosen = self.data.get("channel") if self.is_bound else channel
        if chosen in dict(STAFF_CHANNELS):
            self._tailor(chosen)
        else:
            self._name_requiring_channels()

    def _tailor(self, channel: str) -> None:
        """The form of one channel: its details only, those the channel requires marked
        required (never "opsional")."""
        self.fields["channel"].initial = channel
        for detail in channels.DETAILS:
            if not detail.asked_for or detail.key not in self.fields:
                continue
            if channel not in detail.asked_for:
                del self.fields[detail.key]
                continue
            if detail.kind == "phone" and channel == Channel.Kind.WHATSAPP:
                # A WhatsApp number is a mobile number.
                self.fields[detail.key] = validators.PhoneField(
                    mobile=True, label=detail.label, required=False
                )
            if channel in detail.required_for:
                field = self.fields[detail.key]
                field.required = True
                field.error_messages["required"] = _(
                    "%(field)s: wajib diisi untuk kanal %(channel)s."
                ) % {
                    "field": detail.label,
                    "channel": Channel.Kind(channel).label,
                }

    def _name_requiring_channels(self) -> None:
        for detail in channels.DETAILS:
            if detail.required_for and detail.key in self.fields:
                names = ", ".join(str(Channel.Kind(c).label) for c in detail.required_for)
                hint = _("Wajib untuk kanal %(channels)s.") % {"channels": names}
                field = self.fields[detail.key]
                field.help_text = f"{field.help_text} {hint}".strip() if field.help_text else hint

    # The rules of `services.submit`, checked with the other fields already.
    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        as_validation_error(check_received_at, value, timezone.now())
        return value

    def clean_incident_date(self):
        value = self.cleaned_data["incident_date"]
        as_validation_error(check_incident_date, self.office, value, timezone.now())
        return value

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > files.MAX_FILES:
            raise ValidationError(_("Paling banyak %(count)s berkas.") % {"count": files.MAX_FILES})
        return uploads

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        for detail in channels.asked_for(channel or ""):
            missing = not data.get(detail.key) and detail.key not in self.errors
            if channel in detail.required_for and missing and detail.key in self.fields:
                self.add_error(
                    detail.key,
                    _("%(field)s: wajib diisi untuk kanal %(channel)s.")
                    % {"field": detail.label, "channel": Channel.Kind(channel).label},
                )
        return data

    def channel_details(self) -> dict[str, Any]:
        data = self.cleaned_data
        details = {}
        for detail in channels.asked_for(data["channel"]):
            value = data.get(detail.key)
            if value:
                details[detail.key] = value.isoformat() if hasattr(value, "isoformat") else value
        return details


def _detail_field(detail: channels.Detail) -> forms.Field:
    """The intake form's field for one channel detail (the table in channels.py)."""
    invalid = {"invalid": _("Tulis tanggal dan jam yang benar.")}
    common: dict[str, Any] = {"label": detail.label, "required": False}
    if detail.hint:
        common["help_text"] = detail.hint
    if detail.kind == "phone":  # stored in E.164
        return validators.PhoneField(**common)
    if detail.kind == "datetime":
        return forms.DateTimeField(
            widget=DateTimeLocalInput,
            input_formats=["%Y-%m-%dT%H:%M"],
            error_messages=invalid,
            **common,
        )
    if detail.kind == "date":
        return forms.DateField(
            widget=DateInput, error_messages={"invalid": _("Tulis tanggal yang benar.")}, **common
        )
    if detail.kind == "email":
        return forms.EmailField(
            error_messages={"invalid": _("Tulis alamat e-mail yang benar.")}, **common
        )
    return forms.CharField(max_length=40, **common)


def _insert_detail_fields(form_class: type[forms.Form], after: str) -> None:
    """Place the fields of every detail the intake form asks, after the field `after`."""
    asked = [detail for detail in channels.DETAILS if detail.asked_for]
    fields = {}
    for name, field in form_class.base_fields.items():
        fields[name] = field
        if name == after:
            fields.update({detail.key: _detail_field(detail) for detail in asked})
    form_class.base_fields = fields


_insert_detail_fields(IntakeForm, after="received_at")


class ClassifyForm(forms.Form):
    class_code = forms.ChoiceField(
        label=_("Klasifikasi"), widget=forms.RadioSelect, error_messages=REQUIRED
    )

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_code"].choices = [
            (c.code, f"{c.name} ({duration_text(c.amount, c.unit)})") for c in classes
        ]


class ReclassifyForm(ClassifyForm):
    """A change of class (by the Pejabat) or the team's request for one: with a reason, which
    the complainant and the head see."""

    class_code = forms.ChoiceField(
        label=_("Klasifikasi baru"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Klasifikasi baru: pilih salah satu.")},
    )
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Terlihat oleh pengadu dan kepala instansi."),
        error_messages={"required": _("Alasan perubahan: wajib diisi.")},
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED
    )


def _confirmation(label) -> forms.BooleanField:
    """The tick a destructive action asks for (issue 11 §5): it ends the office's handling
    and tells the complainant, so it never happens in one tap."""
    return forms.BooleanField(
        label=label,
        error_messages={"required": _("Konfirmasi: centang untuk melanjutkan.")},
    )


class ForwardForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan bukan wewenang"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=REQUIRED,
    )
    to_office = forms.ChoiceField(
        label=_("Teruskan ke instansi"),
        required=False,
        help_text=_("Kosongkan bila instansi yang berwenang tidak ada di Loket ini."),
    )

    confirm = _confirmation(
        _("Saya yakin: penanganan pengaduan ini di instansi kami berakhir dan pengadu diberi tahu.")
    )

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_office"].choices = [("", _("Tidak diteruskan"))] + [
            (o.slug, o.name) for o in offices
        ]


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=_("Nomor pengaduan asli"),
        max_length=30,
        error_messages={"required": _("Nomor pengaduan asli: wajib diisi.")},
    )
    confirm = _confirmation(
        _("Saya yakin: pengaduan ini ditolak sebagai duplikat dan pengadu diberi tahu.")
    )


class AssignForm(forms.Form):
    users = forms.MultipleChoiceField(
        label=_("Anggota tim"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih setidaknya satu anggota tim.")},
    )

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].choices = [(str(u.pk), u.get_full_name() or u.username) for u in team]


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Jawaban (tindak lanjut) untuk pengadu"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=REQUIRED,
    )
    files = MultipleFileField(label=_("Lampiran jawaban"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = files.limits_hint()


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari kode atau kata"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    complaint_class = forms.ChoiceField(label=_("Klasifikasi"), required=False)
    channel = forms.ChoiceField(label=_("Kanal"), required=False)
    overdue = forms.BooleanField(label=_("Hanya yang melewati batas waktu"), required=False)
    mine = forms.BooleanField(label=_("Hanya yang ditugaskan kepada saya"), required=False)
    unassigned = forms.BooleanField(label=_("Hanya yang belum ditugaskan"), required=False)
    new_replies = forms.BooleanField(
        label=_("Hanya yang ada tanggapan baru dari pengadu"), required=False
    )
    dari = forms.DateField(
        label=_("Diterima sejak"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Tulis tanggal yang benar.")},
    )
    sampai = forms.DateField(
        label=_("Diterima sampai"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Tulis tanggal yang benar.")},
    )
    urut = forms.ChoiceField(label=_("Urutkan"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, classes=(), statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("Semua"))]
        self.fields["status"].choices = every + list(statuses)
        self.fields["complaint_class"].choices = every + [(c.code, c.name) for c in classes]
        self.fields["channel"].choices = every + list(Channel.Kind.choices)
        self.fields["urut"].choices = [("", "")] + [
            (f"{sign}{key}", key) for key in SORT_KEYS for sign in ("", "-")
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        if start and end and end < start:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def received_range(self, tz) -> tuple[datetime | None, datetime | None]:
        """The receipt bounds of a valid form as aware datetimes: from the start of `dari`
        (inclusive) to the start of the day after `sampai` (exclusive), both local days in
        the office's zone `tz`."""
        data = self.cleaned_data
        start = data.get("dari")
        end = data.get("sampai")
        return (
            datetime.combine(start, time.min, tzinfo=tz) if start else None,
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz) if end else None,
        )


def filter_query(form: QueueFilterForm) -> str:
    """The canonical query string of a valid filter form: its fields in their order, only
    those set (a ticked box as "on"), nothing else (no page number, no unknown key)."""
    pairs = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(field, forms.BooleanField):
            if value:
                pairs.append((name, "on"))
        elif value:
            pairs.append((name, value.isoformat() if hasattr(value, "isoformat") else value))
    return urlencode(pairs)


class SaveFilterForm(forms.Form):
    """Save the current filter of a list under a name: the query string is checked through
    `QueueFilterForm` (the list's own rules) and kept in canonical form (`filter_query`)."""

    nama = forms.CharField(label=_("Nama saringan"), max_length=60, error_messages=REQUIRED)
    kueri = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
    daftar = forms.ChoiceField(choices=ListKind.choices, widget=forms.HiddenInput)

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.classes = classes

    def clean(self):
        data = super().clean()
        raw = QueryDict((data.get("kueri") or "").removeprefix("?"))
        unknown = set(raw) - set(QueueFilterForm.base_fields) - {"halaman"}
        checked = QueueFilterForm(raw, classes=self.classes, statuses=Status.choices)
        if unknown or not checked.is_valid():
            # Not a field the user sees: a message of the whole form.
            self.add_error(
                None,
                ValidationError(
                    _("Saringan ini tidak sah; terapkan saringan di daftar lalu simpan lagi."),
                    code="invalid_filter",
                ),
            )
        else:
            data["kueri"] = filter_query(checked)
        return data


class ReferencesField(forms.MultipleChoiceField):
    """Reference numbers ticked in a list; which exist in the office is the view's query."""

    def valid_value(self, value: str) -> bool:
        return bool(normalize_reference(value))


class BulkForm(forms.Form):
    """The rows chosen in a list (by reference number) and what to do with them: assign
    them to one member of the team, or export them."""

    ASSIGN = "tugaskan"
    CSV = "csv"
    XLSX = "xlsx"

    pilih = ReferencesField(
        label=_("Pengaduan yang dipilih"),
        error_messages={"required": _("Pilih setidaknya satu pengaduan.")},
    )
    aksi = forms.ChoiceField(choices=[(ASSIGN, ASSIGN), (CSV, CSV), (XLSX, XLSX)])
    petugas = forms.ChoiceField(label=_("Tugaskan kepada"), required=False)
    identitas = forms.BooleanField(label=_("Sertakan identitas pengadu"), required=False)
    semua = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petugas"].choices = [("", "–")] + [
            (str(u.pk), u.get_full_name() or u.username) for u in team
        ]

    def clean_pilih(self):
        chosen = self.cleaned_data["pilih"]
        if len(chosen) > MAX_BULK:
            raise ValidationError(
                _("Pilih paling banyak %(n)s pengaduan sekaligus."), params={"n": MAX_BULK}
            )
        return chosen

    def clean(self):
        data = super().clean()
        if data.get("aksi") == self.ASSIGN and not data.get("petugas"):
            self.add_error("petugas", _("Pilih anggota tim yang ditugaskan."))
        return data


# --- Answering well (issue 14) ---------------------------------------------------------


class ApproveAnswerForm(forms.Form):
    """Approving a draft answer asks for nothing: the button is the decision."""


class ReturnAnswerForm(forms.Form):
    comment = forms.CharField(
        label=_("Apa yang perlu diperbaiki"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=REQUIRED,
    )


class ComplaintSettingsForm(forms.Form):
    answers_need_approval = forms.BooleanField(
        label=_("Jawaban tim perlu persetujuan sebelum dikirim"),
        help_text=_(
            "Jawaban yang disusun Tim Pengelola Pengaduan baru dikirim kepada pengadu setelah "
            "disetujui Pejabat Pengelola Pengaduan atau kepala. Batas waktu tetap berjalan."
        ),
        required=False,
    )
    ask_nik = forms.BooleanField(
        label=_("Tanyakan NIK pengadu"),
        help_text=_(
            "Formulir pengaduan (daring, API dan pencatatan petugas) menanyakan NIK, tidak "
            "wajib. NIK hanya mengaitkan pengaduan dengan KTP pengadu: UU 27/2022 meminta "
            "data pribadi dikumpulkan sebatas yang diperlukan, jadi biarkan tidak dicentang "
            "bila instansi tidak memerlukannya."
        ),
        required=False,
    )


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(label=_("Judul templat"), max_length=120, error_messages=REQUIRED)
    body = forms.CharField(
        label=_("Isi templat"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=REQUIRED,
    )
    is_active = forms.BooleanField(
        label=_("Aktif (dapat dipilih pada formulir jawaban)"), required=False, initial=True
    )

    def __init__(self, *args, placeholders: dict[str, Any], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("Tanda isian: %(list)s.") % {
            "list": "; ".join(f"{{{name}}} = {text}" for name, text in placeholders.items())
        }
