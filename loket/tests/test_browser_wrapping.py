"""A real Chromium at 360 px: text without spaces (a 200-character decree number, a maps URL
as an address) wraps inside the page: no horizontal scroll."""

import pytest

from loket.offices.models import Office
from loket.site.demo import load_demo_office, load_demo_standard
from loket.standards.models import Standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKEN = "SK/" + "0123456789ABCDEFGHIJ" * 9 + "/2026/BIRO-EKONOM"  # 200 characters, no space
MAPS = "https://maps.google.com/?q=" + "-0.0263303,109.3425039" * 8


def test_long_words_wrap_at_360_px_without_horizontal_scroll(page):
    office = load_demo_office()
    load_demo_standard(office)
    assert len(TOKEN) == 200
    Standard.objects.filter(service__office=office).update(decree_number=TOKEN)
    Office.objects.filter(pk=office.pk).update(address=MAPS)
    page.set_viewport_size({"width": 360, "height": 740})
    for url in (
        "/instansi/biro-perekonomian-kalbar/layanan/pelayanan-konsultasi/",
        "/instansi/biro-perekonomian-kalbar/",
    ):
        page.goto(url)
        text = page.locator("main").inner_text() + page.locator("body").inner_text()
        assert TOKEN[:40] in text or MAPS[:40] in text, url
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1] == 360, (url, widths)
