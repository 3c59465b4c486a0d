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

from . import files
from .errors import ComplaintError
from .services import check_incident_date

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


def as_validation_error(check: Any, *args: Any) -> None:
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
        as_validation_error(check_incident_date, self.office, value, timezone.now())
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
        validators=[validators.person_name_validator],
    )
    # Stored in E.164 ("+6281234567890", `validators.PhoneField`), however it was typed.
    phone = validators.PhoneField(
        label=_("Nomor telepon atau WhatsApp"),
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

    def __init__(self, *args, ask_nik: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_nik:  # the office does not collect it (`services.collects_nik`)
            del self.fields["nik"]

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
            if not data.get("name") and "name" not in self.errors:
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


def duration_text(amount: int, unit: str) -> str:
    if unit == "hours":
        return _("%(n)s jam") % {"n": amount}
    if unit == "minutes":
        return _("%(n)s menit") % {"n": amount}
    return _("%(n)s hari kerja") % {"n": amount}
