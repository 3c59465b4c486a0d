"""Online booking: details -> check answers and documents -> confirmation with a code, a QR
code and an e-mail copy through the outbox."""

from datetime import datetime

import pytest

from loket.notify.models import OutboxMessage
from loket.notify.services import deliver_due
from loket.visits.models import Attachment, Visit

from . import files
from .conftest import PONTIANAK

pytestmark = pytest.mark.django_db
MONDAY_0900 = datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK)

DETAILS = {
    "name": "Siti Aminah",
    "phone": "0812 3456 7890",
    "email": "siti@contoh.id",
    "institution": "Dinas Koperasi Kabupaten Sambas",
    "position": "Analis",
    "purpose": "Konsultasi program UMKM",
    "preferred_date": "2026-12-01",
    "preferred_time": "10:00",
}


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY_0900, tick=False)


def _details(client, service, **changes):
    data = {**DETAILS, "service": service.pk, **changes}
    return client.post("/instansi/kantor-a/kunjungan/pesan/", data)


def test_the_start_page_lists_the_requirements_and_the_privacy_notice(client, service_a):
    page = client.get("/instansi/kantor-a/kunjungan/").content.decode()
    assert "Surat Tugas" in page
    assert "Tanda Pengenal / Identitas" in page
    assert "Data ini disimpan 365 hari" in page
    assert "/instansi/kantor-a/kunjungan/pesan/" in page


def test_a_booking_goes_through_check_answers_to_a_confirmation_with_a_code(
    client, service_a, smtp_server
):
    response = _details(client, service_a)
    assert response.status_code == 302
    check = client.get(response["Location"]).content.decode()
    assert "Periksa data Anda" in check
    assert "Siti Aminah" in check
    response = client.post(
        "/instansi/kantor-a/kunjungan/pesan/periksa/",
        {"surat_tugas": files.pdf(), "supporting": [files.png(), files.pdf("lampiran.pdf")]},
    )
    visit = Visit.objects.get()
    assert response["Location"] == f"/kunjungan/{visit.token}/"
    page = client.get(response["Location"]).content.decode()
    assert "Pemesanan diterima" in page
    assert visit.booking_code in page
    assert "<svg" in page
    assert visit.status == "booked"
    assert visit.preferred_time.hour == 10
    kinds = sorted(Attachment.objects.values_list("kind", "content_type"))
    assert kinds == [
        ("supporting", "application/pdf"),
        ("supporting", "image/png"),
        ("surat_tugas", "application/pdf"),
    ]
    # The e-mail copy leaves through the outbox and reaches a real SMTP server.
    message = OutboxMessage.objects.get(topic="visit_booked")
    assert message.recipient == "siti@contoh.id"
    deliver_due(now=datetime(2026, 11, 30, 9, 1, tzinfo=PONTIANAK))
    received = smtp_server.wait_for(1)
    assert len(received) == 1
    body = received[0].get_payload(decode=True).decode()
    assert visit.booking_code in body
    assert f"/kunjungan/{visit.token}/" in body


def test_a_weekend_or_a_time_outside_office_hours_is_refused(client, service_a):
    response = _details(client, service_a, preferred_date="2026-12-05")
    assert response.status_code == 400
    assert "bukan hari kerja" in response.content.decode()
    response = _details(client, service_a, preferred_time="12:30")
    assert response.status_code == 400
    assert "di luar jam layanan" in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [(files.fake_pdf, "bukan PDF, JPEG atau PNG"), (files.big_pdf, "lebih besar dari 2")],
)
def test_documents_are_checked_by_content_and_size(client, service_a, upload, message):
    _details(client, service_a)
    response = client.post("/instansi/kantor-a/kunjungan/pesan/periksa/", {"surat_tugas": upload()})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Visit.objects.exists()


def test_the_visitor_may_cancel_a_booking_with_the_link_after_confirming(client, make_booking):
    visit = make_booking()
    summary = client.get(f"/kunjungan/{visit.token}/").content.decode()
    # A link to the question, styled as a warning; no one-tap cancel button on the page.
    assert f'class="button button-warning" href="/kunjungan/{visit.token}/batalkan/"' in summary
    assert client.post(f"/kunjungan/{visit.token}/", {"action": "cancel"}).status_code == 405
    question = client.get(f"/kunjungan/{visit.token}/batalkan/")
    assert question.status_code == 200
    page = question.content.decode()
    assert "Batalkan pemesanan ini?" in page
    assert 'class="button button-warning">Ya, batalkan pemesanan' in page
    visit.refresh_from_db()
    assert visit.status == "booked"  # asking changes nothing
    client.post(f"/kunjungan/{visit.token}/batalkan/")
    visit.refresh_from_db()
    assert visit.status == "cancelled"
    assert visit.events.get(action="cancelled").actor is None


def test_a_detail_that_expired_before_sending_sends_the_visitor_back_to_it(
    client, service_a, time_machine
):
    _details(client, service_a, preferred_date="2026-11-30", preferred_time="09:15")
    time_machine.move_to(datetime(2026, 11, 30, 9, 20, tzinfo=PONTIANAK), tick=False)
    response = client.post("/instansi/kantor-a/kunjungan/pesan/periksa/", {})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Jam kunjungan sudah lewat." in page
    # Under the hour, the field it concerns (found by a tester: it stood under the date).
    assert 'href="#id_preferred_time"' in page
    assert 'id="id_preferred_time"' in page
    assert not Visit.objects.exists()


def test_a_visitor_who_booked_in_english_gets_the_mail_in_english(client, service_a):
    # Issue 11 §5: every message to a citizen goes in the language they used.
    client.post("/bahasa/", {"language": "en", "next": "/"})
    response = _details(client, service_a)
    client.post(response["Location"], {"surat_tugas": files.pdf()})
    visit = Visit.objects.get()
    assert visit.language == "en"
    message = OutboxMessage.objects.get(topic="visit_booked")
    assert message.subject.startswith(f"Visit booking {visit.booking_code}")
    assert "Booking code" in message.body
    assert "Tuesday, 1 December 2026 10:00 WIB" in message.body
    assert "Kode pemesanan" not in message.body
