"""A real Chromium on the calendar of due dates and a list with saved filters: axe-core
(WCAG 2.2 A/AA) on both, and on a 360 px phone the calendar is a list of days that never
scrolls sideways."""

from datetime import UTC, datetime

import pytest
import time_machine

from loket.complaints.models import Complaint

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_calendar_fits_a_phone_and_passes_axe(page, axe_check, office, head, make_complaint):
    with time_machine.travel(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)):
        for day in (3, 3, 10, 19):
            complaint = make_complaint(title="Antrean loket pelayanan terlalu panjang setiap pagi")
            Complaint.objects.filter(pk=complaint.pk).update(
                due_at=datetime(2026, 3, day, 8, 0, tzinfo=UTC)
            )
    sign_in(page, head.username)
    page.goto(f"/staf/{office.slug}/pengaduan/semua/")
    page.get_by_label("Nama saringan").fill("Kanal web")
    page.get_by_role("button", name="Simpan saringan ini").click()
    assert page.get_by_role("link", name="Kanal web").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Kalender batas waktu").click()
    page.goto(page.url + "?bulan=2026-03")
    assert page.get_by_role("table", name="Batas waktu pengaduan terbuka, Maret 2026").is_visible()
    axe_check(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Each day reads as a heading with its weekday and month, one under the other.
    assert page.get_by_role("heading", name="Selasa, 3 Maret").is_visible()
    top3 = page.get_by_role("heading", name="Selasa, 3 Maret").bounding_box()
    top4 = page.get_by_role("heading", name="Rabu, 4 Maret").bounding_box()
    assert top3 is not None
    assert top4 is not None
    assert top4["y"] > top3["y"]
    assert top4["x"] == top3["x"]
    axe_check(page)
