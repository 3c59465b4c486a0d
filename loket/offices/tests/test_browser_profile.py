"""The office admin's profile page and the system administrator's offices pages in a real
Chromium: keyboard-usable forms, axe-core finding no WCAG 2.2 A/AA violation (issue 14)."""

import pytest

from loket.offices.models import Channel, Office
from loket.offices.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username):
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def test_the_office_admin_edits_the_profile_and_channels(page, axe_check, alice, office_a):
    _sign_in(page, "alice")
    page.goto("/staf/kantor-a/")
    page.get_by_role("link", name="Profil instansi dan kanal pengaduan").click()
    page.wait_for_url("**/staf/kantor-a/profil/")
    axe_check(page)
    page.get_by_label("Telepon").fill("12345")
    page.get_by_role("button", name="Simpan profil").click()
    assert page.get_by_role("alert").is_visible()  # the error summary
    axe_check(page)
    page.get_by_label("Telepon").fill("(0561) 736541")
    page.get_by_label("Zona waktu").select_option("Asia/Makassar")
    page.get_by_role("button", name="Simpan profil").click()
    assert page.get_by_text("Profil instansi disimpan.").is_visible()
    assert Office.objects.get(pk=office_a.pk).timezone == "Asia/Makassar"

    page.get_by_label("Jenis kanal").select_option("whatsapp")
    page.get_by_label("Nomor atau alamat").fill("0812 3456 7890")
    page.get_by_role("button", name="Tambah kanal").click()
    assert page.get_by_text("Kanal WhatsApp diumumkan.").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Hapus WhatsApp").click()
    axe_check(page)
    page.get_by_role("button", name="Hapus kanal").click()
    assert page.get_by_text("Kanal WhatsApp dihapus.").is_visible()
    assert not Channel.objects.filter(office=office_a).exists()


def test_the_system_admin_adds_an_office(page, axe_check, office_a):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    _sign_in(page, "root")
    page.goto("/staf/")
    page.get_by_role("link", name="Semua instansi: tambah instansi, undang admin instansi").click()
    axe_check(page)
    page.get_by_role("link", name="Tambah instansi", exact=True).click()
    axe_check(page)
    page.get_by_label("Nama instansi").fill("Dinas Sosial Kota Singkawang")
    page.get_by_label("Zona waktu").select_option("Asia/Pontianak")
    page.get_by_role("button", name="Buat instansi").click()
    page.wait_for_url("**/staf/sistem/instansi/")
    assert page.get_by_role(
        "link", name="Undang admin pertama Dinas Sosial Kota Singkawang"
    ).is_visible()
    axe_check(page)
    assert Office.objects.filter(slug="dinas-sosial-kota-singkawang").exists()


def test_the_office_admin_manages_divisions_without_the_django_admin(
    page, axe_check, alice, office_a, consultant
):
    from loket.offices.models import Division

    _sign_in(page, "alice")
    page.goto("/staf/kantor-a/profil/")
    page.get_by_role("link", name="Bagian: tambah, ubah, urutkan, nonaktifkan").click()
    page.wait_for_url("**/staf/kantor-a/bagian/")
    axe_check(page)
    page.get_by_role("button", name="Tambah bagian").click()
    assert page.get_by_role("alert").is_visible()  # the error summary: no name
    axe_check(page)
    page.get_by_label("Nama bagian").fill("Bagian Perizinan")
    page.get_by_role("button", name="Tambah bagian").click()
    assert page.get_by_text("Bagian ditambahkan: Bagian Perizinan.").is_visible()
    page.get_by_role("button", name="Naikkan Bagian Perizinan").click()
    names = page.locator("tbody th[scope=row]").all_inner_texts()
    assert names[:2] == ["Bagian Perizinan", "Bagian Satu"]
    page.get_by_role("link", name="Ubah Bagian Satu").click()
    axe_check(page)
    page.get_by_label("Nama bagian").fill("Bagian Pelayanan Dasar")
    page.get_by_role("button", name="Simpan bagian").click()
    assert page.get_by_text("Bagian disimpan: Bagian Pelayanan Dasar.").is_visible()
    page.get_by_role("link", name="Nonaktifkan Bagian Pelayanan Dasar").click()
    axe_check(page)
    page.get_by_role("button", name="Nonaktifkan bagian").click()
    assert page.get_by_text("Bagian dinonaktifkan: Bagian Pelayanan Dasar.").is_visible()
    assert not Division.objects.get(slug="bagian-satu").is_active
    # A division with a consultant: the page says why it cannot be deleted.
    page.goto(f"/staf/kantor-a/bagian/{Division.objects.get(slug='bagian-satu').pk}/hapus/")
    assert page.get_by_role("heading", name="Bagian ini tidak dapat dihapus").is_visible()
    axe_check(page)
    page.get_by_role("button", name="English").click()
    page.goto("/staf/kantor-a/bagian/")
    assert page.get_by_role("heading", name="Divisions", exact=True).first.is_visible()
    axe_check(page)
