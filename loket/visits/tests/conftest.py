"""Fixtures of the consultation desk: office A with a published Pelayanan Konsultasi standard
(the seed's Persyaratan and 15-minute administration), two divisions, and a named user per
role: rina (receptionist), dodi (consultant of Bagian Satu), eka (consultant of Bagian Dua),
hana (head). Office B (carol) is the outsider."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from loket.offices.permissions import Role
from loket.offices.services import divisions_of
from loket.offices.tests.factories import DivisionFactory, MembershipFactory, UserFactory
from loket.standards.tests.factories import ServiceFactory, StandardFactory
from loket.visits import services
from loket.visits.services import GuestBookEntry

PONTIANAK = ZoneInfo("Asia/Pontianak")
# Tuesday 1 December 2026, a working day (07:30-12:00, 13:00-16:00 by Perpres 21/2023).
TUESDAY = date(2026, 12, 1)
TUESDAY_0900 = datetime(2026, 12, 1, 9, 0, tzinfo=PONTIANAK)
# Tests that route without going through the desk's checklist say why, as the desk must.
ROUTED_UNCHECKED = "Persyaratan diperiksa lisan (uji)"
SEED_REQUIREMENTS = ["Surat Tugas", "Dokumen / Berkas Pendukung", "Tanda Pengenal / Identitas"]


@pytest.fixture
def service_a(office_a):
    service = ServiceFactory(
        office=office_a, slug="pelayanan-konsultasi", name="Pelayanan Konsultasi"
    )
    StandardFactory(
        service=service,
        status="published",
        published_at=timezone.now(),
        requirements=list(SEED_REQUIREMENTS),
    )
    return service


@pytest.fixture
def service_b(office_b):
    service = ServiceFactory(office=office_b, slug="konsultasi-b", name="Konsultasi B")
    StandardFactory(service=service, status="published", published_at=timezone.now())
    return service


@pytest.fixture
def division_x(consultant, office_a):
    """Bagian Satu, where dodi (the `consultant` fixture) works."""
    return divisions_of(office_a).get(slug="bagian-satu")


@pytest.fixture
def division_y(office_a):
    return DivisionFactory(office=office_a, slug="bagian-dua", name="Bagian Dua", position=2)


@pytest.fixture
def rina(office_a):
    user = UserFactory(username="rina")
    MembershipFactory(user=user, office=office_a, role=Role.RECEPTIONIST)
    return user


@pytest.fixture
def eka(division_y):
    user = UserFactory(username="eka")
    MembershipFactory(
        user=user, office=division_y.office, role=Role.CONSULTANT, division=division_y
    )
    return user


@pytest.fixture
def hana(office_a):
    user = UserFactory(username="hana")
    MembershipFactory(user=user, office=office_a, role=Role.HEAD)
    return user


def entry(service, **overrides) -> GuestBookEntry:
    values = {
        "service": service,
        "name": "Siti Aminah",
        "phone": "0812 3456 7890",
        "institution": "Dinas Koperasi Kabupaten Sambas",
        "position": "Analis",
        "purpose": "Konsultasi program pemberdayaan UMKM",
        "email": "",
    }
    values.update(overrides)
    return GuestBookEntry(**values)


@pytest.fixture
def make_walk_in(service_a):
    def make(now=None, **overrides):
        return services.register_walk_in(
            service_a.office, entry(service_a, **overrides), now=now or TUESDAY_0900
        )

    return make


@pytest.fixture
def make_booking(service_a):
    def make(now=None, day=TUESDAY, at=time(10, 0), **overrides):
        return services.book(
            service_a.office,
            entry(service_a, preferred_date=day, preferred_time=at, **overrides),
            now=now or datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK),
        )

    return make


def enrol(client, office, name="Tablet lobi"):
    """Make `client` the office's provisioned kiosk: an admin adds it, the tablet confirms the
    one-time enrolment link and keeps the device cookie (issue #12, finding 4)."""
    device, token = services.add_kiosk(office, name=name, actor=None)
    response = client.post(f"/instansi/{office.slug}/kiosk/daftarkan/{token}/")
    assert response.status_code == 302
    return device


@pytest.fixture
def enrolled(client, office_a):
    """The test client is office A's kiosk."""
    return enrol(client, office_a)
