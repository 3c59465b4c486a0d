"""The demo office from the seed (Biro Perekonomian, Pemprov Kalimantan Barat), its published
service standard and one demo staff user per role. Loading is idempotent: a second run
changes nothing. Site level because it uses several apps (offices, standards), each through
its services."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from loket.offices import services as offices
from loket.offices.channels import ChannelKind
from loket.offices.roles import Role
from loket.standards import services as standards

if TYPE_CHECKING:
    from loket.offices.models import Office

DEMO_OFFICE_SLUG = "biro-perekonomian-kalbar"
# The seed itself: the published SIPPN text of the office's service standard.
DEMO_STANDARD_FILE = settings.BASE_DIR / "demo" / "biro-perekonomian-kalbar.sippn.txt"
DEMO_PASSWORD = "demo-loket-2026"  # noqa: S105 - printed for local demos only

# Seed: header lines 1-5 (address and contacts) and "Pengaduan Layanan" items 1)-7).
OFFICE = {
    "name": "Biro Perekonomian",
    "parent_name": "Pemerintah Provinsi Kalimantan Barat",
    "address": (
        "Jl. Jenderal Ahmad Yani, Bangka Belitung Laut, Kec. Pontianak Tenggara, "
        "Kota Pontianak, Kalimantan Barat"
    ),
    "postal_code": "78124",
    "city": "Pontianak",
    "phone": "0561736541",
    "email": "biroekonomi@kalbarprov.g.id",
    "timezone": "Asia/Pontianak",
}
DIVISIONS = [
    ("bina-mental-spiritual", "Bagian Bina Mental Spiritual"),
    ("pelayanan-dasar", "Bagian Pelayanan Dasar"),
    ("pelayanan-non-dasar", "Bagian Pelayanan Non Dasar"),
]
CHANNELS = [
    (ChannelKind.FACE_TO_FACE, "Tatap muka langsung kepada Pejabat Pengelola Pengaduan", ""),
    (ChannelKind.BOX, "Tertulis disampaikan ke Kotak Pengaduan", ""),
    (ChannelKind.WHATSAPP, "WA", "081649112053"),
    (ChannelKind.PHONE, "Telepon", "(0561) 736541 ext. 213"),
    (ChannelKind.FAX, "Faximile", "(0561) 730062"),
    (ChannelKind.EMAIL, "Email", "perekonomian@kalbarprov.go.id"),
    (ChannelKind.LAPOR, "Online melalui website SP4N-LAPOR!", "www.lapor.go.id"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    division_slug: str | None = None


DEMO_USERS = [
    DemoUser("informasi", "Rina Petugas Informasi", Role.RECEPTIONIST),
    DemoUser("konsultan", "Budi Konsultan", Role.CONSULTANT, "pelayanan-dasar"),
    DemoUser("pejabat", "Sari Pejabat Pengaduan", Role.COMPLAINT_OFFICER),
    DemoUser("tim", "Andi Tim Pengaduan", Role.COMPLAINT_HANDLER),
    DemoUser("kepala", "Dewi Kepala Biro", Role.HEAD),
    DemoUser("admin", "Yusuf Admin Instansi", Role.OFFICE_ADMIN),
    # Read-only, aggregates only: the province comparison at /staf/provinsi/ (issue 16).
    DemoUser("pengawas", "Rudi Biro Organisasi", Role.SUPERVISOR),
]
# The system administrator (a Django superuser: the admin site at /admin-sistem/, nationwide
# holidays, every office); holds no office role.
DEMO_SYSTEM_ADMIN = DemoUser("sistem", "Hadi Admin Sistem", "system_admin")


@transaction.atomic
def load_demo_office() -> "Office":
    office = offices.save_office(DEMO_OFFICE_SLUG, **OFFICE)
    for position, (slug, name) in enumerate(DIVISIONS):
        offices.save_division(office, slug, name=name, position=position)
    for position, (kind, label, value) in enumerate(CHANNELS):
        offices.save_channel(office, kind, label=label, value=value, position=position)
    return office


@transaction.atomic
def load_demo_standard(office: "Office"):
    """Import the seed's service standard through the SIPPN importer and publish it as the
    seed published it (no decree number yet). A second run finds the same text: no change."""
    (outcome,) = standards.import_standards(DEMO_STANDARD_FILE.read_bytes(), office=office)
    standard = outcome.standard
    if standard.is_draft:
        # The importer's flags (the header e-mail outside .go.id) are the seed's own data,
        # kept as published; the demo confirms them on the admin's behalf.
        standard = standards.publish(
            standard,
            actor=None,
            decree_number=standard.decree_number,
            effective_date=None,
            warnings_confirmed=True,
        )
    return standard


def _demo_user(demo: DemoUser, **flags: bool):
    """The demo login `demo` (created once with DEMO_PASSWORD; a second run changes nothing)."""
    first, _, last = demo.full_name.partition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=demo.username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{demo.username}@demo.loket.localhost",
            **flags,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo_users(office: "Office") -> list[DemoUser]:
    """One demo login per office role, then the system administrator `sistem` (superuser);
    returns them in that order."""
    for demo in DEMO_USERS:
        user = _demo_user(demo)
        division = (
            offices.division_by_slug(office, demo.division_slug) if demo.division_slug else None
        )
        offices.grant_role(user=user, office=office, role=demo.role, division=division)
    _demo_user(DEMO_SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    return [*DEMO_USERS, DEMO_SYSTEM_ADMIN]
