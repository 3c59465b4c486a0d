"""The reception kiosk: booking code or guest book -> queue number, slip, no JavaScript."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from loket.visits.models import Visit
from loket.visits.public_views import kiosk_ticket_id

from .conftest import PONTIANAK, ROUTED_UNCHECKED, TUESDAY_0900, enrol

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enrolled")]

GUEST = {
    "name": "Budi Santoso",
    "phone": "0812 1111 2222",
    "institution": "Bappeda Kota Singkawang",
    "position": "Kepala Bidang",
    "purpose": "Konsultasi perencanaan ekonomi daerah",
}


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def test_the_kiosk_offers_two_large_choices_without_javascript(client, service_a):
    page = client.get("/instansi/kantor-a/kiosk/").content.decode()
    assert "kiosk-choice" in page
    assert "<script" not in page  # the start page in Indonesian has nothing to time out
    assert 'href="/instansi/kantor-a/kiosk/kode/"' in page
    assert 'href="/instansi/kantor-a/kiosk/buku-tamu/"' in page


def test_a_walk_in_fills_the_guest_book_and_gets_a_number_and_a_slip(client, service_a):
    response = client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/", {**GUEST, "service": service_a.pk}
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/instansi/kantor-a/kiosk/tiket/")
    ticket = client.get(response["Location"]).content.decode()
    assert "K-001" in ticket
    assert "<svg" in ticket
    slip = client.get(f"{response['Location']}slip/").content.decode()
    assert "K-001" in slip
    assert visit.source == "kiosk"
    assert visit.status == "checked_in"


def test_the_guest_book_shows_errors_in_a_summary(client, service_a):
    response = client.post("/instansi/kantor-a/kiosk/buku-tamu/", {"service": service_a.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert 'href="#id_name"' in page
    assert "Mengapa kami meminta data ini" in page
    assert not Visit.objects.exists()


def test_a_booked_visitor_checks_in_with_the_code_typed_loosely(client, make_booking):
    visit = make_booking()
    typed = visit.booking_code.lower().replace("-", " ")
    response = client.post("/instansi/kantor-a/kiosk/kode/", {"code": typed})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "checked_in"
    assert visit.queue == "K-001"


def test_an_unknown_or_other_offices_code_is_refused(client, make_booking, office_b):
    visit = make_booking()
    kiosk_b = Client()
    enrol(kiosk_b, office_b)
    response = kiosk_b.post("/instansi/kantor-b/kiosk/kode/", {"code": visit.booking_code})
    assert response.status_code == 400
    assert "tidak ditemukan" in response.content.decode()
    response = client.post("/instansi/kantor-a/kiosk/kode/", {"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 400


def test_the_ticket_of_another_office_is_not_found(client, make_walk_in, office_b):
    visit = make_walk_in()
    ticket = kiosk_ticket_id(visit)
    kiosk_b = Client()
    enrol(kiosk_b, office_b)
    assert kiosk_b.get(f"/instansi/kantor-b/kiosk/tiket/{ticket}/").status_code == 404
    assert client.get(f"/instansi/kantor-a/kiosk/tiket/{visit.token}/").status_code == 404
    assert client.get("/kunjungan/not-a-token/").status_code == 404


def test_the_waiting_room_display_shows_called_numbers_and_their_division(
    client, make_walk_in, rina, consultant, division_x
):
    from loket.visits import services

    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    page = client.get("/instansi/kantor-a/kunjungan/layar/").content.decode()
    assert "K-001" in page
    assert "Bagian Satu" in page
    assert 'data-poll="5"' in page  # display.js polls the board
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in page
    assert "<script>" not in page  # no inline script (Content-Security-Policy)
    assert visit.name not in page  # a public screen shows no names
    fragment = client.get("/instansi/kantor-a/kunjungan/layar/daftar/").content.decode()
    assert "K-001" in fragment
    assert "<html" not in fragment


def test_the_screen_board_runs_the_same_queries_for_one_call_or_five(
    client, make_walk_in, rina, consultant, division_x, django_assert_num_queries
):
    from loket.visits import services

    def add_calls(n):
        for _ in range(n):
            services.route(make_walk_in(), division_x, actor=rina, reason=ROUTED_UNCHECKED)
            services.call_next(division_x, actor=consultant)

    def fetch():
        return client.get("/instansi/kantor-a/kunjungan/layar/daftar/")

    add_calls(1)
    fetch()  # warm the office calendar cache
    # 7: the board's 6 and the calendar's one-row freshness check behind the "closed" notice.
    with django_assert_num_queries(7) as one:
        assert fetch().status_code == 200
    add_calls(4)
    with django_assert_num_queries(len(one.captured_queries)):
        response = fetch()
    assert response.status_code == 200
    assert response.content.decode().count("data-call=") == 5


@pytest.mark.parametrize(
    ("asked", "paper"),
    [("58", "58mm"), ("58 mm", "58mm"), ("80MM", "80mm"), ("A6", "a6"), ("99", "80mm")],
)
def test_the_slip_takes_the_paper_as_people_write_it(client, make_walk_in, asked, paper):
    # "?kertas=58" printed 80 mm without a word (the screenshots review); unknown: the default.
    visit = make_walk_in()
    page = client.get(f"/kunjungan/{visit.token}/slip/", {"kertas": asked}).content.decode()
    assert f"visits/print/slip-{paper}.css" in page
    assert "58 mm" in page
    assert "58MM" not in page
    assert f'<p class="slip-service">{visit.service.name}</p>' in page  # not a fixed text


def test_the_waiting_room_screen_says_when_the_service_opens_again(client, service_a):
    # The screenshots review: in the lunch break the screen showed empty boards, no word.
    screen = "/instansi/kantor-a/kunjungan/layar/daftar/"
    with time_machine.travel(datetime(2026, 12, 6, 10, 0, tzinfo=PONTIANAK), tick=False):
        closed = client.get(screen).content.decode()  # Sunday
    assert '<p class="screen-closed">Layanan sedang tutup.' in closed
    assert "Senin, 7 Desember 2026" in closed
    with time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=PONTIANAK), tick=False):
        assert "screen-closed" not in client.get(screen).content.decode()  # Monday, open


def test_the_running_line_slows_down_with_its_length():
    # 30 s for any length ran 300 characters across the TV at 290 px/s (the screenshots review).
    from loket.visits.public_views.screen import ticker_pace

    assert [ticker_pace("x" * n) for n in (1, 100, 101, 200, 201, 300)] == [
        "short",
        "short",
        "medium",
        "medium",
        "long",
        "long",
    ]
