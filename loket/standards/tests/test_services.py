"""The read contract other apps rely on, and the draft -> publish -> new version cycle."""

from datetime import date, timedelta

import pytest
import time_machine

from loket.standards import selectors, services
from loket.standards.errors import StandardError
from loket.standards.models import Standard, StandardEvent
from loket.standards.selectors import ComplaintClass

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 02:00:00+00:00"

DRAFT = {
    "requirements": ["Surat Tugas", "Tanda Pengenal / Identitas"],
    "procedure": [{"label": "a", "text": "Menuju ke Petugas Informasi;"}],
    "administration_time_text": "15 Menit",
    "completion_time_text": "2 Hari Kerja",
    "fee_text": "Rp 50.000,- per dokumen",
    "complaint_classes": [
        {"code": "ringan", "name": "Pengaduan ringan", "amount": 3, "unit": "hours"},
        {"code": "normatif", "name": "Normatif", "amount": 5, "unit": "working_days"},
    ],
}


@pytest.fixture
def service(office_a):
    return ServiceFactory(office=office_a, name="Pelayanan Konsultasi")


def test_a_service_without_a_published_standard_is_not_public(service, alice):
    services.create_draft(service, actor=alice, **DRAFT)
    assert list(selectors.public_services(service.office)) == []
    assert selectors.standard_in_force(service) is None
    assert selectors.requirements(service) == []
    assert selectors.administration_time(service) is None
    assert selectors.complaint_classes(service.office) == []


@time_machine.travel(NOW, tick=False)
def test_publishing_makes_the_contract_answer_from_the_published_version(service, alice):
    draft = services.create_draft(service, actor=alice, **DRAFT)
    assert draft.fee_amount == 50_000
    assert (draft.completion_time_amount, draft.completion_time_unit) == (2, "working_days")
    assert draft.completion_time is None  # working days have no fixed clock length
    services.publish(draft, actor=alice, decree_number="", effective_date=date(2026, 3, 2))

    assert list(selectors.public_services(service.office)) == [service]
    assert selectors.standard_in_force(service).version == 1
    assert selectors.requirements(service) == ["Surat Tugas", "Tanda Pengenal / Identitas"]
    assert selectors.administration_time(service) == timedelta(minutes=15)
    assert selectors.complaint_classes(service.office, service) == [
        ComplaintClass("ringan", "Pengaduan ringan", 3, "hours", 0),
        ComplaintClass("normatif", "Normatif", 5, "working_days", 1),
    ]
    draft.refresh_from_db()
    assert draft.published_by == alice
    assert draft.published_at.isoformat() == "2026-03-02T02:00:00+00:00"


def test_a_published_version_is_frozen_and_a_new_version_starts_from_it(service, alice):
    first = services.create_draft(service, actor=alice, **DRAFT)
    services.publish(first, actor=alice, decree_number="SK 1/2026", effective_date=None)
    with pytest.raises(StandardError):
        services.update_draft(first, actor=alice, requirements=["Lain"])
    with pytest.raises(StandardError):
        services.publish(first, actor=alice, decree_number="", effective_date=None)

    second = services.start_new_version(service, actor=alice)
    assert second.version == 2
    assert second.requirements == DRAFT["requirements"]
    with pytest.raises(StandardError):
        services.start_new_version(service, actor=alice)  # one draft at a time
    changed = services.update_draft(second, actor=alice, requirements=["Surat Tugas"])
    assert changed == ["requirements"]
    # the public still reads version 1 until version 2 is published
    assert selectors.requirements(service) == DRAFT["requirements"]
    services.publish(second, actor=alice, decree_number="SK 2/2026", effective_date=None)
    assert selectors.requirements(service) == ["Surat Tugas"]
    assert [s.version for s in selectors.published_versions(service)] == [2, 1]


def test_every_change_is_logged_with_its_actor(service, alice):
    draft = services.create_draft(service, actor=alice)
    services.update_draft(draft, actor=alice, fee_text="Tidak dipungut biaya")
    services.publish(
        draft, actor=alice, decree_number="", effective_date=None, no_classes_confirmed=True
    )
    rows = list(StandardEvent.objects.filter(standard=draft).order_by("id"))
    assert [(r.action, r.actor) for r in rows] == [
        ("draft_created", alice),
        ("draft_updated", alice),
        ("published", alice),
    ]
    assert rows[1].fields == ["fee_text", "fee_amount"]


def test_an_office_without_classes_on_the_service_uses_its_newest_published_classes(
    office_a, alice
):
    with_classes = ServiceFactory(office=office_a)
    without = ServiceFactory(office=office_a)
    services.publish(
        services.create_draft(with_classes, actor=alice, **DRAFT),
        actor=alice,
        decree_number="",
        effective_date=None,
    )
    services.publish(
        services.create_draft(without, actor=alice),
        actor=alice,
        decree_number="",
        effective_date=None,
        no_classes_confirmed=True,
    )
    assert [c.code for c in selectors.complaint_classes(office_a, without)] == [
        "ringan",
        "normatif",
    ]


def test_deadline_classes_must_be_hours_or_working_days(service, alice):
    bad = [{"code": "ringan", "name": "Ringan", "amount": 3, "unit": "minutes"}]
    with pytest.raises(StandardError):
        services.create_draft(service, actor=alice, complaint_classes=bad)
    assert not Standard.objects.exists()


def test_import_warnings_must_be_confirmed_before_publishing(service, alice):
    draft = services.create_draft(service, actor=alice, **DRAFT)
    Standard.objects.filter(pk=draft.pk).update(
        import_warnings=[{"code": "header_email_not_go_id", "params": {"address": "a@b.id"}}]
    )
    with pytest.raises(StandardError, match="konfirmasi catatan impor"):
        services.publish(draft, actor=alice, decree_number="", effective_date=None)
    services.publish(
        draft, actor=alice, decree_number="", effective_date=None, warnings_confirmed=True
    )


def test_the_pledge_is_versioned(office_a, alice):
    first = services.save_pledge_draft(office_a, actor=alice, text="Kami sanggup ...")
    assert selectors.published_pledge(office_a) is None
    services.publish_pledge(first, actor=alice)
    second = services.save_pledge_draft(office_a, actor=alice, text="Kami berjanji ...")
    assert second.version == 2
    assert selectors.published_pledge(office_a) == first
