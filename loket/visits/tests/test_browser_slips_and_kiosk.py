"""Queue slips rendered to PDF by Chromium (Playwright page.pdf, the print stylesheets):
58 mm and 80 mm thermal receipt rolls and A6, each page of its paper's size with the text on
it; and kiosk mode: after inactivity the kiosk returns to its start, in Indonesian again,
with an empty form."""

import io
import os
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from loket.visits import services
from loket.visits.public_views import kiosk_pages

from .conftest import TUESDAY_0900
from .qr import decode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(autouse=True)
def _office_hours(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=True)


def _content_height_mm(page) -> float:
    """The printed slip's height: its box under the print stylesheet, in millimetres."""
    page.emulate_media(media="print")
    height = page.evaluate("document.querySelector('.slip').getBoundingClientRect().height")
    page.emulate_media(media="null")
    return height * 25.4 / 96


def _pdf_page(page):
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1  # the whole slip on one ticket
    return pdf, reader.pages[0]


@pytest.mark.parametrize(("paper", "width_mm"), [("58mm", 58), ("80mm", 80)])
def test_a_receipt_rolls_page_is_as_tall_as_the_slip(page, make_walk_in, paper, width_mm):
    """A thermal roll is cut under the slip's last line (the fixed 110 mm page left about
    35 mm of blank roll per ticket): the page is the slip's height plus at most 3 mm."""
    visit = make_walk_in()
    page.goto(f"/kunjungan/{visit.token}/slip/?kertas={paper}")
    page.wait_for_selector(".slip[data-page-height-mm]", state="attached")
    content = _content_height_mm(page)
    _pdf, printed = _pdf_page(page)
    box = printed.mediabox
    assert float(box.width) == pytest.approx(width_mm * MM, abs=1)
    height = float(box.height) / MM
    assert content <= height <= content + 3.5, (content, height)
    assert "K-001" in printed.extract_text()
    # A long office name wraps on more lines: the page grows with it, still one page.
    page.evaluate(
        "document.querySelector('.slip-office').textContent = "
        "'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Kalimantan Barat'"
    )
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    longer = _content_height_mm(page)
    _pdf, printed = _pdf_page(page)
    assert longer > content + 5
    assert longer <= float(printed.mediabox.height) / MM <= longer + 3.5


@pytest.mark.parametrize(
    ("paper", "width_mm", "height_mm"), [("58mm", 58, None), ("80mm", 80, None), ("a6", 105, 148)]
)
def test_the_slip_prints_on_its_paper(page, make_walk_in, paper, width_mm, height_mm):
    visit = make_walk_in()
    page.goto(f"/kunjungan/{visit.token}/slip/?kertas={paper}")
    if height_mm is None:  # a roll: as tall as the slip (above)
        page.wait_for_selector(".slip[data-page-height-mm]", state="attached")
    pdf, printed = _pdf_page(page)
    box = printed.mediabox
    assert float(box.width) == pytest.approx(width_mm * MM, abs=1)
    if height_mm is not None:
        assert float(box.height) == pytest.approx(height_mm * MM, abs=1)
    text = printed.extract_text()
    assert "K-001" in text
    assert "Kantor A" in text
    assert "Cetak slip" not in text
    assert "Ukuran kertas" not in text
    # The printed QR code is whole and a phone reads it (a clipped code once passed unseen).
    page.emulate_media(media="print")
    shot = Image.open(io.BytesIO(page.locator(".slip-qr svg").screenshot(scale="device")))
    assert decode(shot.convert("L")) == [(services.absolute(visit.get_absolute_url()), "QRCode")]
    if shots := os.environ.get("LOKET_SCREENSHOTS"):
        with open(f"{shots}/slip-{paper}.pdf", "wb") as out:
            out.write(pdf)


def test_without_javascript_a_roll_keeps_the_stylesheets_length(browser, live_server, make_walk_in):
    """The fallback: without the script the page is the print stylesheet's 110 mm, with the
    whole slip on it."""
    visit = make_walk_in()
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto(f"/kunjungan/{visit.token}/slip/?kertas=58mm")
        _pdf, printed = _pdf_page(page)
        assert float(printed.mediabox.height) == pytest.approx(110 * MM, abs=1)
        assert "K-001" in printed.extract_text()
    finally:
        context.close()


def test_the_kiosk_returns_to_indonesian_and_an_empty_form_after_inactivity(
    page, service_a, monkeypatch
):
    monkeypatch.setattr(kiosk_pages, "KIOSK_IDLE_SECONDS", 2)
    monkeypatch.setattr(kiosk_pages, "KIOSK_IDLE_GRACE_SECONDS", 2)
    _device, token = services.add_kiosk(service_a.office, name="Tablet lobi", actor=None)
    page.goto(f"/instansi/kantor-a/kiosk/daftarkan/{token}/")
    page.get_by_role("button", name="Ya, jadikan kios").click()
    page.wait_for_url("**/kiosk/")
    assert (
        page.locator("a[href]:not([href^='/instansi/kantor-a/kiosk/']):not([href^='#'])").count()
        == 0
    )
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name=re.compile("Fill in the guest book")).click()
    page.get_by_label("Full name").fill("Siti Aminah")
    assert page.get_by_label("Full name").get_attribute("autocomplete") == "off"
    # No link leaves the kiosk: only its own pages and the page's own anchors.
    assert (
        page.locator("a[href]:not([href^='/instansi/kantor-a/kiosk/']):not([href^='#'])").count()
        == 0
    )
    page.get_by_role("alertdialog").wait_for(state="visible", timeout=10_000)
    page.wait_for_url("**/instansi/kantor-a/kiosk/", timeout=10_000)
    assert page.get_by_role("heading", name="Selamat datang").is_visible()
    page.get_by_role("link", name=re.compile("Isi buku tamu")).click()
    assert page.get_by_label("Nama lengkap").input_value() == ""
