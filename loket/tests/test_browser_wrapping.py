"""A real Chromium at 360 px: text without spaces (a 200-character decree number, a maps URL
as an address, a 10,000-character answer) wraps inside the page: no horizontal scroll, and the
buttons stay in sight."""

import pytest

from loket.complaints import services as complaints
from loket.offices.models import Office
from loket.offices.roles import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory
from loket.site.demo import load_demo_office, load_demo_standard
from loket.standards.models import Standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKEN = "SK/" + "0123456789ABCDEFGHIJ" * 9 + "/2026/BIRO-EKONOM"  # 200 characters, no space
MAPS = "https://maps.google.com/?q=" + "-0.0263303,109.3425039" * 8
ANSWER = ("https://drive.example.go.id/berkas/" + "a1B2c3D4e5" * 1000)[:10_000]


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


def test_a_ten_thousand_character_answer_wraps_on_the_tracking_page(page):
    office = load_demo_office()
    load_demo_standard(office)
    officer = UserFactory(username="pejabat-uji")
    MembershipFactory(user=officer, office=office, role=Role.COMPLAINT_OFFICER)
    complaint = complaints.submit(
        office=office, channel="web", title="Berkas", description=MAPS, complainant_name="Ani"
    )
    complaints.classify(complaint, actor=officer, class_code="normatif")
    assert len(ANSWER) == 10_000
    complaints.answer(complaint, actor=officer, text=ANSWER)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/pengaduan/{complaint.tracking_code}/")
    assert ANSWER[:40] in page.locator("main").inner_text()
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] == 360, widths
    # The rating form after the answer is reachable and inside the viewport's width.
    button = page.locator("main form button").first
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
