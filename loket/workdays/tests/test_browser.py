"""A real Chromium on the public page "Hari dan jam layanan": it passes axe-core (WCAG 2.2
A/AA) in Bahasa Indonesia and in English, and the year links work without JavaScript."""

from datetime import date

import pytest
import time_machine

from loket.offices.tests.factories import UserFactory
from loket.workdays import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = "2026-03-02 02:00:00+00:00"  # Monday 2 March 2026, 09:00 in Pontianak


def test_the_service_days_page_passes_axe_in_both_languages(page, axe_check, office_a):
    root = UserFactory(username="root", is_superuser=True)
    services.add_calendar_override(
        actor=root, office=office_a, day=date(2026, 4, 6), kind="closed", reason="Banjir"
    )
    # Only the server's clock is frozen (it picks the year); the browser keeps real time.
    with time_machine.travel(NOW, tick=True):
        page.goto(f"/instansi/{office_a.slug}/")
        page.get_by_role("link", name="Hari dan jam layanan").click()
        page.wait_for_url(f"**/instansi/{office_a.slug}/hari-layanan/")
        assert page.locator("h1").inner_text() == "Hari dan jam layanan"
        assert page.get_by_role("table", name="Jam layanan per hari dan waktu istirahat")
        assert page.get_by_role("cell", name="Banjir").is_visible()
        axe_check(page)

        page.get_by_role("link", name="Hari libur 2027").click()
        page.wait_for_url("**?tahun=2027")
        assert page.get_by_role("heading", name="Hari libur 2027").is_visible()

        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "Service days and hours"
        assert page.get_by_role("heading", name="Closing days 2027").is_visible()
        axe_check(page)
