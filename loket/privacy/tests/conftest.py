"""Fixtures of the privacy tests: visits and complaints of office A made directly (the tests
exercise the purge, not the booking or complaint flows), each with a real stored file."""

import secrets
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile

from loket.complaints.models import Attachment as ComplaintFile
from loket.complaints.models import Complaint, Status
from loket.consent import consent_record
from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.standards.tests.factories import ServiceFactory
from loket.visits.models import Attachment as VisitFile
from loket.visits.models import Visit

# Monday 2 March 2026, 09:00 WIB: when the records are collected.
COLLECTED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test stores its files in a folder of its own: the purge's orphan sweep walks the
    upload folders and must see only this test's files."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def service(office_a):
    return ServiceFactory(office=office_a, slug="konsultasi", name="Pelayanan Konsultasi")


@pytest.fixture
def head(office_a):
    user = UserFactory(username="hana")
    MembershipFactory(user=user, office=office_a, role=Role.HEAD)
    return user


@pytest.fixture
def make_visit(service, time_machine):
    def make(*, at=COLLECTED, name="Budi Santoso", phone="081234567890", status="done", **extra):
        time_machine.move_to(at, tick=False)
        email = extra.pop("email", "budi@example.org")
        # As the booking form records it: the optional e-mail with its consent.
        consents = extra.pop("consents", [consent_record("email", "x", office=None, now=at)])
        visit = Visit.objects.create(
            office=service.office,
            service=service,
            status=status,
            source=Visit.Source.ONLINE,
            booking_code=secrets.token_hex(5),
            token=secrets.token_hex(16),
            name=name,
            phone=phone,
            email=email,
            consents=consents if email else [],
            institution="PT Maju",
            position="Staf",
            purpose="Konsultasi perizinan",
            id_number=extra.pop("id_number", "6171010101010001"),
            closed_at=at,
            **extra,
        )
        stored = VisitFile(
            visit=visit,
            kind=VisitFile.Kind.ASSIGNMENT_LETTER,
            stored_name=f"{secrets.token_hex(8)}.pdf",
            original_name="surat-tugas-budi.pdf",
            content_type="application/pdf",
            size=9,
        )
        stored.file.save(stored.stored_name, ContentFile(b"%PDF-1.4\n"), save=True)
        return visit

    return make


@pytest.fixture
def make_complaint(office_a, time_machine):
    def make(
        *,
        received=COLLECTED,
        closed=None,
        name="Budi Santoso",
        phone="081234567890",
        status=Status.CLOSED,
        **extra,
    ):
        time_machine.move_to(received, tick=False)
        nik = extra.pop("nik", "6171010101010001")
        # As the complaint form records it: the optional NIK with its consent.
        consents = extra.pop("consents", [consent_record("nik", "x", office=None, now=received)])
        complaint = Complaint.objects.create(
            office=office_a,
            channel="phone",
            channel_details={"phone_number": phone, "call_time": received.isoformat()},
            title="Antrean terlalu lama",
            description=f"Saya {name}, menunggu tiga jam.",
            complainant_name=name,
            complainant_phone=phone,
            complainant_email=extra.pop("email", "budi@example.org"),
            complainant_nik=nik,
            consents=consents if nik else [],
            status=status,
            is_open=status in ("received", "waiting", "in_progress"),
            received_at=received,
            class_code="ringan",
            class_name="Pengaduan ringan",
            closed_at=closed,
            **extra,
        )
        evidence = ComplaintFile(
            complaint=complaint, name="ktp.jpg", content_type="image/jpeg", size=4
        )
        evidence.file.save("ktp.jpg", ContentFile(b"\xff\xd8\xff\xe0"), save=True)
        return complaint

    return make
