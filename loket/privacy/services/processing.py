"""The record of processing activities (UU 27/2022 PDP Pasal 31: the controller records its
processing) and the privacy notice, both generated from what Loket really processes: one
activity per record type, with its purpose, its subjects, its data, its legal basis, its
recipients and the retention the office set (with its JRA reference). The office adds what
Loket cannot know (its data-protection contact, PPDP, Pasal 53; where the data is stored; its
security measures; other recipients) in its `PrivacyProfile`. The access export reads the
same purposes and recipients, so the three never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from loket.events import record_event
from loket.visits import services as visits

from ..models import PrivacyEvent, PrivacyProfile, RecordType, RetentionPolicy
from .retention import Retention, retention_for

if TYPE_CHECKING:
    from loket.offices.models import Office

LEGAL_BASIS = _("Pelaksanaan tugas pelayanan publik (UU 27/2022 Pasal 20 huruf e).")
CONSENT_BASIS = _("Persetujuan, untuk data yang opsional.")

PURPOSES: dict[str, Promise] = {
    RecordType.VISITS: _(
        "Buku tamu dan layanan konsultasi: mendaftar, mengantre, dilayani bagian, "
        "dan menerima ringkasan hasil konsultasi."
    ),
    RecordType.COMPLAINTS: _(
        "Pengelolaan pengaduan: menerima, memverifikasi, menindaklanjuti dan menjawab "
        "pengaduan (Perpres 76/2013)."
    ),
    RecordType.OUTBOX: _(
        "Mengirim kode, konfirmasi, pengingat dan jawaban melalui e-mail, SMS atau WhatsApp."
    ),
    RecordType.TASK_RESULTS: _(
        "Menjalankan dan mengulang tugas latar belakang (pengiriman pesan)."
    ),
    RecordType.INBOUND: _(
        "Menerima pengaduan melalui e-mail dan WhatsApp dan menjadikannya pengaduan."
    ),
}

RECIPIENTS: dict[str, Promise] = {
    RecordType.VISITS: _("Petugas informasi dan konsultan bagian instansi ini."),
    RecordType.COMPLAINTS: _(
        "Pejabat dan Tim Pengelola Pengaduan serta kepala instansi ini; instansi tujuan "
        "bila pengaduan diteruskan."
    ),
    RecordType.OUTBOX: _("Penyedia layanan e-mail, SMS atau WhatsApp yang dipakai instalasi."),
    RecordType.TASK_RESULTS: _("Tidak ada; hanya administrator sistem."),
    RecordType.INBOUND: _("Pejabat Pengelola Pengaduan instansi ini."),
}

SUBJECTS: dict[str, Promise] = {
    RecordType.VISITS: _("Pengunjung: warga, pelaku usaha, pegawai instansi lain."),
    RecordType.COMPLAINTS: _("Pengadu dan orang yang disebut dalam pengaduan."),
    RecordType.OUTBOX: _("Pengunjung dan pengadu yang memberi kontak; petugas instansi."),
    RecordType.TASK_RESULTS: _("Pengunjung, pengadu dan petugas yang menerima pesan."),
    RecordType.INBOUND: _("Pengirim pesan ke kanal pengaduan."),
}

# Where the public gives the data (the forms the privacy notice is linked from).
COLLECTED_BY: dict[str, Promise] = {
    RecordType.VISITS: _("Formulir pemesanan kunjungan, kios dan buku tamu petugas."),
    RecordType.COMPLAINTS: _("Formulir pengaduan daring dan petugas (tatap muka, telepon, surat)."),
    RecordType.OUTBOX: _("Dibuat oleh Loket dari data kunjungan dan pengaduan."),
    RecordType.TASK_RESULTS: _("Dibuat oleh Loket."),
    RecordType.INBOUND: _("Kotak surat dan nomor WhatsApp pengaduan instansi."),
}

PUBLIC_ACTIVITIES = (RecordType.VISITS, RecordType.COMPLAINTS)


def _data_categories(record_type: str, *, store_id_number: bool) -> Sequence[Promise]:
    if record_type == RecordType.VISITS:
        rows: list[Promise] = [
            _("nama"),
            _("nomor telepon"),
            _("e-mail (opsional)"),
            _("instansi asal dan jabatan"),
            _("keperluan kunjungan"),
            _("Surat Tugas dan berkas pendukung"),
        ]
        if store_id_number:
            rows.insert(4, _("nomor tanda pengenal"))
        return rows
    if record_type == RecordType.COMPLAINTS:
        return [
            _("nama (boleh anonim)"),
            _("nomor telepon dan e-mail"),
            _("NIK (opsional)"),
            _("rincian kanal: nomor penelepon, alamat surat"),
            _("isi pengaduan"),
            _("bukti yang dilampirkan"),
        ]
    if record_type == RecordType.OUTBOX:
        return [_("alamat e-mail atau nomor penerima"), _("isi pesan")]
    if record_type == RecordType.INBOUND:
        return [
            _("alamat e-mail atau nomor WhatsApp dan nama pengirim"),
            _("subjek dan isi pesan, pesan asli"),
            _("lampiran"),
        ]
    return [_("hasil tugas, dapat memuat alamat penerima")]


@dataclass(frozen=True)
class Activity:
    """One processing activity of the office, as the record and the notice show it."""

    record_type: str
    name: str
    purpose: Promise
    legal_basis: Sequence[Promise]
    subjects: Promise
    data: Sequence[Promise]
    recipients: Promise
    collected_by: Promise
    retention: Retention


def activities(office: Office) -> list[Activity]:
    """Every processing activity of `office`, in `RecordType` order, with the retention it
    set (defaults marked in `retention.is_default`). The visits' ID number is listed only when
    the office enables it (minimal collection)."""
    store_id_number = visits.settings_for(office).store_id_number
    rows = []
    for retention in retention_for(office):
        record_type = retention.record_type
        legal_basis: list[Promise] = [LEGAL_BASIS]
        if record_type in (RecordType.VISITS, RecordType.COMPLAINTS, RecordType.INBOUND):
            legal_basis.append(CONSENT_BASIS)
        rows.append(
            Activity(
                record_type=record_type,
                name=retention.label,
                purpose=PURPOSES[record_type],
                legal_basis=legal_basis,
                subjects=SUBJECTS[record_type],
                data=_data_categories(record_type, store_id_number=store_id_number),
                recipients=RECIPIENTS[record_type],
                collected_by=COLLECTED_BY[record_type],
                retention=retention,
            )
        )
    return rows


PROFILE_FIELDS = (
    "controller_unit",
    "dpo_name",
    "dpo_email",
    "dpo_phone",
    "storage",
    "security_measures",
    "other_recipients",
    "notes",
)


def profile_of(office: Office) -> PrivacyProfile:
    """The office's additions; an unsaved empty profile until the admin saves one."""
    return PrivacyProfile.objects.filter(office=office).first() or PrivacyProfile(office=office)


@transaction.atomic
def set_profile(
    office: Office, *, actor: Any, now: datetime | None = None, **values: str
) -> PrivacyProfile:
    """Save the office's additions (fields of `PROFILE_FIELDS`, all text, may be empty). The
    history keeps the names of the changed fields."""
    now = now or timezone.now()
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not a profile field: {', '.join(sorted(unknown))}")
    profile = profile_of(office)
    changed = [name for name, value in values.items() if getattr(profile, name) != value.strip()]
    for name in changed:
        setattr(profile, name, values[name].strip())
    if not changed and profile.pk:
        return profile
    profile.updated_at = now
    profile.updated_by = actor
    profile.save()
    record_event(
        PrivacyEvent,
        action=PrivacyEvent.Action.PROFILE_SET,
        actor=actor,
        now=now,
        office=office,
        data={"fields": changed},
    )
    return profile


# The version of the notice's own text in the code: raise it when the template or the
# activities change what the notice says.
NOTICE_TEXT_VERSION = "2026.1"


def notice_version(office: Office) -> str:
    """The version of `office`'s privacy notice, recorded with each consent
    (`loket.consent`): the text's version and the time (UTC, to the minute) of the office's
    last change to what the notice states (its retention or its profile), e.g.
    "2026.1/202603020900"; "2026.1/default" before any change. Two queries."""
    changes = [
        RetentionPolicy.objects.filter(office=office).aggregate(at=Max("updated_at"))["at"],
        PrivacyProfile.objects.filter(office=office).values_list("updated_at", flat=True).first(),
    ]
    latest = max((at for at in changes if at), default=None)
    stamp = latest.astimezone(UTC).strftime("%Y%m%d%H%M") if latest else "default"
    return f"{NOTICE_TEXT_VERSION}/{stamp}"
