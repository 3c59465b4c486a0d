"""Finding 14 (the accounts part): the office admin sees colleagues' last sign-in and second
factor, deactivates an account (its sessions end) and resets someone's second factor with a
reason; each a security event. Another office's account answers 404."""

from django.test import Client

from loket.accounts.models import EncryptedTOTPDevice as TOTPDevice
from loket.accounts.models import RecoveryCodeDevice as StaticDevice
from loket.accounts.models import SecurityEvent, StaffSession
from loket.tests.auth import force_login_confirmed

Action = SecurityEvent.Action


def test_the_office_admin_sees_the_staff_with_their_second_factor(client, alice, bob, carol):
    TOTPDevice.objects.create(user=bob, name="Loket", confirmed=True)
    force_login_confirmed(client, alice)
    response = client.get("/staf/kantor-a/akun-staf/")
    assert response.status_code == 200
    members = {m.username: m.has_two_factor for m in response.context["members"]}
    assert members == {"alice": False, "bob": True}


def test_a_colleague_and_another_office_cannot_open_the_staff_page(client, bob, carol):
    force_login_confirmed(client, bob)  # a colleague without the role: 403
    assert client.get("/staf/kantor-a/akun-staf/").status_code == 403
    force_login_confirmed(client, carol)
    assert client.get("/staf/kantor-a/akun-staf/").status_code == 404
    assert client.post(f"/staf/kantor-b/akun-staf/{bob.pk}/nonaktifkan/").status_code == 404


def test_deactivating_an_account_ends_its_sessions_at_once(client, sign_in, alice, bob):
    bob_browser = Client()
    sign_in("bob", client=bob_browser)
    assert bob_browser.get("/staf/akun/").status_code == 200
    force_login_confirmed(client, alice)
    response = client.post(f"/staf/kantor-a/akun-staf/{bob.pk}/nonaktifkan/")
    assert response["Location"] == "/staf/kantor-a/akun-staf/"

    bob.refresh_from_db()
    assert not bob.is_active
    assert bob_browser.get("/staf/akun/").status_code == 302
    assert not StaffSession.objects.filter(user=bob).exists()
    event = SecurityEvent.objects.get(action=Action.ACCOUNT_DEACTIVATED)
    assert (event.user, event.actor, event.data) == (bob, alice, {"sessions_ended": 1})
    assert sign_in("bob").status_code == 200  # refused


def test_the_office_admin_cannot_deactivate_their_own_account(client, alice):
    force_login_confirmed(client, alice)
    client.post(f"/staf/kantor-a/akun-staf/{alice.pk}/nonaktifkan/")
    alice.refresh_from_db()
    assert alice.is_active


def test_resetting_a_second_factor_needs_a_reason_and_is_recorded(client, alice, bob):
    TOTPDevice.objects.create(user=bob, name="Loket", confirmed=True)
    StaticDevice.objects.create(user=bob, name="Loket", confirmed=True)
    force_login_confirmed(client, alice)
    url = f"/staf/kantor-a/akun-staf/{bob.pk}/atur-ulang-dua-langkah/"
    assert client.post(url, {"reason": ""}).status_code == 200
    assert TOTPDevice.objects.filter(user=bob).exists()

    response = client.post(url, {"reason": "Ponsel hilang"})
    assert response["Location"] == "/staf/kantor-a/akun-staf/"
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert not StaticDevice.objects.filter(user=bob).exists()
    event = SecurityEvent.objects.get(action=Action.TWO_FACTOR_RESET)
    assert (event.user, event.actor, event.note) == (bob, alice, "Ponsel hilang")


def test_the_office_admin_invites_a_colleague_with_a_single_use_link(client, alice, office_a):
    import re

    from loket.notify.models import OutboxMessage
    from loket.offices.permissions import roles_in

    force_login_confirmed(client, alice)
    # The division is needed for a consultant: neither "(opsional)" nor Django's "---------".
    form = client.get("/staf/kantor-a/akun-staf/undang/").content.decode()
    assert "Bagian (opsional)" not in form
    assert "Tanpa bagian" in form
    assert "---------" not in form
    response = client.post(
        "/staf/kantor-a/akun-staf/undang/",
        {
            "username": "sinta",
            "full_name": "Sinta Rahayu",
            "email": "sinta@contoh.go.id",
            "role": "receptionist",
        },
    )
    assert response["Location"] == "/staf/kantor-a/akun-staf/"
    mail = OutboxMessage.objects.get(topic="accounts:invitation")
    assert mail.recipient == "sinta@contoh.go.id"
    # The mail names who invited (found by a tester: the system administrator's invitation
    # said "Admin instansi ... membuatkan").
    inviter = alice.get_full_name() or alice.get_username()
    assert f"{inviter} membuatkan akun staf Loket untuk Anda di {office_a.name}" in mail.body
    link = re.search(r"http://\S+/staf/undangan/\S+/", mail.body).group(0)
    path = link.split("8000", 1)[1]

    newcomer = Client()
    form_page = newcomer.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    password = "kalimat panjang untuk sinta"
    done = newcomer.post(set_url, {"new_password1": password, "new_password2": password})
    assert done["Location"] == "/staf/masuk/"
    again = newcomer.get(path, follow=True)
    assert again.context["validlink"] is False  # used up

    sinta = SecurityEvent.objects.get(action=Action.ACCOUNT_INVITED).user
    assert sinta.check_password(password)
    assert roles_in(sinta, office_a) == {"receptionist"}
    granted = SecurityEvent.objects.get(action=Action.ROLE_GRANTED)
    assert (granted.actor, granted.data["role"]) == (alice, "receptionist")


def test_a_taken_username_is_refused_at_the_invitation(client, alice, bob):
    force_login_confirmed(client, alice)
    response = client.post(
        "/staf/kantor-a/akun-staf/undang/",
        {"username": "bob", "full_name": "Bob Lain", "email": "x@contoh.go.id", "role": "head"},
    )
    assert response.status_code == 200
    assert "sudah dipakai" in response.content.decode()


def test_the_office_admin_gives_and_takes_roles_each_recorded(client, alice, bob, office_a):
    from loket.offices.permissions import roles_in

    force_login_confirmed(client, alice)
    url = f"/staf/kantor-a/akun-staf/{bob.pk}/peran/"
    assert client.post(url, {"give": "1", "role": "head"})["Location"] == url
    assert roles_in(bob, office_a) == {"receptionist", "head"}
    assert client.post(url, {"remove": "receptionist"})["Location"] == url
    assert roles_in(bob, office_a) == {"head"}
    actions = list(
        SecurityEvent.objects.filter(user=bob).order_by("at", "id").values_list("action", flat=True)
    )
    assert actions == [Action.ROLE_GRANTED, Action.ROLE_REMOVED]
    # A consultant needs a division.
    refused = client.post(url, {"give": "1", "role": "consultant"})
    assert refused.status_code == 200
    assert roles_in(bob, office_a) == {"head"}


def test_an_office_admin_cannot_give_themselves_a_role(client, alice, office_a):
    """Found by a tester: an office admin gave themselves Kepala, Pejabat and Tim, and with
    them every complainant's identity, with nobody else involved."""
    from loket.offices.permissions import roles_in

    force_login_confirmed(client, alice)
    url = f"/staf/kantor-a/akun-staf/{alice.pk}/peran/"
    for role in ("head", "complaint_officer", "complaint_handler"):
        refused = client.post(url, {"give": "1", "role": role})
        assert refused.status_code == 200
        assert "akun Anda sendiri" in refused.content.decode()
    assert roles_in(alice, office_a) == {"office_admin"}
    assert not SecurityEvent.objects.filter(action=Action.ROLE_GRANTED).exists()
