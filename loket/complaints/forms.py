"""Forms of the citizen web flow, the officer's intake and the team's actions. Every error
message is in Bahasa Indonesia and names what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket import validators
from loket.codes import normalize_code
from loket.offices.services import Channel

from . import channels, files
from .errors import ComplaintError
from .services import check_incident_date, check_received_at

if TYPE_CHECKING:
    from loket.offices.services import Office

REQUIRED = {"required": _("Wajib diisi.")}


def refuse(form: forms.Form, error: ComplaintError) -> None:
    """Show a service's refusal on the form, at its field when the form has that field, in
    the visitor's language."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by content (see files.check_upload)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data] if data else []
        uploads, errors = [], []
        for item in items:
            try:
                uploads.append(files.check_upload(item))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


def _as_validation_error(check: Any, *args: Any) -> None:
    """Run a rule of the services for a form field: its refusal becomes the field's error."""
    try:
        check(*args)
    except ComplaintError as exc:
        raise ValidationError(str(exc), code=exc.code) from exc


class DateInput(forms.DateInput):
    input_type = "date"


class WhatForm(forms.Form):
    title = forms.CharField(
        label=_("Judul pengaduan"),
        max_length=200,
        help_text=_("Satu kalimat pendek, misalnya: Petugas tidak ada di meja informasi."),
        error_messages={**REQUIRED, "max_length": _("Judul paling banyak 200 karakter.")},
    )
    description = forms.CharField(
        label=_("Apa yang terjadi?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("Ceritakan apa, kapan, di mana dan siapa yang terlibat."),
        error_messages={**REQUIRED, "max_length": _("Uraian paling banyak 5000 karakter.")},
    )
    incident_date = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=DateInput,
        help_text=_("Misalnya 27/02/2026."),
        error_messages={"invalid": _("Tulis tanggal yang benar, misalnya 27/02/2026.")},
    )
    incident_place = forms.CharField(
        label=_("Tempat kejadian"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Tempat paling banyak 200 karakter.")},
    )
    service = forms.ChoiceField(label=_("Layanan yang diadukan"), required=False, choices=[])

    def __init__(self, *args, services=(), office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["service"].choices = [("", _("Tidak tahu / lainnya"))] + [
            (str(s.pk), s.name) for s in services
        ]

    def clean_incident_date(self):
        # The rule of `services.submit`, checked with the other fields already.
        value = self.cleaned_data["incident_date"]
        _as_validation_error(check_incident_date, self.office, value, timezone.now())
        return value


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Tambahkan bukti"))

    def __init__(self, *args, existing: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing
        self.fields["files"].help_text = files.limits_hint()

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if self.existing + len(uploads) > files.MAX_FILES:
            raise ValidationError(
                _("Paling banyak %(count)s berkas. Hapus dulu berkas yang tidak perlu.")
                % {"count": files.MAX_FILES}
            )
        return uploads


class WhoForm(forms.Form):
    IDENTIFIED, ANONYMOUS = "identified", "anonymous"
    identity = forms.ChoiceField(
        label=_("Bagaimana identitas Anda ditangani?"),
        widget=forms.RadioSelect,
        choices=[
            (IDENTIFIED, _("Sebutkan nama saya kepada petugas yang menangani")),
            (ANONYMOUS, _("Anonim: petugas tidak melihat identitas saya")),
        ],
        initial=IDENTIFIED,
        error_messages={"required": _("Pilih salah satu.")},
    )
    # Name and one way to reach the complainant are required unless they choose anonim.
    # The fields are declared required so the page does not call them "(opsional)" (GOV.UK:
    # never mark optional what is not); the hints say when they may be left empty and
    # full_clean() applies the rule that depends on the identity choice.
    name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=200,
        help_text=_("Wajib, kecuali Anda memilih anonim."),
    )
    phone = forms.CharField(
        label=_("Nomor telepon atau WhatsApp"),
        max_length=40,
        validators=[validators.phone_validator],
        help_text=_(
            "Nomor Indonesia, diawali 0 atau +62, misalnya 081234567890. Isi nomor telepon "
            "atau e-mail, salah satu wajib kecuali Anda memilih anonim."
        ),
    )
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        help_text=_(
            "Kami kirim kode pelacakan dan jawaban ke alamat ini. Isi e-mail atau nomor "
            "telepon, salah satu wajib kecuali Anda memilih anonim."
        ),
        error_messages={"invalid": _("Tulis alamat e-mail yang benar, misalnya nama@contoh.id.")},
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=16,
        required=False,
        validators=[validators.nik_validator],
        help_text=_("Tidak wajib. Hanya bila Anda ingin pengaduan dikaitkan dengan KTP Anda."),
    )
    confidential = forms.BooleanField(
        label=_("Rahasia: isi pengaduan saya tidak boleh ditampilkan kepada publik"),
        required=False,
    )

    CONDITIONAL = ("name", "phone", "email")
    use_required_attribute = False

    def full_clean(self):
        # Required for display, checked in clean() according to the identity choice.
        for name in self.CONDITIONAL:
            self.fields[name].required = False
        try:
            super().full_clean()
        finally:
            for name in self.CONDITIONAL:
                self.fields[name].required = True

    def clean(self):
        data = super().clean()
        if data.get("identity") == self.IDENTIFIED:
            if not data.get("name"):
                self.add_error("name", _("Tulis nama Anda, atau pilih anonim."))
            if not data.get("phone") and not data.get("email") and "phone" not in self.errors:
                self.add_error(
                    "email", _("Tulis e-mail atau nomor telepon agar kami dapat menjawab.")
                )
        return data


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pelacakan"),
        max_length=20,
        help_text=_("12 huruf dan angka, misalnya K7M2-QXR9-T4HB."),
        error_messages=REQUIRED,
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(_("Kode pelacakan terdiri atas 12 huruf dan angka."))
        return code


class CompleteForm(forms.Form):
    message = forms.CharField(
        label=_("Kelengkapan pengaduan"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages=REQUIRED,
    )
    files = MultipleFileField(label=_("Lampiran"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = files.limits_hint()

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > files.MAX_FILES:
            raise ValidationError(_("Paling banyak %(count)s berkas.") % {"count": files.MAX_FILES})
        return uploads


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Tanggapan Anda"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages=REQUIRED,
    )


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Seberapa puas Anda dengan jawaban ini?"),
        widget=forms.RadioSelect,
        coerce=int,
        choices=[
            (5, _("5 – Sangat puas")),
            (4, _("4 – Puas")),
            (3, _("3 – Cukup")),
            (2, _("2 – Kurang puas")),
            (1, _("1 – Tidak puas")),
        ],
        error_messages={"required": _("Pilih nilai 1 sampai 5.")},
    )
    comment = forms.CharField(
        label=_("Komentar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Mengapa Anda belum puas?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages=REQUIRED,
    )


# --- Staff ---------------------------------------------------------------------------

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
    name = forms.CharField(label=_("Nama pengadu"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Nomor telepon atau WhatsApp"),
        max_length=40,
        required=False,
        validators=[validators.phone_validator],
        help_text=validators.PHONE_HINT,
    )
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        required=False,
        error_messages={"invalid": _("Tulis alamat e-mail yang benar, misalnya nama@contoh.id.")},
    )
    nik = WhoForm.base_fields["nik"]
    anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    confidential = forms.BooleanField(label=_("Rahasia"), required=False)
    files = MultipleFileField(label=_("Lampiran dan surat yang dipindai"))

    def __init__(self, *args, services=(), office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["files"].help_text = files.limits_hint()
        self.fields["service"].choices = [("", _("Tidak tahu / lainnya"))] + [
            (str(s.pk), s.name) for s in services
        ]

    # The rules of `services.submit`, checked with the other fields already.
    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        _as_validation_error(check_received_at, value, timezone.now())
        return value

    def clean_incident_date(self):
        value = self.cleaned_data["incident_date"]
        _as_validation_error(check_incident_date, self.office, value, timezone.now())
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
            if channel in detail.required_for and missing:
                self.add_error(detail.key, _("Wajib diisi untuk kanal ini."))
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
    if detail.kind == "phone":
        return forms.CharField(max_length=40, validators=[validators.phone_validator], **common)
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
    reason = forms.CharField(label=_("Alasan perubahan"), required=False, max_length=500)

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_code"].choices = [
            (c.code, f"{c.name} ({duration_text(c.amount, c.unit)})") for c in classes
        ]


def duration_text(amount: int, unit: str) -> str:
    if unit == "hours":
        return _("%(n)s jam") % {"n": amount}
    if unit == "minutes":
        return _("%(n)s menit") % {"n": amount}
    return _("%(n)s hari kerja") % {"n": amount}


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 4}), error_messages=REQUIRED
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

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_office"].choices = [("", _("Tidak diteruskan"))] + [
            (o.slug, o.name) for o in offices
        ]


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=_("Kode pengaduan asli"), max_length=20, error_messages=REQUIRED
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

    def __init__(self, *args, classes=(), statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("Semua"))]
        self.fields["status"].choices = every + list(statuses)
        self.fields["complaint_class"].choices = every + [(c.code, c.name) for c in classes]
        self.fields["channel"].choices = every + list(Channel.Kind.choices)
