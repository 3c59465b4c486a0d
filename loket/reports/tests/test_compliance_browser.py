"""A real Chromium on the demo office's compliance report card: axe-core finds no WCAG 2.2
A/AA violation in either language, and the gaps link to their items."""

import pytest

from loket.site.demo import load_demo_office, load_demo_standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/instansi/biro-perekonomian-kalbar/rapor-kepatuhan/"


def test_the_demo_report_card_passes_axe_in_both_languages(page, axe_check):
    load_demo_standard(load_demo_office())
    page.goto(URL)
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("heading", name="Yang perlu diperbaiki").is_visible()
    assert page.get_by_role("link", name="Maklumat pelayanan diumumkan", exact=True).is_visible()
    axe_check(page)
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="What needs fixing").is_visible()
    axe_check(page)
