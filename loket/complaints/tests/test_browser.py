"""A real Chromium against the live server: the citizen flow end to end and the officer ->
team -> answer -> rating flow, every page checked with axe-core (WCAG 2.2 A/AA); citizen
pages stay under 100 KB compressed."""

import re

import pytest

from loket.complaints import services
from loket.complaints.models import Complaint, Status
from loket.complaints.tracking import hash_code

from .test_citizen_flow import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 100 * 1024


def sign_in(page, username):
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))  # one office: dasbor


def test_a_citizen_complains_on_the_web_and_tracks_it(
    page, axe_check, office, compressed_page_weight
):
    page.goto(f"/instansi/{office.slug}/")
    page.get_by_role("link", name="Sampaikan pengaduan").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Sampaikan pengaduan")
    axe_check(page)
    page.get_by_role("button", name="Mulai sekarang").click()

    page.get_by_role("button", name="Lanjutkan").click()  # nothing filled in
    assert page.get_by_role("alert").is_visible()
    assert page.title().startswith("Galat")
    axe_check(page)
    page.get_by_label("Judul pengaduan").fill("Petugas informasi tidak ada")
    page.get_by_label("Apa yang terjadi?").fill("Saya menunggu satu jam tanpa dilayani.")
    page.get_by_label("Tempat kejadian").fill("Lobi")
    page.get_by_role("button", name="Lanjutkan").click()

    axe_check(page)
    page.get_by_label("Tambahkan bukti").set_input_files(
        [{"name": "foto.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="Unggah berkas").click()
    assert page.get_by_text("foto.png").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Lanjutkan").click()

    axe_check(page)
    page.get_by_label("Sebutkan nama saya kepada petugas yang menangani").check()
    page.get_by_label("Nama lengkap").fill("Budi Warga")
    page.get_by_label("Alamat e-mail").fill("budi@contoh.id")
    page.get_by_role("button", name="Lanjutkan").click()

    assert page.get_by_text("Budi Warga").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Kirim pengaduan").click()

    code = page.locator(".reference").inner_text()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    axe_check(page)
    page.get_by_role("link", name="Lihat status pengaduan").click()
    assert page.get_by_text("Diterima", exact=True).first.is_visible()
    axe_check(page)

    page.goto("/pengaduan/lacak/")
    axe_check(page)
    page.get_by_label("Kode pelacakan").fill(code.lower().replace("-", ""))
    page.get_by_role("button", name="Lacak").click()
    assert code in page.locator("h1").inner_text()

    complaint = Complaint.objects.get(tracking_code_hash=hash_code(code))
    assert complaint.attachments.get().name == "foto.png"
    for url in (
        f"/instansi/{office.slug}/pengaduan/",
        f"/instansi/{office.slug}/pengaduan/kejadian/",
        "/pengaduan/lacak/",
        f"/pengaduan/{code}/",
    ):
        assert compressed_page_weight(url) < BUDGET, url


def test_officer_classifies_team_answers_citizen_rates(page, axe_check, officer, handler, office):
    complaint = services.submit(
        office=office,
        channel="web",
        title="Antrean tidak tertib",
        description="Banyak yang menyerobot.",
        complainant_name="Siti",
        complainant_email="siti@contoh.id",
    )
    sign_in(page, "pejabat")
    page.goto(f"/staf/{office.slug}/pengaduan/")
    axe_check(page)
    page.get_by_role("link", name=complaint.reference).click()
    axe_check(page)
    page.get_by_label("Pengaduan bersifat normatif (5 hari kerja)").check()
    page.get_by_role("button", name="Klasifikasi", exact=True).click()
    assert page.get_by_text("Pengaduan diklasifikasi").is_visible()
    page.get_by_label("Andi").check()
    page.get_by_role("button", name="Tugaskan", exact=True).click()
    axe_check(page)
    page.goto(f"/staf/{office.slug}/pengaduan/baru/")
    axe_check(page)
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, "tim")
    page.goto(f"/staf/{office.slug}/pengaduan/?mine=on")
    page.get_by_role("link", name=complaint.reference).click()
    page.get_by_label("Jawaban (tindak lanjut) untuk pengadu").fill("Petugas antrean ditambah.")
    page.get_by_role("button", name="Kirim jawaban").click()
    assert page.get_by_text("Jawaban dikirim kepada pengadu.").is_visible()
    axe_check(page)

    page.goto(complaint.get_absolute_url())
    assert page.get_by_text("Petugas antrean ditambah.").is_visible()
    axe_check(page)
    page.get_by_label("5 – Sangat puas").check()
    page.get_by_label("Komentar").fill("Cepat ditangani")
    page.get_by_role("button", name="Kirim nilai").click()
    assert page.get_by_text("Terima kasih atas penilaian Anda.").is_visible()
    axe_check(page)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.ratings.get().score == 5
