"""Issue #11 section 2 for the visits: every way in (online booking, kiosk guest book, the
front desk, the API, a direct service call) checks the visitor's number by the numbering plan
and stores it in E.164; the staff page shows it in the national format with a tel: link; the
numbers already stored are migrated; a data subject's request finds the visits however the
number is written."""

import importlib
from datetime import datetime

import pytest
from django.apps import apps

from loket.visits import services
from loket.visits.models import Visit
from loket.visits.services.arrival import PhoneRefused

from .conftest import PONTIANAK, TUESDAY_0900

pytestmark = pytest.mark.django_db

migration = importlib.import_module("loket.visits.migrations.0004_visit_phones_in_e164")

GUEST = {
    "name": "Budi Santoso",
    "institution": "Bappeda",
    "position": "Staf",
    "purpose": "Konsultasi",
}


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("+62 0812-3456-7890", "+6281234567890"),
        ("(0561) 123456", "+62561123456"),
        ("(0385) 42042", "+6238542042"),
    ],
)
def test_the_front_desk_stores_the_number_in_e164(client, rina, service_a, written, stored):
    client.force_login(rina)
    response = client.post(
        "/staf/kantor-a/tamu/baru/", {"service": service_a.pk, "phone": written, **GUEST}
    )
    assert response.status_code == 302
    assert Visit.objects.get().phone == stored


@pytest.mark.usefixtures("enrolled")
def test_the_kiosk_guest_book_refuses_an_impossible_number_with_a_clear_message(client, service_a):
    response = client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/",
        {"service": service_a.pk, "phone": "0912 3456 7890", **GUEST},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nomor 0912 3456 7890 tidak ada dalam penomoran Indonesia" in page
    assert not Visit.objects.exists()
    client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/",
        {"service": service_a.pk, "phone": "0812 1111 2222", **GUEST},
    )
    assert Visit.objects.get().phone == "+6281211112222"


def test_online_booking_stores_e164_and_shows_the_national_format_on_the_check_page(
    client, service_a, time_machine
):
    time_machine.move_to(datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK), tick=False)
    details = {
        "service": service_a.pk,
        "phone": "+62 0812-3456-7890",
        "email": "",
        "preferred_date": "2026-12-01",
        "preferred_time": "10:00",
        **GUEST,
    }
    response = client.post("/instansi/kantor-a/kunjungan/pesan/", details)
    assert response.status_code == 302
    check = client.get(response["Location"]).content.decode()
    assert "<dd>0812-3456-7890</dd>" in check


def test_the_api_refuses_an_impossible_number_under_its_field(client, service_a, time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK), tick=False)
    body = {
        "office": "kantor-a",
        "service": service_a.slug,
        "phone": "08111",
        "preferred_date": "2026-12-01",
        "preferred_time": "10:00",
        **GUEST,
    }
    refused = client.post("/api/v1/visits/", body)
    assert refused.status_code == 422
    assert "terlalu pendek" in refused.json()["errors"]["phone"][0]
    accepted = client.post("/api/v1/visits/", {**body, "phone": "0812-3456-7890"})
    assert accepted.status_code == 201
    assert Visit.objects.get().phone == "+6281234567890"


def test_a_direct_service_call_stores_e164_or_refuses(make_walk_in):
    assert make_walk_in(phone="0812.3456.7890").phone == "+6281234567890"
    with pytest.raises(PhoneRefused) as caught:
        make_walk_in(phone="0000")
    assert caught.value.field == "phone"
    assert caught.value.code == "phone_invalid"


def test_the_staff_page_shows_the_national_format_and_flags_a_number_kept_as_written(
    client, rina, make_walk_in
):
    visit = make_walk_in(phone="(0561) 736541 ext. 213")
    assert visit.phone == "+62561736541;ext=213"
    client.force_login(rina)
    page = client.get(f"/staf/kantor-a/tamu/{visit.pk}/").content.decode()
    assert '<a href="tel:+62561736541;ext=213">(0561) 736541 ext. 213</a>' in page
    Visit.objects.filter(pk=visit.pk).update(phone="0561-73 65")  # an old row not parsed
    page = client.get(f"/staf/kantor-a/tamu/{visit.pk}/").content.decode()
    assert "0561-73 65" in page
    assert "periksa nomor ini: tidak sesuai penomoran Indonesia" in page


def test_the_migration_stores_existing_numbers_in_e164_and_keeps_what_does_not_parse(
    make_walk_in,
):
    written = {
        make_walk_in().pk: "0812-3456-7890",
        make_walk_in().pk: "+62 0812 3456 7890",
        make_walk_in().pk: "(0385) 42042",
        make_walk_in().pk: "bukan nomor",
    }
    for pk, phone in written.items():
        Visit.objects.filter(pk=pk).update(phone=phone)
    migration.to_e164(apps, None)
    stored = dict(Visit.objects.values_list("pk", "phone"))
    assert [stored[pk] for pk in written] == [
        "+6281234567890",
        "+6281234567890",
        "+6238542042",
        "bukan nomor",
    ]


def test_a_data_subject_request_finds_the_visits_however_the_number_is_written(
    make_walk_in, office_a
):
    stored = make_walk_in(phone="0812-3456-7890")
    old = make_walk_in()
    Visit.objects.filter(pk=old.pk).update(phone="081234567890")  # a row before the migration
    other = make_walk_in(phone="0812-3456-7891")
    for written in ("+62 812 3456 7890", "0812.3456.7890", "081234567890"):
        found = set(
            services.retention.records_of_person(office_a, phone=written).values_list(
                "pk", flat=True
            )
        )
        assert found == {stored.pk, old.pk}, written
    assert other.pk not in found
    narrowed = services.retention.records_of_person(
        office_a, phone="081234567890", name="Orang Lain"
    )
    assert not narrowed.exists()


def test_the_reception_checks_the_nik_by_its_structure(make_walk_in):
    from loket.visits.forms import ReceptionForm

    visit = make_walk_in()

    def form(id_number):
        return ReceptionForm({"id_number": id_number}, visit=visit, requirements=[], store_id=True)

    spaced = form("6171 0101 0190 0001")
    spaced.is_valid()
    assert "id_number" not in spaced.errors
    assert spaced.cleaned_data["id_number"] == "6171010101900001"
    nip = form("19900101 201501 1 001")
    nip.is_valid()
    assert nip.cleaned_data["id_number"] == "199001012015011001"
    for wrong, message in [
        ("0000000000000000", "00 bukan kode provinsi"),
        ("6171013201900001", "320190 bukan tanggal"),
        ("6171010101900000", "tidak mungkin 0000"),
        ("12345", "Tulis NIK (16 angka) atau NIP (18 angka)."),
    ]:
        refused = form(wrong)
        assert not refused.is_valid()
        assert message in refused.errors["id_number"][0], wrong
