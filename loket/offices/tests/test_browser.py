"""A real Chromium against the live server: the home page in both languages, staff sign-in,
and axe-core finding no WCAG 2.2 A/AA violation."""

import pytest

from loket.site.demo import load_demo_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_page_in_indonesian_then_english_passes_axe(page, axe_check):
    load_demo_office()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Biro Perekonomian"
    assert page.get_by_role("heading", name="Saluran pengaduan").is_visible()
    axe_check(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Complaint channels").is_visible()
    axe_check(page)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"


def test_a_staff_member_signs_in_and_lands_on_their_office(page, axe_check, alice, office_a):
    page.goto("/staf/masuk/")
    axe_check(page)
    page.get_by_label("Nama pengguna").fill("alice")
    page.get_by_label("Sandi", exact=True).fill("salah")
    page.get_by_role("button", name="Masuk").click()
    assert page.get_by_role("alert").is_visible()
    axe_check(page)
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/staf/kantor-a/dasbor/")  # one office: its dashboard is home
    assert page.get_by_role("heading", name="Dasbor · Kantor A").is_visible()
    assert page.get_by_role("link", name="Semua alat staf instansi ini").is_visible()
    axe_check(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Dashboard · Kantor A").is_visible()
    axe_check(page)
