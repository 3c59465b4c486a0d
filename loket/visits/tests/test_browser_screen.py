"""The waiting-room screen in a real Chromium, as the TV in the lobby shows it: readable at
1920x1080 and 1366x768 without scrolling, axe-clean, a new call spoken in Bahasa Indonesia
(speechSynthesis with an Indonesian voice), recovering by itself after a network drop, and no
inline script (a Content-Security-Policy without inline scripts is coming)."""

import os
import re

import pytest

from loket.visits import services
from loket.visits.public_views import screen as display_views

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = "/instansi/kantor-a/kunjungan/layar/"
# Chromium here has no voices: the page gets one Indonesian voice that records what it says.
FAKE_VOICE = """
window.__spoken = [];
(function () {
  var voice = { lang: "id-ID", name: "Uji Indonesia", default: true, localService: true };
  var synth = {
    getVoices: function () { return [voice]; },
    speak: function (u) {
      window.__spoken.push(u.text);
      setTimeout(function () { if (u.onend) u.onend(); }, 10);
    },
    addEventListener: function () {}, cancel: function () {}
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


@pytest.fixture(autouse=True)
def _office_hours(time_machine, monkeypatch):
    time_machine.move_to(TUESDAY_0900, tick=True)
    monkeypatch.setattr(display_views, "POLL_SECONDS", 1)


@pytest.fixture
def calls(make_walk_in, rina, consultant, division_x, division_y, office_a):
    services.save_settings(
        office_a,
        actor=None,
        retention_days=365,
        store_id_number=False,
        display_message="Jam istirahat 12.00-13.00 WIB. Siapkan Surat Tugas Anda.",
    )
    for _ in range(2):
        services.route(make_walk_in(), division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    return division_x


def _fits(page) -> None:
    size = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
        " window.innerWidth, window.innerHeight]"
    )
    assert size[0] <= size[2], size
    assert size[1] <= size[3], size


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_the_screen_fits_a_tv_and_reads_from_afar(
    browser, live_server, axe_check, calls, width, height
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto(SCREEN)
    assert page.locator(".screen-office").inner_text() == "Kantor A"
    assert page.locator(".screen-division.is-called .screen-number").inner_text() == "K-001"
    assert page.locator(".screen-calls li").count() == 1
    assert "Siapkan Surat Tugas" in page.locator(".screen-ticker").inner_text()
    number_px = page.evaluate(
        "() => parseFloat(getComputedStyle("
        "document.querySelector('.screen-division.is-called .screen-number')).fontSize)"
    )
    assert number_px >= height / 10  # at least a tenth of the screen's height
    _fits(page)
    axe_check(page)
    if shots := os.environ.get("LOKET_SCREENSHOTS"):
        page.screenshot(path=f"{shots}/screen-{width}x{height}.png")
    context.close()


def test_a_new_call_is_spoken_in_indonesian_and_the_screen_recovers_after_a_drop(
    browser, live_server, calls, consultant
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    context.add_init_script(FAKE_VOICE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(SCREEN)
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__spoken") == []  # calls already on the board stay silent
    # The network drops: the screen says so and keeps trying.
    page.route("**/layar/daftar/", lambda route: route.abort())
    page.locator("#screen-offline").wait_for(state="visible")
    services.call_next(calls, actor=consultant)
    page.unroute("**/layar/daftar/")
    page.locator("#screen-offline").wait_for(state="hidden")
    page.wait_for_function("window.__spoken.length > 0")
    assert page.evaluate("window.__spoken") == [
        "Nomor antrean K nol nol dua, silakan ke Bagian Satu"
    ]
    assert page.locator(".screen-calls li").first.locator(".num").inner_text() == "K-002"
    assert "K-002" in page.locator("#screen-announce").inner_text()
    context.close()


def test_without_javascript_the_screen_still_shows_the_calls_and_refreshes(
    browser, live_server, calls
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(SCREEN)
    assert page.locator(".screen-division.is-called .screen-number").inner_text() == "K-001"
    html = page.content()
    assert '<meta http-equiv="refresh" content="10">' in html
    assert "<script>" not in html
    context.close()


def test_the_sound_button_never_covers_a_long_running_line(browser, live_server, calls, office_a):
    # The screenshots review: with reduced motion a long line wraps, and the button fixed at
    # 10vh from the bottom covered it.
    services.save_settings(
        office_a,
        actor=None,
        retention_days=365,
        store_id_number=False,
        display_message=("Mohon siapkan Surat Tugas dan tanda pengenal Anda. " * 6)[:300],
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 768}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(SCREEN)
    assert "pace-long" in page.locator(".screen-ticker").get_attribute("class")  # 300, the most
    page.evaluate("document.getElementById('screen-sound').hidden = false")
    button = page.locator("#screen-sound").bounding_box()
    ticker = page.locator(".screen-ticker").bounding_box()
    assert button is not None
    assert ticker is not None
    assert button["y"] + button["height"] <= ticker["y"]  # above the line, not on it
    context.close()


def test_the_clock_ticks_with_a_full_stop_in_indonesian_and_a_colon_in_english(
    browser, live_server, calls
):
    """PUEBI's "09.00.05" on an Indonesian screen, "09:00:05" on an English one: the page
    and its ticking clock write the time alike (`loket.moments`, visits/display.js)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(SCREEN)
    page.wait_for_function("document.getElementById('screen-clock').textContent.length === 8")
    assert re.fullmatch(r"\d\d\.\d\d\.\d\d", page.locator("#screen-clock").inner_text())
    # The screen has no switch of its own (a TV): the visitor pages' switch sets the language.
    page.goto("/instansi/kantor-a/kunjungan/")
    page.get_by_role("button", name="English").click()
    page.goto(SCREEN)
    page.wait_for_function("document.getElementById('screen-clock').textContent.length === 8")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", page.locator("#screen-clock").inner_text())
    context.close()
