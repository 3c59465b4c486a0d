"""Issue #11: "today" everywhere in visits is the office's own day. An Asia/Jayapura office
(WIT, UTC+9) at 00:30 local time is already on the next day while the server's UTC date and
a WIB office are still on the day before."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from loket.visits import services

from .conftest import entry

pytestmark = pytest.mark.django_db

JAYAPURA = ZoneInfo("Asia/Jayapura")
# Tuesday 1 December 2026 00:30 WIT is Monday 30 November 15:30 UTC (22:30 WIB).
TUESDAY_0030_WIT = datetime(2026, 12, 1, 0, 30, tzinfo=JAYAPURA)


@pytest.fixture
def jayapura(service_a):
    office = service_a.office
    office.timezone = "Asia/Jayapura"
    office.save(update_fields=["timezone"])
    return office


def test_the_offices_today_is_its_own_day(jayapura):
    assert services.local_today(jayapura, TUESDAY_0030_WIT).isoformat() == "2026-12-01"
    assert TUESDAY_0030_WIT.astimezone(ZoneInfo("UTC")).date().isoformat() == "2026-11-30"


def test_a_booking_for_the_offices_today_is_accepted_after_its_midnight(jayapura, service_a):
    visit = services.book(
        jayapura,
        entry(service_a, preferred_date=TUESDAY_0030_WIT.date(), preferred_time=time(9, 0)),
        now=TUESDAY_0030_WIT,
    )
    assert visit.status == "booked"


def test_the_booking_form_starts_its_calendar_at_the_offices_today(client, jayapura, time_machine):
    time_machine.move_to(TUESDAY_0030_WIT, tick=False)
    page = client.get("/instansi/kantor-a/kunjungan/pesan/").content.decode()
    assert 'min="2026-12-01"' in page


def test_a_walk_in_at_opening_gets_a_number_of_the_offices_day(jayapura, make_walk_in):
    opening = datetime(2026, 12, 1, 7, 30, tzinfo=JAYAPURA)  # Monday 22:30 UTC
    visit = make_walk_in(now=opening)
    assert visit.queue_date.isoformat() == "2026-12-01"
    assert visit.queue == "K-001"
