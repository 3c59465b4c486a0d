"""Staff history tables name statuses as people say them, never by their internal codes."""

import re

import pytest

from loket.visits import services

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def _history_cells(page: str) -> list[str]:
    table = page[page.index("Riwayat") :]
    return re.findall(r"<td>([^<]*)</td>", table)


def test_the_desk_and_consultation_histories_show_translated_statuses(
    client, rina, consultant, make_booking, division_x
):
    visit = make_booking(day=TUESDAY_0900.date())
    services.check_in(visit, now=TUESDAY_0900)
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    for user, url in (
        (rina, f"/staf/kantor-a/tamu/{visit.pk}/"),
        (consultant, f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/"),
    ):
        client.force_login(user)
        cells = _history_cells(client.get(url).content.decode())
        for code in ("booked", "checked_in", "routed"):
            assert code not in cells, (url, code)
        for label in ("Dipesan", "Menunggu di informasi", "Menunggu konsultasi"):
            assert label in cells, (url, label)
