"""A real Chromium: the Pejabat turns a waiting WhatsApp message into a complaint, and reads
the LAPOR! import page; every page checked with axe-core (WCAG 2.2 A/AA)."""

import pytest

from loket.complaints.models import Complaint
from loket.intake.models import InboundMessage
from loket.intake.services.ingress import store_message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))  # one office: dasbor


def test_the_officer_makes_a_complaint_of_a_waiting_message(page, axe_check, officer, wa_account):
    office = wa_account.office
    store_message(
        account=wa_account,
        channel="whatsapp",
        dedupe_key="msg:wamid.B1",
        raw=b"{}",
        raw_type="application/json",
        sender="+6281311100004",
        sender_name="Bayu",
        text="halo, mau tanya soal pungutan",
        state="processed",
        outcome="inbox",
    )
    sign_in(page, "pejabat")
    page.goto(f"/staf/{office.slug}/pesan-masuk/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pesan masuk"
    axe_check(page)
    page.locator("tbody a").first.click()
    axe_check(page)
    page.get_by_role("button", name="Buat pengaduan").click()  # title is prefilled
    page.wait_for_url("**/pengaduan/*/")
    complaint = Complaint.objects.get()
    assert complaint.channel == "whatsapp"
    assert InboundMessage.objects.get().outcome == "created"

    page.goto(f"/staf/{office.slug}/pesan-masuk/lapor/")
    axe_check(page)
    page.get_by_role("button", name="Pratinjau").click()  # no file
    assert page.get_by_role("alert").is_visible()
    axe_check(page)
