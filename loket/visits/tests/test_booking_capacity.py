"""Issue #14: bookings have a capacity per time slot and division, set by the office admin; a
booking beyond a slot's capacity is refused with the next free slots offered."""

from datetime import datetime, time

import pytest
import time_machine

from loket.visits import services
from loket.visits.models import Visit
from loket.visits.services import SlotFull

from .conftest import PONTIANAK, TUESDAY, entry

pytestmark = pytest.mark.django_db

MONDAY_0900 = datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK)


def _book(service, division=None, at=time(9, 0), day=TUESDAY, name="Siti Aminah"):
    return services.book(
        service.office,
        entry(service, division=division, preferred_date=day, preferred_time=at, name=name),
        now=MONDAY_0900,
    )


def test_a_booking_beyond_the_slots_capacity_is_refused_with_the_next_free_slots(
    service_a, division_x
):
    office = service_a.office
    services.set_capacity(office, actor=None, division=division_x, starts_at=None, capacity=2)
    _book(service_a, division_x, time(9, 0), name="Satu")
    _book(service_a, division_x, time(9, 20), name="Dua")  # the same 09:00-09:30 slot
    services.set_capacity(
        office, actor=None, division=division_x, starts_at=time(9, 30), capacity=0
    )
    with pytest.raises(SlotFull) as refusal:
        _book(service_a, division_x, time(9, 10), name="Tiga")
    assert refusal.value.code == "slot_full"
    assert refusal.value.field == "preferred_time"
    # 09:30 takes no bookings; 10:00, 10:30 and 11:00 are free.
    assert [slot.time() for slot in refusal.value.free_slots] == [
        time(10, 0),
        time(10, 30),
        time(11, 0),
    ]
    assert str(refusal.value) == (
        "Slot Selasa, 1 Desember 2026 09.00 WIB sudah penuh. Slot yang masih kosong: "
        "Selasa, 1 Desember 2026 10.00 WIB; Selasa, 1 Desember 2026 10.30 WIB; "
        "Selasa, 1 Desember 2026 11.00 WIB. Pilih salah satu, atau pilih hari lain."
    )
    assert Visit.objects.count() == 2


def test_another_division_and_a_cancelled_place_are_not_counted(service_a, division_x, division_y):
    office = service_a.office
    services.set_capacity(office, actor=None, division=division_x, starts_at=None, capacity=1)
    first = _book(service_a, division_x)
    _book(service_a, division_y, name="Bagian lain")  # division Y has no limit
    with pytest.raises(SlotFull):
        _book(service_a, division_x, name="Kedua")
    services.cancel(first, now=MONDAY_0900)
    assert _book(service_a, division_x, name="Kedua").status == "booked"


def test_the_free_slots_skip_the_lunch_break_closing_time_and_the_next_holiday(
    service_a, division_x
):
    office = service_a.office
    services.set_capacity(office, actor=None, division=division_x, starts_at=None, capacity=1)
    _book(service_a, division_x, time(15, 30))
    with pytest.raises(SlotFull) as refusal:
        _book(service_a, division_x, time(15, 30), name="Kedua")
    # Tuesday closes at 16:00: the next free slots are Wednesday morning's, from opening.
    assert [slot.isoformat() for slot in refusal.value.free_slots] == [
        "2026-12-02T07:30:00+07:00",
        "2026-12-02T08:00:00+07:00",
        "2026-12-02T08:30:00+07:00",
    ]


@time_machine.travel(MONDAY_0900, tick=False)
def test_the_booking_page_offers_the_free_slots(client, service_a, division_x):
    services.set_capacity(
        service_a.office, actor=None, division=division_x, starts_at=None, capacity=1
    )
    _book(service_a, division_x, time(10, 0))
    response = client.post(
        "/instansi/kantor-a/kunjungan/pesan/",
        {
            "service": service_a.pk,
            "division": division_x.pk,
            "name": "Budi",
            "phone": "0812 1111 2222",
            "institution": "Bappeda",
            "position": "Staf",
            "purpose": "Konsultasi",
            "preferred_date": "2026-12-01",
            "preferred_time": "10:00",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "sudah penuh" in page
    assert "Selasa, 1 Desember 2026 10.30 WIB" in page


def test_the_office_admin_sets_capacities_and_others_may_not(
    client, alice, bob, carol, office_a, division_x
):
    for user, status in ((bob, 403), (carol, 404)):  # a colleague; another office
        client.force_login(user)
        assert client.get("/staf/kantor-a/tamu/kapasitas/").status_code == status
    client.force_login(alice)
    response = client.post(
        "/staf/kantor-a/tamu/kapasitas/",
        {"division": division_x.pk, "starts_at": "09:10", "capacity": "3"},
    )
    assert response.status_code == 302
    (row,) = services.capacity_rows(office_a)
    assert (row.division, row.starts_at, row.capacity) == (division_x, time(9, 0), 3)
    page = client.get("/staf/kantor-a/tamu/kapasitas/").content.decode()
    assert "Bagian Satu" in page
    assert "09.00" in page
    client.post(f"/staf/kantor-a/tamu/kapasitas/{row.pk}/hapus/")
    assert services.capacity_rows(office_a) == []


def test_a_division_of_another_office_cannot_be_given_a_capacity(office_a, office_b):
    from loket.offices.tests.factories import DivisionFactory

    foreign = DivisionFactory(office=office_b, slug="luar", name="Luar")
    with pytest.raises(services.OtherOffice):
        services.set_capacity(office_a, actor=None, division=foreign, starts_at=None, capacity=1)
