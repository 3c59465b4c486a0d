"""Forms of the consultation desk. `BookingForm` is the one validation of a booking, used by
the web pages and by `POST /api/v1/visits/` alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from loket import uploads, validators
from loket.offices.services import divisions_of

from . import selectors, services
from .models import Attachment, Visit
from .services import GuestBookEntry, Upload

if TYPE_CHECKING:
    from loket.offices.models import Office

MAX_FILE_BYTES = 2 * 1024 * 1024  # as SP4N-LAPOR! attachments and common guest-book practice
MAX_SUPPORTING_FILES = 3

# The site's rule for Indonesian numbers (loket/validators.py): checked by the numbering plan
# and cleaned to E.164, as in the complaints' and the offices' forms.
phone_validator = validators.phone_validator


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def check_upload(uploaded, kind: str) -> Upload:
    """The cleaned content of a PDF, JPEG or PNG (by content) of at most 2 MB; the site's one
    rule for uploads (`loket.uploads.check_file`), refusals as the form's ValidationError."""
    checked = uploads.check_file(uploaded, max_bytes=MAX_FILE_BYTES)
    return Upload(
        kind=kind,
        name=uploaded.name,  # as given: `Attachment.download_name` adds the detected extension
        content_type=checked.content_type,
        extension=checked.extension,
        file=checked.content,
    )


class RadioSelect(forms.RadioSelect):
    """Radio buttons whose field-level id is the first option's, so the shared error summary
    links ("#id_service_0") to something; Django's own returns "" and the link goes nowhere.
    Keeps the class name: the shared field template recognises "radioselect"."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


def required(message, **others) -> dict:
    """Error messages that say what to do for this field (GOV.UK: "Enter your full name"),
    never a generic "This field is required." repeated down the error summary."""
    return {"required": message, **others}


class GuestBookForm(forms.Form):
    """The guest book (seed step b): what the standard's procedure needs, nothing more."""

    service = forms.ModelChoiceField(
        label=_("Layanan"),
        queryset=None,
        empty_label=None,
        widget=RadioSelect,
        error_messages=required(
            _("Pilih layanan yang Anda perlukan."),
            invalid_choice=_("Pilih layanan dari daftar."),
        ),
    )
    division = forms.ModelChoiceField(
        label=_("Bagian yang ingin ditemui"),
        queryset=None,
        required=False,
        empty_label=_("Belum tahu / biar petugas yang mengarahkan"),
        help_text=_("Bila belum tahu, petugas informasi akan mengarahkan Anda."),
        error_messages={"invalid_choice": _("Pilih bagian dari daftar.")},
    )
    name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=120,
        error_messages=required(_("Tulis nama lengkap Anda.")),
        validators=[validators.person_name_validator],
    )
    phone = validators.PhoneField(
        label=_("Nomor telepon"),
        max_length=40,
        help_text=format_lazy(
            "{} {}", validators.PHONE_HINT, _("Untuk menghubungi Anda bila jadwal berubah.")
        ),
        error_messages=required(_("Tulis nomor telepon Anda.")),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Untuk salinan kode pemesanan dan ringkasan hasil konsultasi."),
        error_messages={
            "invalid": _("Tulis alamat e-mail yang benar, misalnya nama@contoh.go.id.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    institution = forms.CharField(
        label=_("Instansi / lembaga asal"),
        max_length=200,
        help_text=_("Tulis “pribadi” bila datang atas nama sendiri."),
        error_messages=required(_("Tulis instansi atau lembaga asal Anda.")),
    )
    position = forms.CharField(
        label=_("Jabatan"),
        max_length=120,
        error_messages=required(_("Tulis jabatan Anda.")),
    )
    purpose = forms.CharField(
        label=_("Keperluan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hal yang ingin dikonsultasikan."),
        error_messages=required(_("Tulis keperluan kunjungan Anda.")),
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["service"].queryset = selectors.bookable_services(office)
        self.fields["division"].queryset = divisions_of(office)
        choices = list(self.fields["service"].queryset)
        if len(choices) == 1:
            self.fields["service"].initial = choices[0].pk
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["institution"].widget.attrs["autocomplete"] = "organization"
        self.fields["position"].widget.attrs["autocomplete"] = "organization-title"

    def entry(self, language: str = "id") -> GuestBookEntry:
        data = self.cleaned_data
        return GuestBookEntry(
            service=data["service"],
            division=data.get("division"),
            name=data["name"].strip(),
            phone=data["phone"].strip(),
            email=data.get("email", "").strip(),
            institution=data["institution"].strip(),
            position=data["position"].strip(),
            purpose=data["purpose"].strip(),
            preferred_date=data.get("preferred_date"),
            preferred_time=data.get("preferred_time"),
            language=language,
        )


class BookingDetailsForm(GuestBookForm):
    """The guest book plus the day and hour of the visit (working days, office hours)."""

    preferred_date = forms.DateField(
        label=_("Tanggal kunjungan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Hari kerja saja: Senin-Jumat, bukan hari libur nasional atau cuti bersama."),
        error_messages=required(
            _("Pilih tanggal kunjungan."),
            invalid=_("Tanggal kunjungan harus tanggal yang benar, misalnya 1 Desember 2026."),
        ),
    )
    preferred_time = forms.TimeField(
        label=_("Jam kunjungan"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M"),
        help_text=_("Dalam jam layanan, waktu setempat. Contoh: 09:30."),
        error_messages=required(
            _("Pilih jam kunjungan."),
            invalid=_("Jam kunjungan harus jam yang benar, misalnya 09:30."),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.free_slots: list = []
        # The browser's date picker starts at today; `clean` still checks everything.
        today = services.local_today(self.office).isoformat()
        self.fields["preferred_date"].widget.attrs["min"] = today

    def clean(self):
        data = super().clean()
        day, at = data.get("preferred_date"), data.get("preferred_time")
        if day and at:
            problem = services.visit_time_problem(self.office, day, at) or services.slot_problem(
                self.office, data.get("division"), day, at
            )
            if problem is not None:
                # A full slot: the page offers the next free ones as choices.
                self.free_slots = getattr(problem, "free_slots", [])
                # Under the field the refusal names (found by a tester: "Tanggal kunjungan:
                # Jam kunjungan sudah lewat.").
                self.add_error(
                    _problem_field(problem, self),
                    forms.ValidationError(str(problem), code=problem.code),
                )
        return data


def _problem_field(problem, form: forms.Form) -> str:
    """The form field a refusal of the visit's day or hour names (`preferred_time` for an
    hour outside the office hours or already past), the date otherwise."""
    field = getattr(problem, "field", None)
    return field if field in form.fields else "preferred_date"


class KioskGuestBookForm(GuestBookForm):
    """The guest book on the shared kiosk tablet: the browser must neither remember nor offer
    one visitor's answers to the next, so autocomplete is off on every field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"


class RescheduleForm(forms.Form):
    """A booked visitor's new day and hour: the booking's own rules, and the slot's capacity
    (counted without the visitor's current place)."""

    preferred_date = BookingDetailsForm.base_fields["preferred_date"]
    preferred_time = BookingDetailsForm.base_fields["preferred_time"]

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        today = services.local_today(visit.office).isoformat()
        self.fields["preferred_date"].widget.attrs["min"] = today
        self.free_slots: list = []

    def clean(self):
        data = super().clean()
        day, at = data.get("preferred_date"), data.get("preferred_time")
        if not (day and at):
            return data
        if day == self.visit.preferred_date and at == self.visit.preferred_time:
            self.add_error(
                "preferred_date", _("Pilih tanggal atau jam yang berbeda dari jadwal sekarang.")
            )
            return data
        problem = services.visit_time_problem(self.visit.office, day, at) or services.slot_problem(
            self.visit.office, self.visit.division, day, at, exclude=self.visit
        )
        if problem is not None:
            self.free_slots = getattr(problem, "free_slots", [])
            self.add_error(
                _problem_field(problem, self),
                forms.ValidationError(str(problem), code=problem.code),
            )
        return data


class BookingForm(BookingDetailsForm):
    """A whole booking with its documents: the web page's last step and the API."""

    surat_tugas = forms.FileField(
        label=_("Surat Tugas"),
        required=False,
        help_text=_("PDF, JPG atau PNG, paling besar 2 MB. Boleh juga dibawa saat datang."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    supporting = MultipleFileField(
        label=_("Dokumen pendukung"),
        required=False,
        help_text=_("Paling banyak 3 berkas PDF, JPG atau PNG, masing-masing paling besar 2 MB."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_surat_tugas(self):
        uploaded = self.cleaned_data.get("surat_tugas")
        if not uploaded:
            return None
        return check_upload(uploaded, Attachment.Kind.ASSIGNMENT_LETTER)

    def clean_supporting(self):
        files = self.cleaned_data.get("supporting") or []
        if len(files) > MAX_SUPPORTING_FILES:
            raise forms.ValidationError(_("Paling banyak 3 dokumen pendukung."))
        return [check_upload(item, Attachment.Kind.SUPPORTING) for item in files]

    def uploads(self) -> list[Upload]:
        letter = self.cleaned_data.get("surat_tugas")
        return ([letter] if letter else []) + list(self.cleaned_data.get("supporting") or [])


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pemesanan"),
        max_length=20,
        help_text=_("12 huruf dan angka, misalnya 7KQ2-M9XP-4TBD. Tanda hubung boleh dilewati."),
        error_messages=required(_("Tulis kode pemesanan Anda.")),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = services.normalize_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Kode pemesanan terdiri atas 12 huruf dan angka."))
        return code


class ReceptionForm(forms.Form):
    requirements = forms.MultipleChoiceField(
        label=_("Persyaratan yang sudah diperiksa"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Persyaratan menurut standar pelayanan yang berlaku."),
    )
    unchecked_reason = forms.CharField(
        label=_("Alasan mengarahkan tanpa memeriksa semua persyaratan"),
        required=False,
        max_length=500,
        help_text=_(
            "Isi hanya bila pengunjung diarahkan walaupun ada persyaratan yang belum diperiksa, "
            "misalnya “Surat Tugas menyusul melalui e-mail”."
        ),
    )
    # Needed when a requirement is unchecked: not "opsional" (includes/field.html).
    unchecked_reason.conditionally_required = True  # type: ignore[attr-defined]
    identity_checked = forms.BooleanField(label=_("Tanda pengenal sudah diperiksa"), required=False)
    id_number = forms.CharField(
        label=_("Nomor identitas (KTP/NIP)"),
        required=False,
        max_length=40,
        help_text=_("Instansi ini mengizinkan penyimpanan nomor identitas."),
    )
    information_given = forms.CharField(
        label=_("Informasi yang diberikan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    division = forms.ModelChoiceField(
        label=_("Arahkan ke bagian"),
        queryset=None,
        required=False,
        empty_label=_("Pilih bagian"),
    )

    def __init__(self, *args, visit: Visit, requirements: list[str], store_id: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirements"].choices = [(item, item) for item in requirements]
        self.fields["division"].queryset = divisions_of(visit.office)
        if not store_id:
            del self.fields["id_number"]
        if not visit.is_at_desk or not requirements:
            del self.fields["unchecked_reason"]

    def clean_id_number(self) -> str:
        """A NIK checked by its structure (province, date of birth, serial) or an NIP."""
        return validators.identity_number(self.cleaned_data.get("id_number", ""))


class EndForm(forms.Form):
    outcome_summary = forms.CharField(
        label=_("Ringkasan hasil untuk pengunjung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pengunjung dapat membaca ringkasan ini melalui tautan kunjungannya."),
        error_messages=required(_("Tulis ringkasan hasil konsultasi.")),
    )
    internal_notes = forms.CharField(
        label=_("Catatan internal"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hanya untuk staf; tidak pernah ditunjukkan kepada pengunjung."),
    )
    follow_up_needed = forms.BooleanField(label=_("Perlu tindak lanjut"), required=False)
    send_outcome = forms.BooleanField(
        label=_("Kirim ringkasan ke e-mail pengunjung"), required=False
    )

    def __init__(self, *args, visit: Visit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if visit is not None and not visit.email:
            # Nothing to tick when the visitor left no address: no silent "sent".
            del self.fields["send_outcome"]
        elif visit is not None:
            self.fields["send_outcome"].help_text = _(
                "Hanya ringkasan hasil yang dikirim ke %(email)s; "
                "catatan internal tidak ikut dikirim."
            ) % {"email": visit.email}


class HandOverForm(forms.Form):
    division = forms.ModelChoiceField(
        label=_("Alihkan ke bagian"),
        queryset=None,
        empty_label=_("Pilih bagian"),
        error_messages=required(
            _("Pilih bagian tujuan."), invalid_choice=_("Pilih bagian dari daftar.")
        ),
    )
    reason = forms.CharField(
        label=_("Alasan pengalihan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=required(_("Tulis alasan pengalihan.")),
    )

    def __init__(self, *args, visit: Visit, current_division_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every other division of the office: handing over to the current one means nothing.
        current = {pk for pk in (visit.division_id, current_division_id) if pk}
        self.fields["division"].queryset = divisions_of(visit.office).exclude(pk__in=current)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Sampai tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
            elif (end - start).days > 366:
                self.add_error("end", _("Periode paling lama satu tahun."))
        return data
