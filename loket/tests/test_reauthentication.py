"""Re-authentication before administrative changes (OWASP ASVS 4.0.3 V3.7.1, V3.3.4;
`loket.reauth`): giving or taking a role, inviting, deactivating, resetting a colleague's
second factor, API keys, kiosks, the office's profile and complaint settings, ending one's
other sessions. Without the password typed in the last LOKET_REAUTH_MINUTES, a GET goes to the
confirmation page and back to itself; a POST is refused (nothing changes) and comes back to
the page of its form. The access rules still come first: another office gets 404."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import TOTP

from loket.accounts import services as account_services
from loket.accounts.client import Client as ClientInfo
from loket.accounts.models import EncryptedTOTPDevice as TOTPDevice
from loket.accounts.models import SecurityEvent
from loket.complaints import services as complaint_services
from loket.offices import services as office_services
from loket.offices.models import Office
from loket.offices.tests.factories import UserFactory
from loket.tests.auth import confirm_password
from loket.visits import selectors as visit_selectors
from loket.visits import services as visit_services

PASSWORD = "sandi-uji-123"  # the factories' password
CONFIRM = "/staf/akun/konfirmasi/"


def _next_of(response) -> str:
    location = urlsplit(response["Location"])
    assert location.path == CONFIRM
    return parse_qs(location.query)["next"][0]


@pytest.fixture
def things(alice, bob, office_a):
    """One of each thing an office admin can revoke or remove in office A."""
    key = account_services.create_api_key(
        office=office_a,
        name="Kios",
        operations=["complaints:create"],
        actor=alice,
        client=ClientInfo(),
    ).key
    kiosk, _token = visit_services.add_kiosk(office_a, name="Tablet lobi", actor=alice)
    channel = office_services.add_channel(office_a, kind="email", value="pengaduan@a.go.id")
    return {"key": key.pk, "kiosk": kiosk.pk, "channel": channel.pk, "bob": bob.pk}


# (URL, data, where a refused POST comes back to); {bob}, {key}... from `things`.
ADMIN_POSTS = [
    ("/staf/kantor-a/akun-staf/{bob}/nonaktifkan/", {}, "/staf/kantor-a/akun-staf/"),
    (
        "/staf/kantor-a/akun-staf/{bob}/atur-ulang-dua-langkah/",
        {"reason": "ponsel hilang"},
        "/staf/kantor-a/akun-staf/{bob}/atur-ulang-dua-langkah/",
    ),
    (
        "/staf/kantor-a/akun-staf/undang/",
        {
            "username": "dewi",
            "email": "dewi@a.go.id",
            "full_name": "Dewi",
            "role": "complaint_handler",
        },
        "/staf/kantor-a/akun-staf/undang/",
    ),
    (
        "/staf/kantor-a/akun-staf/{bob}/peran/",
        {"give": "1", "role": "office_admin"},
        "/staf/kantor-a/akun-staf/{bob}/peran/",
    ),
    (
        "/staf/kantor-a/akun-staf/{bob}/peran/",
        {"remove": "receptionist"},
        "/staf/kantor-a/akun-staf/{bob}/peran/",
    ),
    (
        "/staf/kantor-a/kunci-sistem/",
        {"name": "Jembatan", "operations": ["complaints:create"], "rate_per_minute": "30"},
        "/staf/kantor-a/kunci-sistem/",
    ),
    ("/staf/kantor-a/kunci-sistem/{key}/cabut/", {}, "/staf/kantor-a/kunci-sistem/"),
    ("/staf/akun/sesi/akhiri-lainnya/", {}, "/staf/akun/"),
    ("/staf/kantor-a/profil/", {"name": "Kantor Baru", "timezone": "Asia/Jakarta"}, None),
    ("/staf/kantor-a/profil/kanal/", {"kind": "box"}, "/staf/kantor-a/profil/"),
    ("/staf/kantor-a/profil/kanal/{channel}/hapus/", {}, None),
    ("/staf/kantor-a/tamu/kios/", {"name": "Tablet dua"}, None),
    ("/staf/kantor-a/tamu/kios/{kiosk}/cabut/", {}, None),
    ("/staf/kantor-a/pengaduan/pengaturan/", {"answers_need_approval": "on"}, None),
]


def _state(office_a):
    """What any of the changes above would change."""
    office = Office.objects.get(pk=office_a.pk)
    return (
        SecurityEvent.objects.exclude(action=SecurityEvent.Action.ACCESS_REFUSED).count(),
        office.name,
        [channel.pk for channel in office_services.channels_of(office)],
        [(kiosk.pk, kiosk.revoked_at) for kiosk in visit_selectors.kiosks_of(office)],
        complaint_services.complaint_settings(office).answers_need_approval,
    )


@pytest.mark.parametrize(("url", "data", "back"), ADMIN_POSTS)
def test_an_admin_change_without_a_recent_password_is_refused_and_changes_nothing(
    client, alice, office_a, things, url, data, back
):
    url = url.format(**things)
    client.force_login(alice)  # signed in, but the password was not typed just now
    before = _state(office_a)
    response = client.post(url, data)
    assert response.status_code == 303
    assert _next_of(response) == (back or url).format(**things)
    assert _state(office_a) == before
    # Confirmed, the same POST goes through.
    confirm_password(client)
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    assert not response.get("Location", "").startswith(CONFIRM)


def test_the_system_admin_creates_an_office_only_after_confirming(client, db):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    data = {"name": "Dinas Baru", "slug": "dinas-baru", "timezone": "Asia/Pontianak"}
    response = client.post("/staf/sistem/instansi/baru/", data)
    assert _next_of(response) == "/staf/sistem/instansi/baru/"
    assert not Office.objects.filter(slug="dinas-baru").exists()


def test_a_form_page_goes_to_the_confirmation_and_back_with_its_query(client, alice):
    client.force_login(alice)
    page = "/staf/kantor-a/akun-staf/undang/?peran=handler&catatan=a%20b"
    response = client.get(page)
    assert response.status_code == 302
    assert _next_of(response) == page
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert "token" not in confirmation.context["form"].fields  # no second factor: no code
    answer = client.post(response["Location"], {"password": PASSWORD, "next": page})
    assert answer["Location"] == page
    assert client.get(page).status_code == 200
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.REAUTHENTICATED)
    assert event.user == alice


def test_a_wrong_password_is_recorded_and_opens_nothing(client, alice):
    client.force_login(alice)
    page = "/staf/kantor-a/akun-staf/undang/"
    response = client.post(CONFIRM, {"password": "salah-sekali-123", "next": page})
    assert response.status_code == 200
    assert SecurityEvent.objects.filter(
        action=SecurityEvent.Action.SIGN_IN_FAILED, user=alice, data={"step": "reauth"}
    ).exists()
    assert client.get(page)["Location"].startswith(CONFIRM)


def test_with_a_second_factor_the_code_is_asked_too(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="Loket", confirmed=True)
    client.force_login(alice)
    page = "/staf/kantor-a/akun-staf/undang/"
    confirm = f"{CONFIRM}?next={page}"
    assert "token" in client.get(confirm).context["form"].fields
    response = client.post(confirm, {"password": PASSWORD, "next": page})  # no code
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert client.get(page)["Location"].startswith(CONFIRM)
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    response = client.post(confirm, {"password": PASSWORD, "token": code, "next": page})
    assert response["Location"] == page


def test_another_office_still_gets_404_and_a_colleague_403_not_the_confirmation(
    client, bob, carol, things
):
    client.force_login(carol)
    assert client.post(f"/staf/kantor-a/akun-staf/{things['bob']}/nonaktifkan/").status_code == 404
    assert client.get("/staf/kantor-a/akun-staf/undang/").status_code == 404
    client.force_login(bob)
    assert client.get("/staf/kantor-a/akun-staf/undang/").status_code == 403


def test_the_confirmation_lasts_the_configured_minutes(client, alice, settings):
    settings.LOKET_REAUTH_MINUTES = 10
    page = "/staf/kantor-a/akun-staf/undang/"
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(alice)
        confirm_password(client)
        clock.shift(timedelta(minutes=9, seconds=59))
        assert client.get(page).status_code == 200
        clock.shift(timedelta(seconds=2))
        assert client.get(page)["Location"].startswith(CONFIRM)
