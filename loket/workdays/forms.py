"""Plain forms for the staff calendar pages; they work without JavaScript.

Office hours are typed per weekday the way offices publish them, ``07.30-12.00,
13.00-16.00`` (a dot or a colon between hours and minutes), and checked here so that each
mistake is reported next to its weekday: every interval must end after it starts, lie inside
the day (00.00-23.59), and come after the previous one without overlapping it.
"""

import re
from datetime import time, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from .calendar import Interval
from .hours import WEEKDAY_NAMES
from .models import CalendarOverride

HOURS_HINT = _("Misalnya 07.30-12.00, 13.00-16.00. Waktu istirahat tidak ditulis.")
CLOSED_WORDS = {"tutup", "libur", "closed"}
DATE_ERRORS = {
    "required": _("Isi tanggalnya."),
    "invalid": _("Tanggal tidak dikenal. Tulis seperti 2026-03-17."),
}
REASON_ERRORS = {"required": _("Tulis alasannya.")}
_SPAN = re.compile(r"^(\d{1,2})[.:](\d{2})\s*[-–—]\s*(\d{1,2})[.:](\d{2})$")


def _time(hour: str, minute: str, text: str) -> time:
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        raise forms.ValidationError(
            _("%(span)s: jam harus di dalam satu hari, antara 00.00 dan 23.59."),
            params={"span": text},
        )
    return time(h, m)


def format_intervals(intervals) -> str:
    return ", ".join(f"{start:%H.%M}-{end:%H.%M}" for start, end in intervals)


def parse_intervals(text: str) -> tuple[Interval, ...]:
    """``"07.30-12.00, 13.00-16.00"`` -> ((07:30, 12:00), (13:00, 16:00)); "" -> ()."""
    spans: list[Interval] = []
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if not part:
            continue
        match = _SPAN.match(part)
        if match is None:
            raise forms.ValidationError(
                _("%(span)s tidak dapat dibaca. Tulis seperti 07.30-12.00, 13.00-16.00."),
                params={"span": part},
            )
        start = _time(match[1], match[2], part)
        end = _time(match[3], match[4], part)
        if start >= end:
            raise forms.ValidationError(
                _("%(span)s: jam selesai harus sesudah jam mulai."), params={"span": part}
            )
        if spans and start < spans[-1][1]:
            raise forms.ValidationError(
                _(
                    "%(span)s harus dimulai sesudah rentang sebelumnya berakhir (%(end)s): "
                    "tulis rentang berurutan dan tanpa tumpang tindih."
                ),
                params={"span": part, "end": f"{spans[-1][1]:%H.%M}"},
            )
        spans.append((start, end))
    return tuple(spans)


def _hours_field(weekday: int, help_text) -> forms.CharField:
    return forms.CharField(
        label=WEEKDAY_NAMES[weekday],
        required=False,
        max_length=120,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class WeeklyHoursForm(forms.Form):
    """The regular hours, one field per weekday; an empty field means closed that day."""

    def __init__(self, *args, hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        for weekday in range(7):
            name = f"day_{weekday}"
            self.fields[name] = _hours_field(
                weekday, _("Kosongkan bila tutup.") if weekday >= 5 else ""
            )
            if hours is not None:
                self.initial.setdefault(name, format_intervals(hours.get(weekday, ())))

    def field_list(self):
        return [self[f"day_{weekday}"] for weekday in range(7)]

    def clean(self):
        cleaned = super().clean()
        for weekday in range(7):
            name = f"day_{weekday}"
            if name in self.errors:
                continue
            try:
                cleaned[name] = parse_intervals(cleaned.get(name, ""))
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        if not self.errors and not any(cleaned[f"day_{w}"] for w in range(7)):
            raise forms.ValidationError(_("Setidaknya satu hari harus memiliki jam layanan."))
        return cleaned

    def hours(self) -> dict[int, tuple[Interval, ...]]:
        return {w: self.cleaned_data[f"day_{w}"] for w in range(7)}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ScheduleOverrideForm(forms.Form):
    """Different hours for a range of dates (Ramadan hours): only the weekdays filled in
    change; "tutup" closes that weekday for the range."""

    first_day = forms.DateField(
        label=_("Berlaku mulai"),
        widget=DateInput,
        error_messages=DATE_ERRORS | {"required": _("Isi tanggal mulai.")},
    )
    last_day = forms.DateField(
        label=_("Sampai dengan"),
        widget=DateInput,
        error_messages=DATE_ERRORS | {"required": _("Isi tanggal terakhir.")},
    )
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=200,
        error_messages=REASON_ERRORS,
        help_text=_("Misalnya Jam kerja bulan Ramadan 1448 H, dengan dasar surat edaran."),
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the weekly form on the same page has the same day fields, and a label
        # must lead to its own field (found by a tester; WCAG 2.2 SC 1.3.1, 4.1.2).
        kwargs.setdefault("auto_id", "id_schedule_%s")
        super().__init__(*args, **kwargs)
        for weekday in range(7):
            self.fields[f"day_{weekday}"] = _hours_field(weekday, "")

    def day_fields(self):
        return [self[f"day_{weekday}"] for weekday in range(7)]

    def clean(self):
        cleaned = super().clean()
        given: dict[int, tuple[Interval, ...]] = {}
        for weekday in range(7):
            name = f"day_{weekday}"
            text = (cleaned.get(name) or "").strip()
            if name in self.errors or not text:
                continue
            if text.lower() in CLOSED_WORDS:
                given[weekday] = ()
                continue
            try:
                given[weekday] = parse_intervals(text)
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
            elif last - first > timedelta(days=366):
                self.add_error("last_day", _("Jam layanan khusus berlaku paling lama satu tahun."))
        if not self.errors and not given:
            raise forms.ValidationError(
                _("Isi jam layanan untuk setidaknya satu hari, atau tulis tutup.")
            )
        cleaned["hours"] = given
        return cleaned


class CalendarOverrideForm(forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=DateInput, error_messages=DATE_ERRORS)
    kind = forms.ChoiceField(
        label=_("Jenis"),
        error_messages={"required": _("Pilih jenis: libur atau hari kerja.")},
        choices=[
            (CalendarOverride.Kind.CLOSED, _("Libur: instansi tutup pada tanggal ini")),
            (
                CalendarOverride.Kind.WORKING,
                _("Hari kerja: instansi buka walaupun hari libur atau akhir pekan"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=200,
        error_messages=REASON_ERRORS,
        help_text=_("Misalnya nomor surat keputusan atau pengumuman. Tampil di halaman publik."),
    )
    joint_leave = forms.BooleanField(
        label=_("Hari ini cuti bersama yang ditetapkan SKB"),
        required=False,
        help_text=_("Hanya untuk hari libur."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("joint_leave") and cleaned.get("kind") != CalendarOverride.Kind.CLOSED:
            self.add_error("joint_leave", _("Cuti bersama selalu hari libur."))
        return cleaned


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penghapusan"),
        max_length=200,
        error_messages=REASON_ERRORS,
        help_text=_("Dicatat dalam riwayat kalender bersama nama Anda dan waktunya."),
    )
