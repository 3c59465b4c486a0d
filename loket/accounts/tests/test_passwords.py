"""Finding 2: minimum 12 characters plus the common-password check; re-authentication before
changing one's password or second factor. Before: passwords of 8 characters were accepted."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from loket.accounts.models import SecurityEvent

from .conftest import PASSWORD


@pytest.mark.parametrize("password", ["Kx9#vLq2@pZ", "password12345", "qazwsxedcrfv"])
def test_a_short_or_common_password_is_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_twelve_uncommon_characters_are_enough(db):
    validate_password("Kx9#vLq2@pZ7")


def test_a_passphrase_of_128_characters_is_taken_and_one_of_129_refused(db):
    """OWASP ASVS 4.0.3 V2.1.2: at least 64 characters allowed, more than 128 refused."""
    phrase = "kopi susu di pasar pagi pontianak "
    validate_password((phrase * 2)[:64])
    validate_password((phrase * 4)[:128])
    with pytest.raises(ValidationError) as refused:
        validate_password((phrase * 4)[:128] + "x")
    assert refused.value.error_list[0].code == "password_too_long"
    assert "paling banyak 128 karakter" in refused.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as english:
        validate_password((phrase * 4)[:128] + "x")
    assert "at most 128 characters" in english.value.messages[0]


def test_changing_the_password_asks_for_the_current_one_first(client, bob):
    client.force_login(bob)
    response = client.get("/staf/akun/sandi/")
    assert response.status_code == 302
    assert response["Location"] == "/staf/akun/konfirmasi/?next=%2Fstaf%2Fakun%2Fsandi%2F"

    wrong = client.post(response["Location"], {"password": "bukan-ini-sandinya"})
    assert wrong.status_code == 200
    assert client.get("/staf/akun/sandi/").status_code == 302

    right = client.post(response["Location"], {"password": PASSWORD})
    assert right["Location"] == "/staf/akun/sandi/"
    assert client.get("/staf/akun/sandi/").status_code == 200


def test_the_second_factor_pages_ask_for_the_password_first(client, bob):
    client.force_login(bob)
    for url in ("/staf/akun/dua-langkah/", "/staf/akun/dua-langkah/nonaktifkan/"):
        assert client.get(url)["Location"].startswith("/staf/akun/konfirmasi/?next=")


def test_the_new_password_page_refuses_eleven_characters(client, sign_in, bob):
    sign_in("bob")
    response = client.post(
        "/staf/akun/sandi/", {"new_password1": "Kx9#vLq2@pZ", "new_password2": "Kx9#vLq2@pZ"}
    )
    assert response.status_code == 200
    assert "12" in response.content.decode()
    bob.refresh_from_db()
    assert bob.check_password(PASSWORD)


def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(client, sign_in, bob):
    from django.test import Client

    other = Client()
    sign_in("bob", client=other)
    sign_in("bob")
    new = "kalimat panjang yang mudah diingat"
    response = client.post("/staf/akun/sandi/", {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/staf/akun/"
    assert client.get("/staf/akun/").status_code == 200
    assert other.get("/staf/akun/").status_code == 302
    assert SecurityEvent.objects.filter(
        user=bob, action=SecurityEvent.Action.PASSWORD_CHANGED
    ).exists()
    bob.refresh_from_db()
    assert bob.check_password(new)
