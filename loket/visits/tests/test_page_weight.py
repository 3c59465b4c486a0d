"""Visitor pages stay under 100 KB compressed, assets included (phones on slow networks)."""

import pytest

from loket.visits import services
from loket.visits.public_views import kiosk_ticket_id

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db
BUDGET = 100 * 1024


@pytest.mark.usefixtures("enrolled")
def test_visitor_pages_weigh_less_than_100_kb(
    compressed_page_weight, make_walk_in, rina, consultant, division_x, time_machine
):
    time_machine.move_to(TUESDAY_0900, tick=False)
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    for url in (
        "/instansi/kantor-a/kunjungan/",
        "/instansi/kantor-a/kunjungan/pesan/",
        "/instansi/kantor-a/kiosk/",
        "/instansi/kantor-a/kiosk/buku-tamu/",
        f"/instansi/kantor-a/kiosk/tiket/{kiosk_ticket_id(visit)}/",
        f"/kunjungan/{visit.token}/",
        f"/kunjungan/{visit.token}/slip/",
        "/instansi/kantor-a/kunjungan/layar/",
    ):
        assert compressed_page_weight(url) < BUDGET, url
