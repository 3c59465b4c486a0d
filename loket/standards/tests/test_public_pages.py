"""The public pages carry every item of the seed, in its order and wording; earlier versions
stay readable at their own URL; the PDF has the same text."""

import io
import re
from html import unescape

import pypdf
import pytest
import time_machine
from django.conf import settings

from loket.offices.demo import load_demo_office, load_demo_standard
from loket.standards import services
from loket.standards.importer import parse
from loket.standards.models import Service

pytestmark = pytest.mark.django_db

PUBLISHED_AT = "2026-01-05 01:00:00+00:00"  # 08.00 WIB, Monday 5 January 2026
SEED = settings.BASE_DIR / "demo" / "biro-perekonomian-kalbar.sippn.txt"
URL = "/instansi/biro-perekonomian-kalbar/layanan/pelayanan-konsultasi/"


def _seed_items() -> list[str]:
    """Every line of content the seed publishes for the service, in the seed's order."""
    f = parse(SEED.read_bytes()).fields
    return [
        "Pelayanan Konsultasi",
        "Persyaratan",
        *f["requirements"],
        "Sistem, Mekanisme dan Prosedur",
        *[step["text"] for step in f["procedure"]],
        "Waktu Penyelesaian",
        "15 Menit",
        "Administrasi",
        "15 Menit",
        "Konsultasi",
        "Sesuai Materi Konsultasi",
        "Biaya / Tarif",
        "Tidak dipungut biaya",
        "Produk Pelayanan",
        "pelayanan konsultasi",
        "Pengaduan Layanan",
        "Pengaduan dapat dilakukan melalui :",
        *f["complaint_channels"],
        "Alur Penanganan Pengaduan",
        *f["complaint_flow"],
        "Jangka Waktu Penyelesaian Pengaduan",
        *[row["text"] for row in f["complaint_classes"]],
    ]


def _in_order(text: str, items: list[str]) -> None:
    position = 0
    for item in items:
        found = text.find(item, position)
        assert found >= 0, f"missing or out of order: {item!r}"
        position = found + len(item)


def _page_text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main)))


@pytest.fixture
def demo():
    with time_machine.travel(PUBLISHED_AT, tick=False):
        office = load_demo_office()
        load_demo_standard(office)
    return office


def test_the_seed_items_are_checked_against_the_seed_file_itself():
    raw = re.sub(r"\s+", " ", SEED.read_text())
    for item in _seed_items():
        assert item in raw  # the expectations are the seed's own wording


def test_the_service_page_shows_every_seed_item_in_the_seed_order(client, demo):
    response = client.get(URL)
    assert response.status_code == 200
    text = _page_text(response.content.decode())
    _in_order(text, _seed_items())
    assert "No. SK belum ditetapkan" in text
    assert "terbit 5 Januari 2026" in text
    for marker in ("a.", "b.", "c.", "d.", "1)", "7)"):
        assert marker in text


def test_the_office_page_links_to_its_services_and_pledge(client, demo):
    html = client.get("/instansi/biro-perekonomian-kalbar/").content.decode()
    assert f'href="{URL}"' in html
    assert 'href="/instansi/biro-perekonomian-kalbar/maklumat/"' in html
    listing = client.get("/instansi/biro-perekonomian-kalbar/layanan/").content.decode()
    assert f'href="{URL}"' in listing


def test_a_new_version_is_public_and_the_old_one_stays_at_its_own_url(client, demo, alice):
    service = Service.objects.get()
    draft = services.start_new_version(service, actor=alice)
    services.update_draft(draft, actor=alice, requirements=["Surat Tugas", "KTP"])
    assert "KTP" not in _page_text(client.get(URL).content.decode())  # drafts stay private
    assert client.get(f"{URL}versi/2/").status_code == 404
    services.publish(draft, actor=alice, decree_number="123/2026", effective_date=None)

    current = _page_text(client.get(URL).content.decode())
    assert "KTP" in current and "No. SK 123/2026" in current
    assert "Versi sebelumnya" in current
    old_html = client.get(f"{URL}versi/1/").content.decode()
    assert f'href="{URL}versi/1/"' in client.get(URL).content.decode()
    old = _page_text(old_html)
    assert "Dokumen / Berkas Pendukung" in old and "KTP" not in old
    assert "bukan versi yang berlaku" in old


def test_unknown_offices_services_and_versions_are_404(client, demo):
    assert client.get("/instansi/tidak-ada/layanan/").status_code == 404
    assert client.get("/instansi/biro-perekonomian-kalbar/layanan/tidak-ada/").status_code == 404
    assert client.get(f"{URL}versi/9/").status_code == 404
    assert client.get(f"{URL}versi/9/pdf/").status_code == 404


def test_the_page_prints_on_a4(client, demo):
    html = client.get(URL).content.decode()
    assert 'media="print"' in html
    css = (settings.BASE_DIR / "loket" / "static" / "loket" / "print.css").read_text()
    assert "size: A4" in css
    assert 'class="print-only print-header"' in html  # the letterhead appears on paper


def test_the_pdf_carries_the_header_decree_version_date_and_every_seed_item(client, demo):
    response = client.get(f"{URL}pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for header in (
        "Pemerintah Provinsi Kalimantan Barat",
        "Biro Perekonomian",
        "Jl. Jenderal Ahmad Yani",
        "78124",
        "No. SK belum ditetapkan",
        "terbit 5 Januari 2026",
    ):
        assert header in text
    _in_order(text, _seed_items())


def test_the_pledge_page_shows_the_published_pledge_only(client, demo, alice):
    url = "/instansi/biro-perekonomian-kalbar/maklumat/"
    assert "belum menerbitkan maklumat" in client.get(url).content.decode()
    pledge = services.save_pledge_draft(demo, actor=alice, text="Kami sanggup melayani.")
    assert "Kami sanggup" not in client.get(url).content.decode()
    services.publish_pledge(pledge, actor=alice)
    assert "Kami sanggup melayani." in client.get(url).content.decode()
