"""Real concurrent requests on PostgreSQL: two receptionists routing the same visitor at the
same moment, and two kiosks taking numbers at once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from loket.visits import services
from loket.visits.models import Consultation, Visit

from .conftest import ROUTED_UNCHECKED, SEED_REQUIREMENTS, TUESDAY_0900, entry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under real concurrency need PostgreSQL; SQLite runs one writer at a "
        "time, so there is no race to test",
    ),
]


@pytest.fixture(autouse=True)
def _office_hours(time_machine):
    """Numbers are given only in office hours: a Tuesday morning, the clock ticking."""
    time_machine.move_to(TUESDAY_0900, tick=True)


def _together(*jobs):
    """Run the jobs in threads released at the same instant; return their results."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_receptionists_routing_the_same_visitor_create_one_consultation(
    rina, bob, service_a, division_x, division_y
):
    for _round in range(5):
        visit = services.register_walk_in(service_a.office, entry(service_a))

        def post(user, division, visit=visit):
            client = Client()
            client.force_login(user)
            return client.post(
                f"/staf/kantor-a/tamu/{visit.pk}/",
                {"division": division.pk, "action": "route", "requirements": SEED_REQUIREMENTS},
            ).status_code

        statuses = _together(lambda: post(rina, division_x), lambda: post(bob, division_y))
        assert sorted(statuses) == [302, 400]
        assert Consultation.objects.filter(visit=visit).count() == 1
        assert visit.events.filter(action="routed").count() == 1


def test_kiosks_taking_numbers_at_once_never_share_one(service_a):
    def walk_in():
        return services.register_walk_in(service_a.office, entry(service_a)).queue_number

    numbers = _together(*[walk_in for _ in range(8)])
    assert sorted(numbers) == list(range(1, 9))
    assert Visit.objects.count() == 8


def test_two_consultants_calling_at_once_call_two_different_visitors(
    rina, consultant, service_a, division_x
):
    from loket.offices.permissions import Role
    from loket.offices.tests.factories import MembershipFactory, UserFactory

    colleague = UserFactory(username="fajar")
    MembershipFactory(
        user=colleague, office=service_a.office, role=Role.CONSULTANT, division=division_x
    )
    for _ in range(2):
        services.route(
            services.register_walk_in(service_a.office, entry(service_a)),
            division_x,
            actor=rina,
            reason=ROUTED_UNCHECKED,
        )
    called = _together(
        lambda: services.call_next(division_x, actor=consultant),
        lambda: services.call_next(division_x, actor=colleague),
    )
    assert None not in called
    assert called[0].pk != called[1].pk


def test_a_double_tap_at_the_kiosk_checks_a_booking_in_once(service_a):
    from datetime import date, datetime, time

    visit = services.book(
        service_a.office,
        entry(service_a, preferred_date=date(2026, 12, 1), preferred_time=time(10)),
        now=datetime(2026, 11, 30, 9, tzinfo=service_a.office.tz),
    )
    numbers = _together(
        lambda: services.check_in(visit).queue_number,
        lambda: services.check_in(visit).queue_number,
    )
    assert numbers == [1, 1]
    assert visit.events.filter(action="checked_in").count() == 1


def test_two_visitors_booking_the_last_place_of_a_slot_at_once_get_one_place(service_a, division_x):
    from datetime import datetime, time

    from .conftest import PONTIANAK, TUESDAY

    office = service_a.office
    services.set_capacity(office, actor=None, division=division_x, starts_at=None, capacity=1)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK)

    def book(name):
        try:
            services.book(
                office,
                entry(
                    service_a,
                    name=name,
                    division=division_x,
                    preferred_date=TUESDAY,
                    preferred_time=time(10, 0),
                ),
                now=monday,
            )
        except services.SlotFull:
            return "full"
        return "booked"

    for round_ in range(3):
        results = _together(lambda r=round_: book(f"A{r}"), lambda r=round_: book(f"B{r}"))
        assert sorted(results) == ["booked", "full"] if round_ == 0 else ["full", "full"]
    assert Visit.objects.filter(status="booked").count() == 1
