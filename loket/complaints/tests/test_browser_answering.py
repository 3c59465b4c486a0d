"""Issue 14, answering well, in a real Chromium: the Pejabat switches approval on and adds a
template, the team fills its answer from the template and submits it, the Pejabat returns
it, the team resubmits, the head approves; the disposition sheet prints. Every page checked
with axe-core (WCAG 2.2 A/AA), at 360 px too. LOKET_SCREENSHOTS=<dir> keeps screenshots."""

import os
from pathlib import Path

import pytest

from loket.complaints import services
from loket.complaints.models import Status

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    folder = os.environ.get("LOKET_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_team_answer_goes_out_after_return_and_approval(
    page, axe_check, officer, handler, head, office
):
    complaint = services.submit(
        office=office,
        channel="web",
        title="Antrean tidak tertib",
        description="Banyak yang menyerobot.",
        complainant_name="Siti",
        complainant_email="siti@contoh.id",
    )
    services.classify(complaint, actor=officer, class_code="normatif")
    services.assign(complaint, actor=officer, users=[handler])

    sign_in(page, "pejabat")
    page.goto(f"/staf/{office.slug}/pengaduan/pengaturan/")
    page.get_by_label("Jawaban tim perlu persetujuan sebelum dikirim").check()
    page.get_by_role("button", name="Simpan pengaturan").click()
    assert page.get_by_text("Pengaturan pengaduan disimpan.").is_visible()
    axe_check(page)
    shot(page, "settings")
    page.goto(f"/staf/{office.slug}/pengaduan/templat/baru/")
    page.get_by_label("Judul templat").fill("Tindak lanjut")
    page.get_by_label("Isi templat").fill("Yth. {nama}, pengaduan {nomor} dari {alamat}.")
    page.get_by_role("button", name="Simpan templat").click()
    assert page.get_by_text("Tanda isian tidak dikenal: {alamat}.", exact=False).first.is_visible()
    axe_check(page)
    shot(page, "template-error")
    page.get_by_label("Isi templat").fill(
        "Yth. {nama},\npengaduan {nomor} kami selesaikan paling lambat {batas_waktu}.\n{instansi}"
    )
    page.get_by_role("button", name="Simpan templat").click()
    assert page.get_by_text("Templat jawaban disimpan.").is_visible()
    axe_check(page)
    shot(page, "templates")
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, "tim")
    page.goto(complaint.get_staff_url())
    page.get_by_role("button", name="Pakai templat").click()
    text = page.get_by_label("Jawaban (tindak lanjut) untuk pengadu")
    assert "Yth. Siti," in text.input_value()
    text.fill(text.input_value() + "\nPetugas antrean ditambah.")
    page.get_by_role("button", name="Ajukan untuk persetujuan").click()
    assert page.get_by_text("belum dikirim kepada pengadu", exact=False).first.is_visible()
    axe_check(page)
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, "pejabat")
    page.goto(f"/staf/{office.slug}/pengaduan/persetujuan/")
    assert page.get_by_text("1 jawaban menunggu persetujuan.").is_visible()
    axe_check(page)
    shot(page, "pending")
    page.get_by_role("link", name=complaint.reference).click()
    page.get_by_label("Apa yang perlu diperbaiki").fill("Sebutkan jumlah petugas baru.")
    shot(page, "detail-draft")
    page.get_by_role("button", name="Kembalikan dengan komentar").click()
    assert page.get_by_text("Jawaban dikembalikan kepada tim dengan komentar.").is_visible()
    page.get_by_role("button", name="Keluar").click()

    sign_in(page, "tim")
    page.goto(complaint.get_staff_url())
    assert page.get_by_text("Sebutkan jumlah petugas baru.", exact=True).is_visible()
    text = page.get_by_label("Jawaban (tindak lanjut) untuk pengadu")
    text.fill(text.input_value() + " Dua petugas baru.")
    page.set_viewport_size({"width": 360, "height": 800})
    axe_check(page)
    shot(page, "detail-returned-360")
    page.get_by_role("button", name="Ajukan untuk persetujuan").click()
    page.get_by_role("button", name="Keluar").click()

    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "kepala")
    page.goto(complaint.get_staff_url())
    page.get_by_role("button", name="Setujui dan kirim").click()
    assert page.get_by_text("Jawaban disetujui dan dikirim kepada pengadu.").is_visible()
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert "Dua petugas baru." in complaint.answers.get().text
    page.get_by_role("link", name="Lembar disposisi (cetak)").click()
    axe_check(page)
    shot(page, "disposition")
    if os.environ.get("LOKET_SCREENSHOTS"):
        page.emulate_media(media="print")
        shot(page, "disposition-print")
