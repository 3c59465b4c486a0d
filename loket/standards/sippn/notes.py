"""What the SIPPN reader tells a person: each note is a code and its parameters, stored as
`{"code": ..., "params": {...}}` and translated only when shown, so the same import report
reads in Indonesian or English (issue #10: importer notes were Indonesian f-strings).

Warnings are values a person must confirm before publishing; notes are information (a quirk
of the layout the reader coped with).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, str | Promise] = {
    # warnings: to confirm before publishing
    "header_email_not_go_id": _(
        "Periksa e-mail instansi di kepala surat: %(address)s bukan domain pemerintah .go.id. "
        "Nilai disimpan apa adanya."
    ),
    "header_email_g_id": _(
        "Periksa e-mail instansi di kepala surat: %(address)s bukan domain pemerintah .go.id "
        "(mungkin maksudnya .go.id?). Nilai disimpan apa adanya."
    ),
    "channel_email_not_go_id": _(
        "Periksa e-mail saluran pengaduan: %(address)s bukan domain pemerintah .go.id. "
        "Nilai disimpan apa adanya."
    ),
    "postal_codes_differ": _(
        "Dua kode pos berbeda di kepala surat: %(first)s dan %(second)s; yang pertama dipakai."
    ),
    "postal_code_unusual": _(
        "Periksa kode pos %(value)s: kode pos Indonesia terdiri dari 5 angka."
    ),
    "phone_unusual": _("Periksa nomor telepon %(value)s: tidak sesuai penomoran Indonesia."),
    "class_plain_days": _(
        "Periksa jangka waktu pengaduan '%(text)s': tertulis 'hari', dibaca sebagai %(amount)s "
        "hari kerja. Pastikan yang dimaksud hari kerja."
    ),
    "class_duplicate": _("Klasifikasi pengaduan ganda: %(code)s; beri kode berbeda."),
    "number_conflict": _(
        "Angka dan tulisan berbeda dalam '%(text)s' (%(digits)s dan '%(words)s'); angkanya "
        "yang dipakai."
    ),
    "unknown_heading": _(
        "Judul bagian yang tidak dikenal: '%(line)s'. Isinya tidak ditempatkan; pindahkan sendiri "
        "bila perlu."
    ),
    "requirements_empty": _("Bagian Persyaratan kosong."),
    "no_complaint_classes": _(
        "Teks tidak memuat jangka waktu penyelesaian pengaduan; isi sebelum menerbitkan atau "
        "konfirmasi bahwa layanan ini memang tanpa klasifikasi pengaduan."
    ),
    "office_name_differs": _(
        "Nama instansi di teks ('%(in_text)s') berbeda dengan instansi '%(office)s'."
    ),
    "contact_differs": _(
        "Periksa %(label)s: teks menulis '%(in_text)s', data instansi '%(on_record)s'. Data "
        "instansi tidak diubah."
    ),
    "timezone_assumed": _(
        "Teks tidak menyebut zona waktu; instansi dibuat dengan %(timezone)s. Ubah bila salah."
    ),
    # notes: information
    "postal_code_twice": _("Kode pos tertulis dua kali (%(postal)s %(postal)s); dibaca sekali."),
    "page_header_repeated": _("Kepala halaman yang berulang dilewati (%(count)s kali)."),
    "flow_run_on_skipped": _(
        "Baris alur pengaduan yang diulang sebagai satu baris dilewati: '%(text)s...'"
    ),
    "one_line_split": _(
        "%(section)s tertulis dalam satu baris; dipecah menjadi %(count)s langkah."
    ),
    "fee_tiers": _("Biaya tertulis dalam %(count)s golongan; tidak ada satu besaran biaya."),
    "channels_without_heading": _(
        "Saluran pengaduan tertulis langsung di bawah judul pengaduan; dibaca sebagai saluran."
    ),
    "several_services": _("Teks memuat %(count)s layanan; masing-masing menjadi draf sendiri."),
}

# Labels for the parameters that name a thing rather than quote the text.
LABELS: dict[str, str | Promise] = {
    "address": _("alamat"),
    "postal_code": _("kode pos"),
    "phone": _("telepon"),
    "email": _("e-mail"),
    "parent_name": _("instansi induk"),
    "procedure": _("Prosedur"),
    "complaint_flow": _("Alur penanganan pengaduan"),
}


@dataclass(frozen=True)
class Note:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    def __str__(self) -> str:
        return render(self.as_dict())


def render(note: dict[str, Any] | str) -> str:
    """The note in the active language. A note stored before codes existed (a plain string,
    or the code "legacy") is shown as it was written."""
    if isinstance(note, str):
        return note
    params = {
        key: str(LABELS[value]) if key in ("label", "section") and value in LABELS else value
        for key, value in (note.get("params") or {}).items()
    }
    message = MESSAGES.get(note.get("code", ""))
    if message is None:
        return str(params.get("text", note.get("code", "")))
    return str(message) % params if params else str(message)
