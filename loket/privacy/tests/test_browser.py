"""A real Chromium against the live server: the office admin records a breach and a notice,
completes the record of processing, and the public reads the privacy notice; every page
checked with axe-core (WCAG 2.2 A/AA); so are the pages lifting a restriction and fulfilling a
withdrawal of consent."""

import pytest

from loket.privacy.models import Breach, BreachNotice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_breach_register_and_the_processing_record_pass_axe(page, axe_check, alice):
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill("alice")
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))  # one office: dasbor

    page.goto("/staf/kantor-a/data-pribadi/kegagalan/")
    axe_check(page)
    page.get_by_role("link", name="Catat kegagalan").click()
    page.get_by_role("button", name="Simpan").click()  # nothing filled in
    assert page.title().startswith("Galat")
    axe_check(page)
    page.get_by_label("Apa yang terjadi").fill("Laptop petugas hilang")
    page.get_by_label("Waktu diketahui").fill("2026-03-06T15:00")
    page.get_by_label("Data pribadi yang terdampak").fill("Nama dan telepon pengunjung")
    page.get_by_role("button", name="Simpan").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Laptop petugas hilang")
    assert "9 Mar 2026 15.00" in page.content()
    axe_check(page)
    page.get_by_label("Lembaga pelindungan data pribadi").check()
    page.get_by_label("Waktu dikirim").fill("2026-03-07T09:00")
    page.get_by_label("Cara", exact=True).fill("Surat nomor 12")
    page.get_by_role("button", name="Catat pemberitahuan").click()
    assert BreachNotice.objects.get(breach=Breach.objects.get()).means == "Surat nomor 12"

    page.goto("/staf/kantor-a/data-pribadi/catatan-pemrosesan/")
    axe_check(page)
    page.get_by_role("link", name="Lengkapi catatan").click()
    axe_check(page)
    page.get_by_label("Nama pejabat pelindungan data pribadi (PPDP)").fill("Sari Dewi")
    page.get_by_role("button", name="Simpan").click()
    assert "Sari Dewi" in page.content()

    page.goto("/instansi/kantor-a/pemberitahuan-privasi/")
    assert "Sari Dewi" in page.content()
    axe_check(page)


def test_the_lifting_and_withdrawal_pages_pass_axe(page, axe_check, alice, office_a):
    """The pages of issue 13's leftovers: a granted restriction's request page and its lifting
    form (with an error, then done), a withdrawal of consent fulfilled from its request page."""
    from loket.privacy import services

    def request_of(kind):
        return services.record_request(
            office_a,
            kind=kind,
            name="Budi Santoso",
            phone="0812-3456-7890",
            verification="KTP asli diperiksa di loket",
            actor=alice,
        )

    restriction = request_of("restriction")
    services.decide(restriction, decision="granted", reason="", actor=alice)
    withdrawal = request_of("withdrawal")

    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill("alice")
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))

    page.goto(f"/staf/kantor-a/data-pribadi/permintaan/{restriction.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Cabut pembatasan").click()
    axe_check(page)
    page.get_by_role("button", name="Cabut pembatasan dan beri tahu pemohon").click()
    assert page.title().startswith("Galat")
    axe_check(page)
    page.get_by_label("Alasan pencabutan").fill("Sengketa data sudah selesai.")
    page.get_by_role("button", name="Cabut pembatasan dan beri tahu pemohon").click()
    assert "Sengketa data sudah selesai." in page.content()
    axe_check(page)

    page.goto(f"/staf/kantor-a/data-pribadi/permintaan/{withdrawal.pk}/")
    axe_check(page)
    page.get_by_role("button", name="Catat penarikan dan hapus data opsional").click()
    assert "Penarikan persetujuan dicatat" in page.content()
    axe_check(page)
