"""Queue numbers are given only on the booked day and while the office is open (or opens
within `services.EARLY_ARRIVAL`): at the kiosk, at the desk, for bookings and walk-ins.
Office hours: Perpres 21/2023, 07:30-12:00 and 13:00-16:00 on Tuesday 1 December 2026."""

from datetime import datetime, time

import pytest

from loket.visits import jobs, services
from loket.visits.models import Visit

from .conftest import PONTIANAK, TUESDAY_0900
from .test_kiosk import GUEST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enrolled")]

SATURDAY_NIGHT = datetime(2026, 11, 28, 19, 29, tzinfo=PONTIANAK)
MONDAY_0900 = datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK)
WEDNESDAY_0900 = datetime(2026, 12, 2, 9, 0, tzinfo=PONTIANAK)
TUESDAY_0700 = datetime(2026, 12, 1, 7, 0, tzinfo=PONTIANAK)  # 30 min before opening
TUESDAY_0659 = datetime(2026, 12, 1, 6, 59, tzinfo=PONTIANAK)
TUESDAY_1210 = datetime(2026, 12, 1, 12, 10, tzinfo=PONTIANAK)  # lunch break, opens 13:00
TUESDAY_1630 = datetime(2026, 12, 1, 16, 30, tzinfo=PONTIANAK)  # after closing


@pytest.fixture
def booking(make_booking):
    """Booked on Friday 27 November for Tuesday 1 December 2026 09:00."""
    return make_booking(now=datetime(2026, 11, 27, 10, 0, tzinfo=PONTIANAK), at=time(9, 0))


def test_a_booking_checked_in_on_saturday_night_gets_no_number(client, booking, time_machine):
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    response = client.post("/instansi/kantor-a/kiosk/kode/", {"code": booking.booking_code})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Selasa, 1 Desember 2026 09.00 WIB" in page  # when to come
    booking.refresh_from_db()
    assert booking.status == "booked"
    assert booking.queue_number is None


def test_a_booking_is_refused_the_day_before_with_the_day_to_come(client, booking, time_machine):
    time_machine.move_to(MONDAY_0900, tick=False)
    response = client.post("/instansi/kantor-a/kiosk/kode/", {"code": booking.booking_code})
    assert response.status_code == 400
    assert "Pemesanan ini untuk Selasa, 1 Desember 2026 09.00 WIB" in response.content.decode()
    assert Visit.objects.get().status == "booked"


def test_a_booking_is_refused_the_day_after_as_expired(client, booking, time_machine):
    time_machine.move_to(WEDNESDAY_0900, tick=False)
    response = client.post("/instansi/kantor-a/kiosk/kode/", {"code": booking.booking_code})
    assert response.status_code == 400
    assert "sudah tidak berlaku" in response.content.decode()


def test_a_no_show_booking_says_so(client, booking, time_machine):
    jobs.mark_no_shows(now=datetime(2026, 12, 1, 16, 5, tzinfo=PONTIANAK))
    time_machine.move_to(WEDNESDAY_0900, tick=False)
    response = client.post("/instansi/kantor-a/kiosk/kode/", {"code": booking.booking_code})
    assert response.status_code == 400
    assert "tercatat tidak datang" in response.content.decode()


def test_a_walk_in_on_saturday_night_is_told_the_next_opening(client, service_a, time_machine):
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    assert "Layanan sedang tutup" in client.get("/instansi/kantor-a/kiosk/").content.decode()
    response = client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/", {**GUEST, "service": service_a.pk}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Layanan sedang tutup" in page
    assert "Senin, 30 November 2026 07.30 WIB" in page
    assert not Visit.objects.exists()


@pytest.mark.parametrize("moment", [TUESDAY_0659, TUESDAY_1210, TUESDAY_1630])
def test_no_number_is_given_long_before_opening_in_the_lunch_break_or_after_closing(
    service_a, make_walk_in, moment
):
    with pytest.raises(services.VisitError, match="Layanan sedang tutup"):
        make_walk_in(now=moment)


def test_visitors_may_take_a_number_thirty_minutes_before_opening(booking, make_walk_in):
    early = services.check_in(booking, now=TUESDAY_0700)
    assert early.queue == "K-001"
    assert make_walk_in(now=datetime(2026, 12, 1, 12, 30, tzinfo=PONTIANAK)).queue == "K-002"


def test_the_desk_refuses_too(client, rina, service_a, booking, time_machine):
    time_machine.move_to(MONDAY_0900, tick=False)
    client.force_login(rina)
    client.post("/staf/kantor-a/tamu/check-in/", {"code": booking.booking_code})
    assert Visit.objects.get().status == "booked"
    time_machine.move_to(SATURDAY_NIGHT, tick=False)
    response = client.post(
        "/staf/kantor-a/tamu/baru/", {**GUEST, "service": service_a.pk}, follow=True
    )
    assert response.status_code == 400
    assert "Layanan sedang tutup" in response.content.decode()
    assert Visit.objects.count() == 1


def test_a_second_check_in_the_same_day_shows_the_same_number(booking):
    first = services.check_in(booking, now=TUESDAY_0900)
    again = services.check_in(booking, now=TUESDAY_0900.replace(hour=10))
    assert again.queue == first.queue == "K-001"
