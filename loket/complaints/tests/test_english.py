"""Every citizen page of the complaint journey and the tracking page in English when the
visitor chose English: no Indonesian text of ours remains (the office's own data, its name
and class names, stays as the office wrote it)."""

import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.complaints import services
from loket.complaints.files import check_upload

from .conftest import MONDAY_0900
from .test_citizen_flow import PDF

pytestmark = pytest.mark.django_db

# Office data shown as published (not ours to translate).
DATA = re.compile(
    r"Kantor A|Pengaduan (ringan|bersifat normatif|tidak berkadar pengawasan|"
    r"berkadar pengawasan dan memerlukan pemeriksaan)|Pelayanan Konsultasi|"
    r"Bahasa Indonesia|Petugas tidak ada[^<]*|Saya menunggu[^<]*"
)
# Words of our Indonesian interface: any of them left means a string was not translated.
INDONESIAN = re.compile(
    r"\b(pengaduan|Pengaduan|Anda|yang|dan|dari|atau|untuk|dengan|Langkah|Lanjutkan|Kembali|"
    r"Kirim|Lacak|opsional|Diterima|Batas|waktu|Riwayat|Bukti|Lampiran|Ubah|Wajib|hari|"
    r"kerja|berkas|Tanggal|Tempat|Nama|Jawaban|Sampaikan|Diminta|melengkapi|Ditindaklanjuti|"
    r"Dijawab|Menunggu|kelengkapan|Tanggapi|puas|Beri|nilai|Siapa|Periksa|Judul|Uraian|"
    r"Kanal|Saluran|Tidak|Belum|Sudah|Rahasia|Anonim|Kode|pelacakan|jam)\b"
)


def visible_text(html: str) -> str:
    html = DATA.sub(" ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    return re.sub(r"<[^>]+>", " ", html)  # attributes (ids, URLs) are not text


def assert_english(client, url, must=(), **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    text = visible_text(response.content.decode())
    left = sorted(set(INDONESIAN.findall(text)))
    assert not left, f"{url}: Indonesian left {left}"
    for phrase in must:
        assert phrase in text, f"{url}: {phrase!r} missing"
    return text


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def office_url(name, office):
    return reverse(f"complaints:{name}", args=[office.slug])


def test_the_office_page_links_to_the_complaint_pages_in_english(english, office):
    page = visible_text(english.get(reverse("offices:detail", args=[office.slug])).content.decode())
    assert "Make a complaint" in page
    assert "Track a complaint" in page
    assert "Sampaikan pengaduan" not in page
    assert "Lacak pengaduan" not in page


def test_the_complaint_journey_is_in_english(english, office):
    assert_english(english, office_url("start", office), must=("5 working days", "Start now"))
    assert_english(english, office_url("step_what", office), must=("Step 1 of 4",))
    errors = english.post(office_url("step_what", office), {"title": "", "description": ""})
    assert not INDONESIAN.findall(visible_text(errors.content.decode()))
    english.post(
        office_url("step_what", office),
        {"title": "Petugas tidak ada", "description": "Saya menunggu lama."},
    )
    assert_english(english, office_url("step_evidence", office), must=("Step 2 of 4",))
    assert_english(english, office_url("step_who", office), must=("Step 3 of 4",))
    errors = english.post(office_url("step_who", office), {"identity": "identified"})
    assert not INDONESIAN.findall(visible_text(errors.content.decode()))
    english.post(office_url("step_who", office), {"identity": "anonymous"})
    assert_english(english, office_url("check", office), must=("Step 4 of 4",))
    english.post(office_url("check", office))
    assert_english(english, office_url("confirmation", office), must=("tracking code",))
    assert_english(english, reverse("complaints:track_lookup"), must=("Track a complaint",))


def test_the_tracking_page_is_in_english_at_every_stage(english, make_complaint, officer, handler):
    with time_machine.travel(MONDAY_0900, tick=False):
        evidence = check_upload(SimpleUploadedFile("foto.pdf", PDF, "application/pdf"))
        complaint = make_complaint(attachments=[evidence])
        url = complaint.get_absolute_url()
        assert_english(english, url, must=("Received", "Complaint received"))
        services.classify(complaint, actor=officer, class_code="normatif")
        services.request_completion(complaint, actor=officer, message="Kirim foto.")
        assert_english(DropMessage(english, "Kirim foto."), url, must=("Waiting for completion",))
        services.complete(complaint, message="Ini fotonya.")
        services.assign(complaint, actor=officer, users=[handler])
        assert_english(
            DropMessage(english, "Kirim foto.", "Ini fotonya."), url, must=("In progress",)
        )
        services.answer(complaint, actor=handler, text="Sudah ditindak.")
        page = assert_english(
            DropMessage(english, "Kirim foto.", "Ini fotonya.", "Sudah ditindak."),
            url,
            must=("Answered", "Rate the answer"),
        )
        assert f"Complaint {complaint.tracking_code}" in " ".join(page.split())


class DropMessage:
    """The client, with the complainant's and the office's own words removed from pages."""

    def __init__(self, client, *texts):
        self.client, self.texts = client, texts

    def get(self, url, **kwargs):
        response = self.client.get(url, **kwargs)
        content = response.content.decode()
        for text in self.texts:
            content = content.replace(text, " ")
        response.content = content.encode()
        return response
