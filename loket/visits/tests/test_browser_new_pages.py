"""axe-core (WCAG 2.2 A/AA) on the visitor pages this issue added, in both languages: the
page a browser that is not the kiosk gets, the enrolment question, the cancel question, the
rescheduling form with its free slots, and the slip at 360 px without horizontal scroll."""

from datetime import datetime, time

import pytest

from loket.visits import services

from .conftest import PONTIANAK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _sunday(time_machine):
    time_machine.move_to(datetime(2026, 11, 29, 12, 0, tzinfo=PONTIANAK), tick=True)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_new_visitor_pages_pass_axe(page, axe_check, make_booking, office_a, language):
    if language == "en":
        page.goto("/instansi/kantor-a/kunjungan/")
        page.get_by_role("button", name="English").click()
    visit = make_booking(now=datetime(2026, 11, 27, 10, 0, tzinfo=PONTIANAK))
    services.set_capacity(office_a, actor=None, division=None, starts_at=time(11, 0), capacity=0)
    page.goto("/instansi/kantor-a/kiosk/")
    axe_check(page)
    _device, token = services.add_kiosk(office_a, name="Tablet lobi", actor=None)
    page.goto(f"/instansi/kantor-a/kiosk/daftarkan/{token}/")
    axe_check(page)
    page.goto(f"/kunjungan/{visit.token}/batalkan/")
    axe_check(page)
    page.goto(f"/kunjungan/{visit.token}/ubah-jadwal/")
    page.locator("#id_preferred_date").fill("2026-12-01")
    page.locator("#id_preferred_time").fill("11:00")
    page.locator("form:has(#id_preferred_date) button[type=submit]").click()
    assert page.locator(".slot-choices button").count() == 3
    axe_check(page)
    page.locator(".slot-choices button").first.click()
    page.locator("input[name=confirm]").wait_for(state="attached")  # the next page is here
    axe_check(page)  # the "are you sure?" of the new time


def test_the_slip_fits_a_phone(page, make_walk_in, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=PONTIANAK), tick=True)
    visit = make_walk_in(now=datetime(2026, 12, 1, 9, 0, tzinfo=PONTIANAK))
    page.set_viewport_size({"width": 360, "height": 740})
    for paper in ("58mm", "80mm", "a6"):
        page.goto(f"/kunjungan/{visit.token}/slip/?kertas={paper}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (paper, width)
