"""The kiosk is a shared tablet: no visitor's private link may enter its browser history.
The ticket is shown under a short-lived signed id, never cached, and the page returns to the
kiosk start by itself; the QR code still carries the private link for the visitor's phone."""

from datetime import timedelta

import pytest

from loket.visits.models import Visit

from .conftest import TUESDAY_0900
from .test_kiosk import GUEST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enrolled")]


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def _walk_through_kiosk(client, service_a):
    """Every address the tablet visits after a walk-in, following redirects."""
    response = client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/", {**GUEST, "service": service_a.pk}, follow=True
    )
    addresses = [url for url, _status in response.redirect_chain]
    return response, addresses


def test_the_kiosk_never_redirects_to_an_address_with_the_private_token(client, service_a):
    response, addresses = _walk_through_kiosk(client, service_a)
    visit = Visit.objects.get()
    assert addresses
    assert all(visit.token not in url for url in addresses)
    page = response.content.decode()
    assert "K-001" in page
    # The ticket page's own links (print, done) do not carry the token either.
    assert f"/kunjungan/{visit.token}/" not in page.replace("<svg", "")[: page.find("<svg")]


def test_a_booking_checked_in_at_the_kiosk_does_not_show_the_token_either(client, make_booking):
    visit = make_booking()
    response = client.post(
        "/instansi/kantor-a/kiosk/kode/", {"code": visit.booking_code}, follow=True
    )
    assert response.redirect_chain
    assert all(visit.token not in url for url, _status in response.redirect_chain)
    assert all(visit.booking_code not in url for url, _status in response.redirect_chain)


def test_the_ticket_is_never_stored_and_returns_to_the_kiosk_start(client, service_a):
    response, addresses = _walk_through_kiosk(client, service_a)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    # Back to the start through the reset, which forgets the language and the session.
    refresh = '<meta http-equiv="refresh" content="60;url=/instansi/kantor-a/kiosk/mulai/">'
    assert f"<noscript>{refresh}</noscript>" in page
    assert 'data-url="/instansi/kantor-a/kiosk/mulai/" data-seconds="60"' in page
    assert 'href="/instansi/kantor-a/kiosk/mulai/"' in page  # the "Selesai" button
    slip = client.get(addresses[-1] + "slip/")
    assert slip.status_code == 200
    assert "no-store" in slip["Cache-Control"]


def test_the_ticket_expires_after_a_few_minutes(client, service_a, time_machine):
    _response, addresses = _walk_through_kiosk(client, service_a)
    ticket_url = addresses[-1]
    time_machine.move_to(TUESDAY_0900 + timedelta(minutes=6), tick=False)
    reopened = client.get(ticket_url)
    assert reopened.status_code == 410
    assert "K-001" not in reopened.content.decode()
    assert client.get(ticket_url + "slip/").status_code == 410


def test_a_forged_ticket_id_is_not_found(client, service_a):
    assert client.get("/instansi/kantor-a/kiosk/tiket/1:abc:def/").status_code == 404
