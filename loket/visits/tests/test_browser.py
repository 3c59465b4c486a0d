"""The whole procedure in a real Chromium: kiosk check-in -> reception -> division ->
the visitor's summary, with axe-core (WCAG 2.2 A/AA) on every visitor-facing page."""

import re

import pytest

from loket.visits.models import Visit

from .conftest import TUESDAY_0900

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _office_hours(time_machine):
    """The kiosk gives numbers only in office hours: run on a Tuesday morning, clock ticking."""
    time_machine.move_to(TUESDAY_0900, tick=True)


def _sign_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))  # one office: dasbor
    return context, page


def test_a_visit_from_kiosk_to_summary(
    page, browser, live_server, axe_check, service_a, rina, consultant, division_x
):
    # The office admin provisioned this tablet as the kiosk (a one-time enrolment link).
    from loket.visits import services

    _device, token = services.add_kiosk(service_a.office, name="Tablet lobi", actor=None)
    page.goto(f"/instansi/kantor-a/kiosk/daftarkan/{token}/")
    page.get_by_role("button", name="Ya, jadikan kios").click()
    page.wait_for_url("**/instansi/kantor-a/kiosk/")

    # (a, b) The visitor fills in the guest book at the kiosk and gets a queue number.
    page.goto("/instansi/kantor-a/kiosk/")
    axe_check(page)
    page.get_by_role("link", name=re.compile("Isi buku tamu")).click()
    page.get_by_role("button", name="Ambil nomor antrean").click()
    assert page.get_by_role("alert").is_visible()  # the error summary
    axe_check(page)
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Nomor telepon").fill("0812 3456 7890")
    page.get_by_label("Instansi / lembaga asal").fill("Dinas Koperasi Kabupaten Sambas")
    page.get_by_label("Jabatan").fill("Analis")
    page.get_by_label("Keperluan").fill("Konsultasi program UMKM")
    page.get_by_role("button", name="Ambil nomor antrean").click()
    assert page.locator(".ticket .number").inner_text() == "K-001"
    axe_check(page)
    visit = Visit.objects.get()
    assert visit.token not in page.url  # the shared tablet's history keeps no private link
    assert page.get_by_role("button", name="Tambah waktu").is_visible()  # kiosk-return.js ran

    # (c) The receptionist checks the requirements and routes the visitor.
    desk, desk_page = _sign_in(browser, live_server, "rina")
    desk_page.goto("/staf/kantor-a/tamu/")
    desk_page.get_by_role("link", name="K-001").first.click()
    desk_page.get_by_label("Surat Tugas", exact=True).check()
    desk_page.get_by_label("Dokumen / Berkas Pendukung").check()
    desk_page.get_by_label("Tanda Pengenal / Identitas").check()
    desk_page.get_by_label("Tanda pengenal sudah diperiksa").check()
    desk_page.get_by_label("Informasi yang diberikan").fill("Alur konsultasi dijelaskan")
    desk_page.get_by_label("Arahkan ke bagian").select_option(label="Bagian Satu")
    desk_page.get_by_role("button", name="Simpan dan arahkan").click()
    desk_page.wait_for_url("**/staf/kantor-a/tamu/")
    desk.close()

    # The waiting-room screen is public and shows no names.
    page.goto("/instansi/kantor-a/kunjungan/layar/")
    axe_check(page)

    # (d) The consultant calls, consults and ends with an outcome.
    division, division_page = _sign_in(browser, live_server, "dodi")
    division_page.goto("/staf/kantor-a/konsultasi/bagian-satu/")
    division_page.get_by_role("button", name="Panggil berikutnya").click()
    division_page.get_by_role("button", name="Mulai konsultasi").click()
    division_page.get_by_label("Ringkasan hasil untuk pengunjung").fill(
        "Persyaratan program UMKM dijelaskan."
    )
    division_page.get_by_label("Catatan internal").fill("Hubungi dinas minggu depan")
    division_page.get_by_role("button", name="Selesai", exact=True).click()
    division_page.wait_for_url("**/konsultasi/bagian-satu/")
    division.close()

    # The visitor's link shows the outcome and every step, and nothing internal.
    page.goto(f"/kunjungan/{visit.token}/")
    assert page.get_by_text("Persyaratan program UMKM dijelaskan.").is_visible()
    assert "Hubungi dinas" not in page.content()
    axe_check(page)
    visit.refresh_from_db()
    assert visit.status == "done"
    steps = list(visit.events.values_list("action", flat=True))
    assert steps == ["checked_in", "reception", "routed", "called", "started", "ended"]
    assert all(at for at in (visit.checked_in_at, visit.routed_at, visit.called_at, visit.ended_at))


def test_the_booking_pages_pass_axe(page, axe_check, service_a, division_x):
    page.goto("/instansi/kantor-a/kunjungan/")
    axe_check(page)
    page.get_by_role("button", name="Mulai pemesanan").click()
    page.get_by_role("button", name="Lanjutkan").click()
    assert page.get_by_role("alert").is_visible()
    axe_check(page)
