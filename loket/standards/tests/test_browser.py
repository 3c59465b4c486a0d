"""A real Chromium on the public service page: axe-core finds no WCAG 2.2 A/AA violation in
either language, and the print stylesheet hides what paper does not need."""

import pytest

from loket.offices.demo import load_demo_office, load_demo_standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/instansi/biro-perekonomian-kalbar/layanan/pelayanan-konsultasi/"


def test_the_service_page_passes_axe_in_both_languages_and_prints_without_navigation(
    page, axe_check
):
    load_demo_standard(load_demo_office())
    page.goto(URL)
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Pelayanan Konsultasi"
    assert page.get_by_role("heading", name="Jangka Waktu Penyelesaian Pengaduan").is_visible()
    assert page.get_by_role("link", name="Unduh PDF").is_visible()
    axe_check(page)

    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Unduh PDF").is_visible()
    assert page.locator(".print-header").is_visible()  # the letterhead, on paper only
    page.emulate_media(media="screen")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Requirements").is_visible()
    # the standard itself is published in Indonesian and stays in its own wording
    assert page.get_by_text("Tidak dipungut biaya").is_visible()
    axe_check(page)
