"""Finding 2: an idle timeout (30 minutes, configurable) on top of the 8-hour absolute one, and
"sign out my other sessions". Before: a session lived 8 hours whatever happened."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from loket.accounts.models import SecurityEvent, StaffSession

NOW = timezone.now()


def test_a_session_idle_for_thirty_minutes_ends(client, sign_in, bob, office_a):
    url = f"/staf/{office_a.slug}/"
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        clock.shift(timedelta(minutes=29))
        assert client.get(url).status_code == 200
        clock.shift(timedelta(minutes=29))  # active 29 minutes ago: still fine
        assert client.get(url).status_code == 200
        clock.shift(timedelta(minutes=31))
        expired = client.get(url)
    assert expired.status_code == 302
    assert expired["Location"].startswith("/staf/masuk/")
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.SESSION_EXPIRED)
    assert event.data == {"reason": "idle"}


def test_the_idle_timeout_is_configurable(client, sign_in, bob, office_a, settings):
    settings.LOKET_IDLE_TIMEOUT_MINUTES = 10
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        clock.shift(timedelta(minutes=11))
        assert client.get(f"/staf/{office_a.slug}/").status_code == 302


def test_an_active_session_still_ends_eight_hours_after_sign_in(client, sign_in, bob, office_a):
    url = f"/staf/{office_a.slug}/"
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        for _ in range(16):
            clock.shift(timedelta(minutes=29))
            assert client.get(url).status_code == 200
        clock.shift(timedelta(minutes=20))  # 8 h 4 min after sign-in
        assert client.get(url).status_code == 302
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.SESSION_EXPIRED)
    assert event.data == {"reason": "absolute"}


def test_signing_out_my_other_sessions_ends_them_and_keeps_this_one(client, sign_in, bob):
    phone, laptop = Client(), Client()
    sign_in("bob", client=phone)
    sign_in("bob", client=laptop)
    sign_in("bob")
    assert StaffSession.objects.filter(user=bob).count() == 3

    page = client.get("/staf/akun/").content.decode()
    assert page.count("<tr><td>") == 3
    response = client.post("/staf/akun/sesi/akhiri-lainnya/")
    assert response["Location"] == "/staf/akun/"

    assert client.get("/staf/akun/").status_code == 200
    assert phone.get("/staf/akun/").status_code == 302
    assert laptop.get("/staf/akun/").status_code == 302
    assert StaffSession.objects.filter(user=bob).count() == 1
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.OTHER_SESSIONS_ENDED)
    assert event.data == {"ended": 2}


def test_signing_out_is_recorded_and_needs_a_post(client, sign_in, bob):
    sign_in("bob")
    page = client.get("/staf/keluar/")  # a page with the sign-out button; signs nobody out
    assert page.status_code == 200
    assert '<form action="/staf/keluar/" method="post">' in page.content.decode()
    assert not SecurityEvent.objects.filter(action=SecurityEvent.Action.SIGNED_OUT).exists()
    assert client.post("/staf/keluar/")["Location"] == "/"
    assert SecurityEvent.objects.filter(action=SecurityEvent.Action.SIGNED_OUT).count() == 1
    assert not StaffSession.objects.exists()


def test_an_automatic_refresh_does_not_keep_an_idle_session_alive(client, sign_in, bob, office_a):
    """The staff header asks for its unread count every minute (`X-Loket-Poll`): were that
    activity, no open staff page would ever reach the idle timeout."""
    badge = "/staf/pemberitahuan/jumlah/"
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_X_LOKET_POLL": "1"}
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        for _ in range(29):
            clock.shift(timedelta(minutes=1))
            assert client.get(badge, **poll).status_code == 200
        clock.shift(timedelta(minutes=2))  # 31 minutes without the user doing anything
        expired = client.get(badge, **poll)
    assert expired.status_code == 204
    assert expired["HX-Redirect"].startswith("/staf/masuk/")
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.SESSION_EXPIRED)
    assert event.data == {"reason": "idle"}


def test_the_users_own_requests_still_count_as_activity(client, sign_in, bob, office_a):
    badge = "/staf/pemberitahuan/jumlah/"
    with time_machine.travel(NOW, tick=False) as clock:
        sign_in("bob")
        clock.shift(timedelta(minutes=20))
        assert client.get(badge, HTTP_HX_REQUEST="true").status_code == 200  # no poll header
        clock.shift(timedelta(minutes=20))
        assert client.get(f"/staf/{office_a.slug}/").status_code == 200
