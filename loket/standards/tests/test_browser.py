"""A real Chromium on the public service page: axe-core finds no WCAG 2.2 A/AA violation in
either language, and the print stylesheet hides what paper does not need."""

import pytest
from django.utils.timezone import localdate

from loket.site.demo import load_demo_office, load_demo_standard

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


def test_an_admin_edits_previews_and_publishes_a_new_version_with_axe_on_each_page(page, axe_check):
    from loket.offices.models import Role
    from loket.offices.tests.factories import MembershipFactory, UserFactory

    office = load_demo_office()
    load_demo_standard(office)
    MembershipFactory(user=UserFactory(username="yusuf"), office=office, role=Role.OFFICE_ADMIN)
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill("yusuf")
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))  # one office: dasbor

    page.goto("/staf/biro-perekonomian-kalbar/standar/pelayanan-konsultasi/")
    axe_check(page)
    page.get_by_role("button", name="Buat versi baru").click()
    page.wait_for_url("**/draf/")
    axe_check(page)
    page.get_by_label("Persyaratan 4: Isi").fill("Surat Permohonan")
    page.get_by_role("button", name="Simpan dan pratinjau").click()
    page.wait_for_url("**/pratinjau/")
    assert page.get_by_text("Surat Permohonan").is_visible()
    axe_check(page)

    page.goto("/staf/biro-perekonomian-kalbar/standar/pelayanan-konsultasi/draf/terbitkan/")
    axe_check(page)
    page.get_by_label("Nomor SK").fill("188.4/45/BIRO-EKON/2026")
    # today in the office's zone: in force at once, no back-dating to confirm
    page.get_by_label("Tanggal berlaku", exact=True).fill(localdate(None, office.tz).isoformat())
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    page.wait_for_url("**/standar/pelayanan-konsultasi/")

    page.goto(URL)
    assert page.get_by_text("188.4/45/BIRO-EKON/2026").first.is_visible()
    assert page.get_by_role("heading", name="Versi lain").is_visible()
    page.get_by_role("link", name="Versi 1").click()
    assert page.get_by_text("bukan versi yang berlaku").is_visible()
    axe_check(page)
