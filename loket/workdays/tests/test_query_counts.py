"""The calendar pages do a constant number of queries, however many days and dated hours
the office has set (and answer 200: a count taken on an error page proves nothing)."""

from datetime import date, time

import pytest
import time_machine

from loket.workdays import services

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def grow(alice, office, start: int) -> None:
    for offset in range(start, start + 3):
        services.add_calendar_override(
            actor=alice, office=office, day=date(2026, 4, 1 + offset), kind="closed", reason="x"
        )
        services.add_schedule_override(
            actor=alice,
            office=office,
            first_day=date(2026, 5, 1 + offset),
            last_day=date(2026, 5, 1 + offset),
            hours={0: ((time(8), time(12)),)},
            reason="y",
        )


@pytest.mark.parametrize(
    ("url", "signed_in", "queries"),
    [
        ("/instansi/kantor-a/hari-layanan/", False, 6),
        # The staff pages: one of them for the unread notifications badge of the header.
        ("/staf/kantor-a/hari-kerja/", True, 7),
        ("/staf/kantor-a/jam-layanan/", True, 9),
    ],
)
def test_a_calendar_page_does_a_constant_number_of_queries(
    client, alice, office_a, django_assert_num_queries, url, signed_in, queries
):
    if signed_in:
        client.force_login(alice)
    with time_machine.travel(TODAY, tick=False):
        for start in (0, 3):
            grow(alice, office_a, start)
            client.get(url)  # the office's calendar is cached per process after the first read
            with django_assert_num_queries(queries):
                response = client.get(url)
            assert response.status_code == 200
