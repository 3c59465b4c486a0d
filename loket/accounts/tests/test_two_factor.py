"""Finding 2: TOTP with recovery codes, required in production for every role that can see
personal data and for system administrators; the `make run` demo keeps password-only logins
and says so. Before: no second factor anywhere."""

import time

import pytest
import time_machine
from django.utils import timezone

from loket.accounts.models import EncryptedTOTPDevice as TOTPDevice
from loket.accounts.models import SecurityEvent
from loket.offices.tests.factories import UserFactory

from .conftest import code_for

NOW = timezone.now()


@pytest.fixture
def production(settings):
    settings.LOKET_PRODUCTION = True
    return settings


def _set_up_two_factor(client, *, next_url=""):
    """Walk the setup page as a person with a phone would; returns (device, recovery codes)."""
    page = client.get("/staf/akun/dua-langkah/" + (f"?next={next_url}" if next_url else ""))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert 'role="img"' in html
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(
        "/staf/akun/dua-langkah/", {"token": code_for(device), "next": next_url or "/staf/"}
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def test_in_production_a_role_with_personal_data_must_set_up_two_factor_first(
    client, sign_in, production, bob, office_a
):
    response = sign_in("bob")
    assert response.status_code == 302
    office_page = client.get(f"/staf/{office_a.slug}/")
    assert office_page.status_code == 302
    assert office_page["Location"].startswith("/staf/akun/dua-langkah/?next=")

    _set_up_two_factor(client, next_url=f"/staf/{office_a.slug}/")
    assert client.get(f"/staf/{office_a.slug}/").status_code == 200


def test_in_production_the_staff_api_refuses_a_session_without_a_second_factor(
    client, sign_in, production, bob
):
    sign_in("bob")
    response = client.get("/api/v1/staff/complaints/")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_in_production_a_system_administrator_needs_a_second_factor_for_the_admin(
    client, sign_in, production, db
):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    sign_in("root")
    response = client.get("/admin-sistem/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staf/akun/dua-langkah/")


def test_the_demo_keeps_password_only_sign_in_and_says_so(client, sign_in, bob, office_a):
    page = client.get("/staf/masuk/").content.decode()
    assert "hanya dengan kata sandi" in page
    sign_in("bob")
    assert client.get(f"/staf/{office_a.slug}/").status_code == 200


def test_the_production_sign_in_page_does_not_claim_password_only(client, production, db):
    assert "hanya dengan kata sandi" not in client.get("/staf/masuk/").content.decode()


def test_with_two_factor_the_sign_in_asks_for_the_code_before_opening_the_session(
    client, sign_in, bob, office_a
):
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        device, _codes = _set_up_two_factor(client)
        client.post("/staf/keluar/")

        clock.shift(60)
        first = sign_in("bob")
        assert first["Location"] == "/staf/masuk/kode/"
        assert "_auth_user_id" not in client.session
        assert client.get(f"/staf/{office_a.slug}/").status_code == 302

        wrong = client.post("/staf/masuk/kode/", {"token": "000000"})
        assert wrong.status_code == 200
        assert "Kode itu tidak cocok" in wrong.content.decode()
        assert "_auth_user_id" not in client.session

        clock.shift(60)
        right = client.post("/staf/masuk/kode/", {"token": code_for(device, at=time.time())})
        assert right.status_code == 302
        assert client.get(f"/staf/{office_a.slug}/").status_code == 200
    signed_in = SecurityEvent.objects.filter(action=SecurityEvent.Action.SIGNED_IN).first()
    assert signed_in.data == {"second_factor": True}


def test_a_recovery_code_works_once(client, sign_in, bob):
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        _device, codes = _set_up_two_factor(client)
        client.post("/staf/keluar/")
        for expected in ("/staf/", "/staf/masuk/kode/"):
            clock.shift(120)
            sign_in("bob")
            response = client.post("/staf/masuk/kode/", {"token": codes[0].upper()})
            if expected == "/staf/":
                assert response["Location"] == "/staf/"
                client.post("/staf/keluar/")
            else:
                assert response.status_code == 200  # used up
                assert "_auth_user_id" not in client.session
    used = SecurityEvent.objects.get(action=SecurityEvent.Action.RECOVERY_CODE_USED)
    assert used.data == {"remaining": 9}


def test_wrong_codes_count_toward_the_lockout(client, sign_in, bob):
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        _set_up_two_factor(client)
        client.post("/staf/keluar/")
        clock.shift(60)
        sign_in("bob")
        statuses = [
            client.post("/staf/masuk/kode/", {"token": "123456"}).status_code for _ in range(5)
        ]
    assert statuses[:4] == [200, 200, 200, 200]
    assert statuses[4] == 429


def test_a_required_second_factor_cannot_be_switched_off(client, sign_in, production, bob):
    sign_in("bob")
    _set_up_two_factor(client)
    response = client.post("/staf/akun/dua-langkah/nonaktifkan/")
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=bob, confirmed=True).exists()


def test_setting_up_two_factor_records_the_event_and_tells_the_owner(client, sign_in, bob):
    from loket.notify.models import OutboxMessage

    sign_in("bob")
    _set_up_two_factor(client)
    assert SecurityEvent.objects.filter(
        user=bob, action=SecurityEvent.Action.TWO_FACTOR_ENABLED
    ).exists()
    mail = OutboxMessage.objects.get(topic="accounts:2fa_enabled")
    assert mail.recipient == bob.email
