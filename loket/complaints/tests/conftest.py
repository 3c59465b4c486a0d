"""Fixtures of the complaint tests: office A with the seed's four deadline classes published
in its standard, and one user per complaint role (plus carol of office B, the outsider)."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from loket.complaints import services
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.standards.models import Standard
from loket.standards.tests.factories import ServiceFactory, StandardFactory

# Seed "Jangka Waktu Penyelesaian Pengaduan" as an office publishes it (data, not code).
SEED_CLASSES = [
    {"code": "ringan", "name": "Pengaduan ringan", "text": "3 Jam", "amount": 3, "unit": "hours"},
    {
        "code": "normatif",
        "name": "Pengaduan bersifat normatif",
        "text": "5 hari kerja",
        "amount": 5,
        "unit": "working_days",
    },
    {
        "code": "tidak-berkadar-pengawasan",
        "name": "Pengaduan tidak berkadar pengawasan",
        "text": "14 hari kerja",
        "amount": 14,
        "unit": "working_days",
    },
    {
        "code": "berkadar-pengawasan",
        "name": "Pengaduan berkadar pengawasan dan memerlukan pemeriksaan",
        "text": "60 hari kerja",
        "amount": 60,
        "unit": "working_days",
    },
]

MONDAY_0900 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 2 March 2026, 09:00 WIB


def publish_classes(office, classes=SEED_CLASSES):
    service = ServiceFactory(
        office=office, slug="pelayanan-konsultasi", name="Pelayanan Konsultasi"
    )
    StandardFactory(
        service=service,
        status=Standard.Status.PUBLISHED,
        published_at=datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
        complaint_classes=[dict(row) for row in classes],
    )
    return service


@pytest.fixture
def office(office_a):
    publish_classes(office_a)
    return office_a


@pytest.fixture
def other_office(office_b):
    publish_classes(office_b)
    return office_b


def _member(username, office, role, **extra):
    user = UserFactory(username=username, **extra)
    MembershipFactory(user=user, office=office, role=role)
    return user


@pytest.fixture
def officer(office):
    return _member("pejabat", office, Role.COMPLAINT_OFFICER, first_name="Sari")


@pytest.fixture
def handler(office):
    return _member("tim", office, Role.COMPLAINT_HANDLER, first_name="Andi")


@pytest.fixture
def handler2(office):
    return _member("tim2", office, Role.COMPLAINT_HANDLER, first_name="Nina")


@pytest.fixture
def head(office):
    return _member("kepala", office, Role.HEAD, first_name="Dewi")


@pytest.fixture
def make_complaint(office):
    def make(**fields):
        values = {
            "office": office,
            "channel": "web",
            "title": "Petugas tidak ada di meja informasi",
            "description": "Saya menunggu satu jam tanpa dilayani.",
            "complainant_name": "Budi Warga",
            "complainant_email": "budi@contoh.id",
            "complainant_phone": "081234567890",
        }
        values.update(fields)
        return services.submit(**values)

    return make


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture(autouse=True)
def _in_indonesian():
    """Every test starts in Bahasa Indonesia whatever language an earlier request left active
    (the root conftest already empties the cache, and with it the rate-limit counters)."""
    from django.utils import translation

    with translation.override("id"):
        yield


@pytest.fixture
def asks_nik(office):
    """Office A asks complainants for their NIK (`OfficeComplaintSettings.ask_nik`; off by
    default, issue 13 minimal collection)."""
    from loket.complaints.models import OfficeComplaintSettings

    OfficeComplaintSettings.objects.update_or_create(office=office, defaults={"ask_nik": True})
    return office
