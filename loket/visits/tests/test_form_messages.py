"""Every required field says what to do (GOV.UK error messages), the same on the booking
page, the kiosk guest book, the front-desk form and the API, in the visitor's language."""

import re
from datetime import datetime

import pytest

from loket.visits.models import Visit

from .conftest import PONTIANAK

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enrolled")]

GENERIC = "Bidang ini tidak boleh kosong"
GUEST_BOOK_MESSAGES = {
    "name": "Tulis nama lengkap Anda.",
    "phone": "Tulis nomor telepon Anda.",
    "institution": "Tulis instansi atau lembaga asal Anda.",
    "position": "Tulis jabatan Anda.",
    "purpose": "Tulis keperluan kunjungan Anda.",
}
BOOKING_MESSAGES = {
    **GUEST_BOOK_MESSAGES,
    "preferred_date": "Pilih tanggal kunjungan.",
    "preferred_time": "Pilih jam kunjungan.",
}


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(datetime(2026, 11, 30, 9, 0, tzinfo=PONTIANAK), tick=False)


def _summary(page: str) -> dict[str, str]:
    """The error summary's links: field id -> message."""
    box = page[page.index("error-summary") : page.index("</ul>", page.index("error-summary"))]
    return dict(re.findall(r'<a href="#id_(\w+?)">([^<]+)</a>', box))


def test_an_empty_booking_names_each_missing_answer(client, service_a):
    response = client.post("/instansi/kantor-a/kunjungan/pesan/", {"service": service_a.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert _summary(page) == BOOKING_MESSAGES
    assert GENERIC not in page


def test_a_booking_without_a_service_asks_to_choose_one(client, service_a):
    page = client.post("/instansi/kantor-a/kunjungan/pesan/", {}).content.decode()
    assert _summary(page)["service_0"] == "Pilih layanan yang Anda perlukan."


def test_a_malformed_date_and_e_mail_say_what_is_expected(client, service_a):
    page = client.post(
        "/instansi/kantor-a/kunjungan/pesan/",
        {"service": service_a.pk, "preferred_date": "besok", "email": "siti@"},
    ).content.decode()
    summary = _summary(page)
    assert summary["preferred_date"].startswith("Tanggal kunjungan harus tanggal yang benar")
    assert summary["email"].startswith("Tulis alamat e-mail yang benar")


def test_the_kiosk_and_the_desk_use_the_same_messages(client, rina, service_a, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 9, 0, tzinfo=PONTIANAK), tick=False)
    kiosk = client.post("/instansi/kantor-a/kiosk/buku-tamu/", {"service": service_a.pk})
    assert _summary(kiosk.content.decode()) == GUEST_BOOK_MESSAGES
    client.force_login(rina)
    desk = client.post("/staf/kantor-a/tamu/baru/", {"service": service_a.pk})
    assert _summary(desk.content.decode()) == GUEST_BOOK_MESSAGES
    code = client.post("/instansi/kantor-a/kiosk/kode/", {"code": ""})
    assert _summary(code.content.decode()) == {"code": "Tulis kode pemesanan Anda."}
    assert not Visit.objects.exists()


def test_the_api_answers_missing_fields_with_the_same_messages(client, service_a):
    data = {"office": "kantor-a", "service": "pelayanan-konsultasi"}
    response = client.post("/api/v1/visits/", data)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {name: messages[0] for name, messages in errors.items()} == BOOKING_MESSAGES
    english = client.post("/api/v1/visits/", {**data, "language": "en"}).json()["errors"]
    assert english["name"] == ["Enter your full name."]
    assert english["preferred_date"] == ["Choose the date of your visit."]
    assert not Visit.objects.exists()
