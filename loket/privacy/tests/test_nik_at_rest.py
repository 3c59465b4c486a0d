"""The NIK encrypted at rest (OWASP ASVS 4.0.3 V6.1.1): the complainant's NIK, the visitor's ID
number and the NIK a data subject's request names are stored as tokens; requests still find a
person's records by NIK (through a keyed blind index) and the access export and the erasure
still work. Before: all three were stored in clear."""

import json
from datetime import timedelta

import pytest
from django.db import connection

from loket import crypto
from loket.complaints import services as complaints
from loket.complaints.models import Complaint
from loket.privacy import services
from loket.tests.migrating import latest, migrate_to
from loket.visits import services as visits
from loket.visits.models import Visit

from .conftest import COLLECTED

pytestmark = pytest.mark.django_db

NIK = "6171020202020002"
OTHER_NIK = "6171030303030003"
RECEIVED = COLLECTED + timedelta(days=3)


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def people(make_complaint, make_visit):
    """Budi (NIK known, no phone or e-mail in common with his request) and a namesake."""
    found = {
        "complaint": make_complaint(phone="081111111111", email="", nik=NIK),
        "visit": make_visit(phone="081111111112", email="", id_number=NIK),
    }
    make_complaint(phone="082222222222", email="", nik=OTHER_NIK)
    make_visit(phone="082222222223", email="", id_number=OTHER_NIK)
    return found


def _request(office, actor, **extra):
    return services.record_request(
        office,
        actor=actor,
        kind=extra.pop("kind", "access"),
        name="Budi Santoso",
        nik=NIK,
        verification="KTP asli diperiksa di loket",
        received_at=RECEIVED,
        now=RECEIVED,
        **extra,
    )


def test_every_nik_column_holds_a_token_and_reads_back_the_number(people, office_a, alice):
    request = _request(office_a, alice)
    for table, column, pk in (
        ("complaints_complaint", "complainant_nik", people["complaint"].pk),
        ("visits_visit", "id_number", people["visit"].pk),
        ("privacy_datasubjectrequest", "nik", request.pk),
    ):
        stored = _raw(table, column, pk)
        assert NIK not in stored
        assert "61710" not in stored
        assert crypto.decrypt(stored) == NIK
    assert Complaint.objects.get(pk=people["complaint"].pk).complainant_nik == NIK
    assert Visit.objects.get(pk=people["visit"].pk).id_number == NIK
    index = _raw("complaints_complaint", "complainant_nik_index", people["complaint"].pk)
    assert index == crypto.blind_index(NIK)
    assert NIK not in index


def test_a_request_by_nik_alone_finds_exactly_that_persons_records_and_exports_them(
    people, office_a, alice
):
    request = _request(office_a, alice)
    export = services.access_export(request, actor=alice, now=RECEIVED)
    assert [c["reference"] for c in export["complaints"]["records"]] == [
        people["complaint"].reference
    ]
    assert [c["nik"] for c in export["complaints"]["records"]] == [NIK]
    assert [v["booking_code"] for v in export["visits"]["records"]] == [
        people["visit"].booking_code
    ]
    assert export["request"]["identifiers"]["nik"] == NIK
    assert OTHER_NIK not in json.dumps(export)


def test_an_erased_nik_leaves_no_index_that_would_still_find_the_person(people, office_a, alice):
    complaints.retention.erase_personal_data([people["complaint"].pk], now=RECEIVED)
    visits.retention.erase_personal_data([people["visit"].pk], now=RECEIVED)
    for table, prefix in (
        ("complaints_complaint", "complainant_nik"),
        ("visits_visit", "id_number"),
    ):
        pk = people["complaint" if table.startswith("complaints") else "visit"].pk
        assert _raw(table, prefix, pk) == ""
        assert _raw(table, f"{prefix}_index", pk) == ""
    assert not complaints.retention.records_of_person(office_a, nik=NIK).exists()
    assert not visits.retention.records_of_person(office_a, nik=NIK).exists()


def test_withdrawn_consent_and_a_switched_off_setting_clear_the_index(people, office_a, alice):
    complaints.retention.withdraw_consent(
        [people["complaint"].pk], request_ref="PDP-1", actor=alice, now=RECEIVED
    )
    assert not complaints.retention.records_of_person(office_a, nik=NIK).exists()
    visits.save_settings(office_a, actor=alice, retention_days=365, store_id_number=False)
    assert not visits.retention.records_of_person(office_a, nik=NIK).exists()
    assert not Visit.objects.exclude(id_number_index="").exists()


def test_the_desk_records_the_id_number_encrypted_and_indexed(make_visit, office_a, alice):
    visits.save_settings(office_a, actor=alice, retention_days=365, store_id_number=True)
    visit = make_visit(status="checked_in", id_number="")
    visits.record_reception(
        visit,
        actor=alice,
        requirements=[],
        identity_checked=True,
        information_given="",
        id_number=f" {OTHER_NIK} ",
    )
    assert crypto.decrypt(_raw("visits_visit", "id_number", visit.pk)) == OTHER_NIK
    found = visits.retention.records_of_person(office_a, nik=OTHER_NIK)
    assert visit in found


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_existing_niks_are_encrypted_and_indexed_by_the_migrations():
    old = migrate_to(
        [
            ("complaints", "0015_office_asks_nik"),
            ("visits", "0007_consent_withdrawn"),
            ("privacy", "0006_breach_notified_records"),
        ]
    )
    office = old.get_model("offices", "Office").objects.create(
        slug="kantor-a", name="Kantor A", timezone="Asia/Pontianak"
    )
    complaint = old.get_model("complaints", "Complaint").objects.create(
        office_id=office.pk,
        tracking_code_hash="a" * 64,
        reference="ADU-2026-000001",
        channel="web",
        title="Lama",
        description="Sebelum migrasi.",
        complainant_nik=NIK,
        received_at=COLLECTED,
    )
    blank = old.get_model("complaints", "Complaint").objects.create(
        office_id=office.pk,
        tracking_code_hash="b" * 64,
        reference="ADU-2026-000002",
        channel="web",
        title="Tanpa NIK",
        description="Sebelum migrasi.",
        received_at=COLLECTED,
    )
    migrate_to(latest())
    assert crypto.decrypt(_raw("complaints_complaint", "complainant_nik", complaint.pk)) == NIK
    assert _raw("complaints_complaint", "complainant_nik_index", complaint.pk) == (
        crypto.blind_index(NIK)
    )
    assert _raw("complaints_complaint", "complainant_nik", blank.pk) == ""
    assert _raw("complaints_complaint", "complainant_nik_index", blank.pk) == ""
    found = Complaint.objects.filter(complainant_nik_index__in=crypto.blind_indexes(NIK))
    assert list(found.values_list("pk", flat=True)) == [complaint.pk]

    # Backward: the numbers come back in clear.
    migrate_to([("complaints", "0015_office_asks_nik")])
    assert _raw("complaints_complaint", "complainant_nik", complaint.pk) == NIK
