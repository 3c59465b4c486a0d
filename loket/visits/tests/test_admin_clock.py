"""The administration clock (seed: "Administrasi : 15 Menit") runs from check-in to routing in
office time: a lunch break and the night after closing time do not count."""

from datetime import datetime

import pytest

from loket.visits import services
from loket.visits.models import Visit

from .conftest import PONTIANAK, ROUTED_UNCHECKED

pytestmark = pytest.mark.django_db

# Tuesday 1 Dec 2026: office hours 07:30-12:00 and 13:00-16:00 (Perpres 21/2023).
BEFORE_LUNCH = datetime(2026, 12, 1, 11, 55, tzinfo=PONTIANAK)
AFTER_LUNCH = datetime(2026, 12, 1, 13, 5, tzinfo=PONTIANAK)
BEFORE_CLOSING = datetime(2026, 12, 1, 15, 52, tzinfo=PONTIANAK)
NEXT_MORNING = datetime(2026, 12, 2, 7, 36, tzinfo=PONTIANAK)


def test_the_lunch_break_does_not_count(make_walk_in, rina, division_x, time_machine):
    time_machine.move_to(BEFORE_LUNCH, tick=False)
    visit = make_walk_in(now=BEFORE_LUNCH)
    time_machine.move_to(datetime(2026, 12, 1, 12, 40, tzinfo=PONTIANAK), tick=False)
    assert services.admin_elapsed(visit).total_seconds() == 5 * 60  # frozen during the break
    time_machine.move_to(AFTER_LUNCH, tick=False)
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    visit.refresh_from_db()
    assert visit.admin_seconds == 10 * 60  # 11:55-12:00 and 13:00-13:05, not 70 minutes
    assert visit.admin_seconds <= visit.admin_limit_seconds


def test_the_clock_stops_at_closing_time_and_runs_again_at_opening(
    make_walk_in, rina, division_x, time_machine
):
    time_machine.move_to(BEFORE_CLOSING, tick=False)
    visit = make_walk_in(now=BEFORE_CLOSING)
    time_machine.move_to(datetime(2026, 12, 1, 20, 0, tzinfo=PONTIANAK), tick=False)
    assert services.admin_elapsed(visit).total_seconds() == 8 * 60
    time_machine.move_to(NEXT_MORNING, tick=False)
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    visit.refresh_from_db()
    assert visit.admin_seconds == 14 * 60  # 15:52-16:00 and 07:30-07:36
    assert visit.status == Visit.Status.ROUTED


def test_over_fifteen_office_minutes_is_outside_the_standard(
    make_walk_in, rina, division_x, time_machine
):
    time_machine.move_to(BEFORE_LUNCH, tick=False)
    visit = make_walk_in(now=BEFORE_LUNCH)
    late = datetime(2026, 12, 1, 13, 11, tzinfo=PONTIANAK)
    time_machine.move_to(late, tick=False)
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    visit.refresh_from_db()
    assert visit.admin_seconds == 16 * 60 > visit.admin_limit_seconds


def test_the_guest_book_shows_the_running_clock_against_the_standard(
    client, make_walk_in, rina, time_machine
):
    time_machine.move_to(BEFORE_LUNCH, tick=False)
    make_walk_in(now=BEFORE_LUNCH)
    time_machine.move_to(AFTER_LUNCH, tick=False)
    client.force_login(rina)
    page = client.get("/staf/kantor-a/tamu/daftar/").content.decode()
    assert "10 dari 15 menit" in page
    time_machine.move_to(datetime(2026, 12, 1, 13, 20, tzinfo=PONTIANAK), tick=False)
    page = client.get("/staf/kantor-a/tamu/daftar/").content.decode()
    assert "25 dari 15 menit" in page
    assert "melewati standar" in page
