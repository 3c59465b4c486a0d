"""Issue #12, finding 4: the kiosk pages gave twelve queue numbers to a remote client. Only a
browser the office admin provisioned (a one-time enrolment link, then a signed HttpOnly device
cookie, revocable) gives numbers; every other browser is told where the kiosk is."""

from datetime import timedelta

import pytest
from django.test import Client

from loket.tests.auth import force_login_confirmed
from loket.visits import services
from loket.visits.models import KioskDevice, Visit
from loket.visits.public_views.kiosk_pages import KIOSK_COOKIE

from .conftest import TUESDAY_0900, enrol

pytestmark = pytest.mark.django_db

GUEST = {
    "name": "Budi Santoso",
    "phone": "0812 1111 2222",
    "institution": "Bappeda Kota Singkawang",
    "position": "Kepala Bidang",
    "purpose": "Konsultasi perencanaan ekonomi daerah",
}
KIOSK_PAGES = ("/", "kode/", "buku-tamu/", "mulai/")


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


def test_a_remote_client_without_the_credential_gets_no_number(
    client, service_a, make_booking, office_a
):
    services.save_settings(
        office_a,
        actor=None,
        retention_days=365,
        store_id_number=False,
        kiosk_location="Lobi lantai 1, di samping meja Petugas Informasi",
    )
    booking = make_booking()
    for _ in range(3):
        walk_in = client.post(
            "/instansi/kantor-a/kiosk/buku-tamu/", {**GUEST, "service": service_a.pk}
        )
        assert walk_in.status_code == 403
        code = client.post("/instansi/kantor-a/kiosk/kode/", {"code": booking.booking_code})
        assert code.status_code == 403
    assert Visit.objects.count() == 1
    booking.refresh_from_db()
    assert booking.status == "booked"
    assert booking.queue_number is None
    page = client.get("/instansi/kantor-a/kiosk/")
    assert page.status_code == 403
    text = page.content.decode()
    assert "Nomor antrean diambil di kios kantor" in text
    assert "Lobi lantai 1, di samping meja Petugas Informasi" in text
    assert 'href="/instansi/kantor-a/kunjungan/"' in text  # booking online instead


def test_the_enrolment_link_asks_first_then_sets_an_httponly_cookie_for_the_kiosk_pages(
    client, service_a, office_a
):
    device, token = services.add_kiosk(office_a, name="Tablet lobi", actor=None)
    assert token not in (device.enrolment_hash or "")  # only the hash is stored
    url = f"/instansi/kantor-a/kiosk/daftarkan/{token}/"
    question = client.get(url)
    assert question.status_code == 200
    assert "Jadikan peramban ini kios “Tablet lobi”?" in question.content.decode()
    assert KIOSK_COOKIE not in question.cookies
    device.refresh_from_db()
    assert device.is_pending  # a link preview (GET) does not use the link up
    response = client.post(url)
    assert response.status_code == 302
    cookie = response.cookies[KIOSK_COOKIE]
    assert cookie["httponly"]
    assert cookie["path"] == "/instansi/kantor-a/kiosk/"
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) > 365 * 24 * 3600
    device.refresh_from_db()
    assert device.is_active
    assert device.enrolment_hash is None
    assert device.secret_hash
    assert device.secret_hash not in cookie.value
    # Issue 12, finding 8: "kiosk enrolled" is a security event (the action existed, nothing
    # wrote it): the office, the tablet's address, the kiosk's name, no secret.
    from loket.accounts.models import SecurityEvent

    event = SecurityEvent.objects.get(action="kiosk_enrolled")
    assert (event.office, event.note, event.data) == (office_a, "Tablet lobi", {"kiosk": device.pk})
    assert event.ip_address == "127.0.0.1"
    assert token not in str(event.data) + event.note
    walk_in = client.post("/instansi/kantor-a/kiosk/buku-tamu/", {**GUEST, "service": service_a.pk})
    assert walk_in.status_code == 302
    assert Visit.objects.get().queue == "K-001"


def test_an_enrolment_link_works_once_and_expires(client, office_a, time_machine):
    _device, token = services.add_kiosk(office_a, name="Tablet lobi", actor=None)
    url = f"/instansi/kantor-a/kiosk/daftarkan/{token}/"
    assert client.post(url).status_code == 302
    second = Client()
    again = second.post(url)
    assert again.status_code == 410
    assert KIOSK_COOKIE not in again.cookies
    _device, late = services.add_kiosk(office_a, name="Tablet dua", actor=None)
    time_machine.move_to(TUESDAY_0900 + services.ENROLMENT_VALID + timedelta(seconds=1))
    expired = second.post(f"/instansi/kantor-a/kiosk/daftarkan/{late}/")
    assert expired.status_code == 410
    assert "kedaluwarsa" in expired.content.decode()


def test_a_revoked_kiosk_is_refused_at_once(client, service_a, office_a):
    device = enrol(client, office_a)
    assert client.get("/instansi/kantor-a/kiosk/").status_code == 200
    services.revoke_kiosk(device, actor=None)
    for page in KIOSK_PAGES:
        assert client.get(f"/instansi/kantor-a/kiosk/{page}".replace("//", "/")).status_code == 403
    response = client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/", {**GUEST, "service": service_a.pk}
    )
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_a_forged_or_foreign_cookie_is_refused(client, service_a, office_a, office_b):
    enrol(client, office_a)
    genuine = client.cookies[KIOSK_COOKIE].value
    device_id = KioskDevice.objects.get().pk
    forged = Client()
    forged.cookies[KIOSK_COOKIE] = f"{device_id}:guessed-secret"  # not signed
    assert forged.get("/instansi/kantor-a/kiosk/").status_code == 403
    # Office A's genuine credential does not open office B's kiosk.
    other = Client()
    other.cookies[KIOSK_COOKIE] = genuine
    assert other.get("/instansi/kantor-b/kiosk/").status_code == 403


def test_the_office_admin_adds_and_revokes_kiosks_and_no_one_else_does(
    client, alice, bob, carol, office_a
):
    client.force_login(bob)  # a colleague without the role: 403
    assert client.get("/staf/kantor-a/tamu/kios/").status_code == 403
    client.force_login(carol)
    assert client.get("/staf/kantor-a/tamu/kios/").status_code == 404
    force_login_confirmed(client, alice)
    response = client.post("/staf/kantor-a/tamu/kios/", {"name": "Tablet lobi"})
    assert response.status_code == 200
    page = response.content.decode()
    device = KioskDevice.objects.get()
    assert device.created_by == alice
    assert "/instansi/kantor-a/kiosk/daftarkan/" in page  # the link, shown this once
    assert "/kiosk/daftarkan/" not in client.get("/staf/kantor-a/tamu/kios/").content.decode()
    client.force_login(carol)
    revoke = f"/staf/kantor-a/tamu/kios/{device.pk}/cabut/"
    assert client.post(revoke).status_code == 404
    force_login_confirmed(client, alice)
    question = client.get(revoke)
    assert "Cabut kios “Tablet lobi”?" in question.content.decode()
    device.refresh_from_db()
    assert device.revoked_at is None
    assert client.post(revoke).status_code == 302
    device.refresh_from_db()
    assert device.revoked_at is not None
    assert device.revoked_by == alice


def test_in_production_the_kiosk_cookie_has_the_secure_prefix_and_still_opens_the_kiosk(
    client, service_a, office_a, settings
):
    """Production names the credential `__Secure-loket_kiosk` (settings.py; the path-scoped
    cookie cannot be `__Host-`), Secure; the kiosk pages read that name."""
    settings.LOKET_KIOSK_COOKIE_NAME = "__Secure-loket_kiosk"
    settings.SESSION_COOKIE_SECURE = True
    _device, token = services.add_kiosk(office_a, name="Tablet lobi", actor=None)
    response = client.post(f"/instansi/kantor-a/kiosk/daftarkan/{token}/", secure=True)
    cookie = response.cookies["__Secure-loket_kiosk"]
    assert cookie["secure"]
    assert KIOSK_COOKIE not in response.cookies
    walk_in = client.post(
        "/instansi/kantor-a/kiosk/buku-tamu/", {**GUEST, "service": service_a.pk}, secure=True
    )
    assert walk_in.status_code == 302
