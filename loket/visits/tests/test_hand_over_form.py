"""The consultant's hand-over select: a real prompt, and never the current division."""

import re

import pytest

from loket.visits import services

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def _hand_over_options(page: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="division"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_hand_over_select_asks_to_choose_and_leaves_out_the_current_division(
    client, rina, consultant, make_walk_in, division_x, division_y
):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    services.start(visit, actor=consultant)
    client.force_login(consultant)
    page = client.get(f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/").content.decode()
    options = _hand_over_options(page)
    assert options == [("", "Pilih bagian"), (str(division_y.pk), "Bagian Dua")]
    assert "---------" not in page


def test_handing_over_without_a_division_says_which(
    client, rina, consultant, make_walk_in, division_x, division_y
):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    client.force_login(consultant)
    response = client.post(
        f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/serahkan/", {"reason": "Bukan bidang"}
    )
    assert response.status_code == 400
    assert "Pilih bagian tujuan." in response.content.decode()
