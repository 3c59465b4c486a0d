"""Smaller front-desk and division actions: a visitor registered at the desk, check-in by
code at the desk, walk-out and cancel by staff, a called visitor returned to the queue, the
kiosk's rate limit and the kiosk in English."""

import pytest

from loket.visits import services
from loket.visits.models import Visit

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def test_the_receptionist_registers_a_visitor_at_the_desk(client, rina, service_a):
    client.force_login(rina)
    response = client.post(
        "/staf/kantor-a/tamu/baru/",
        {
            "service": service_a.pk,
            "name": "Tamu Meja",
            "phone": "0812 9999 0000",
            "institution": "Pribadi",
            "position": "Wiraswasta",
            "purpose": "Tanya program",
        },
    )
    visit = Visit.objects.get()
    assert response["Location"] == f"/staf/kantor-a/tamu/{visit.pk}/"
    assert visit.source == "desk"
    assert visit.queue == "K-001"
    assert visit.events.get().actor == rina


def test_the_receptionist_checks_a_booking_in_with_its_code(client, rina, make_booking):
    visit = make_booking()
    client.force_login(rina)
    response = client.post("/staf/kantor-a/tamu/check-in/", {"code": visit.booking_code})
    assert response["Location"] == f"/staf/kantor-a/tamu/{visit.pk}/"
    visit.refresh_from_db()
    assert visit.status == "checked_in"
    assert visit.events.last().actor == rina


def test_staff_record_a_walk_out_and_a_cancellation(client, rina, make_walk_in):
    left, cancelled = make_walk_in(), make_walk_in()
    client.force_login(rina)
    client.post(f"/staf/kantor-a/tamu/{left.pk}/keluar/")
    client.post(f"/staf/kantor-a/tamu/{cancelled.pk}/batal/")
    assert Visit.objects.get(pk=left.pk).status == "walked_out"
    assert Visit.objects.get(pk=cancelled.pk).status == "cancelled"
    response = client.post(f"/staf/kantor-a/tamu/{left.pk}/batal/")  # already closed
    assert response.status_code == 302
    assert Visit.objects.get(pk=left.pk).status == "walked_out"


def test_a_called_visitor_who_does_not_come_returns_to_the_queue(
    client, rina, consultant, make_walk_in, division_x
):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    client.force_login(consultant)
    response = client.post(
        f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/kembalikan-ke-antrean/", follow=True
    )
    visit.refresh_from_db()
    # Issue 11 §5: the action said nothing before.
    assert f"Nomor {visit.queue} kembali ke antrean" in response.content.decode()
    assert visit.status == "routed"
    assert visit.consultations.get().status == "waiting"
    assert services.call_next(division_x, actor=consultant) == visit
    response = client.post(f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/unknown/")
    assert response.status_code == 404


def test_ending_without_an_outcome_summary_is_explained(
    client, rina, consultant, make_walk_in, division_x
):
    visit = make_walk_in()
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED)
    services.call_next(division_x, actor=consultant)
    services.start(visit, actor=consultant)
    client.force_login(consultant)
    response = client.post(f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/selesai/", {})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert Visit.objects.get().status == "in_consultation"


@pytest.mark.usefixtures("enrolled")
def test_the_kiosk_is_rate_limited_per_address(client, service_a, monkeypatch):
    from loket.visits.public_views import kiosk_pages

    monkeypatch.setattr(kiosk_pages, "KIOSK_RATE", "2/m")
    codes = [
        client.post("/instansi/kantor-a/kiosk/kode/", {"code": "x"}).status_code for _ in range(3)
    ]
    assert codes == [400, 400, 429]


@pytest.mark.usefixtures("enrolled")
def test_the_kiosk_speaks_english_after_the_switch(client, service_a):
    client.post("/bahasa/", {"language": "en", "next": "/"})
    page = client.get("/instansi/kantor-a/kiosk/").content.decode()
    assert "I have a booking" in page
    assert "Fill in the guest book" in page


def test_a_head_request_on_a_visit_reads_only(client, rina, make_walk_in):
    """HEAD is answered like GET (link checkers, proxies) and must never act like a POST."""
    visit = make_walk_in()
    client.force_login(rina)
    url = f"/staf/kantor-a/tamu/{visit.pk}/"
    assert client.head(url).status_code == client.get(url).status_code == 200
    assert visit.events.count() == 1
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CHECKED_IN
