"""The set-password pages carry a show-password control and live strength feedback
(issue 12; OWASP ASVS 4.0.3 V2.1.8, V2.1.12), as progressive enhancement: the page names the
script and the translated texts; without the script the hint states the rule and the server
refuses a password that breaks it (test_passwords.py)."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from loket.tests.auth import force_login_confirmed

from .conftest import PASSWORD


def _assert_tools(page: str, username: str) -> None:
    assert 'id="password-tools"' in page
    assert "/static/loket/password.js" in page
    assert 'data-password-new=""' in page
    assert 'data-password-confirm=""' in page
    assert f'data-names="{username}"' in page
    assert 'data-show="Tampilkan kata sandi"' in page
    assert "Paling sedikit 12 karakter" in page  # the rule, without the script


def _link(user, prefix: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{prefix}{uid}/{default_token_generator.make_token(user)}/"


def test_the_new_password_page_has_the_tools(client, bob):
    force_login_confirmed(client, bob)
    _assert_tools(client.get("/staf/akun/sandi/").content.decode(), "bob")


def test_the_reset_and_invitation_pages_have_the_tools(client, bob):
    for prefix in ("/staf/sandi-baru/", "/staf/undangan/"):
        page = client.get(_link(bob, prefix), follow=True)
        assert page.status_code == 200
        _assert_tools(page.content.decode(), "bob")


def test_the_sign_in_and_reauth_pages_do_not_offer_feedback(client, bob):
    """Feedback only where a password is chosen: never where one is typed to be checked."""
    assert "password-tools" not in client.get("/staf/masuk/").content.decode()
    client.force_login(bob)
    assert "password-tools" not in client.get("/staf/akun/konfirmasi/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_control_shows_the_password_and_the_feedback_explains(page, bob):
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill("bob")
    page.get_by_label("Sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))
    page.goto("/staf/akun/sandi/")
    new = page.get_by_label("Kata sandi baru", exact=True)
    new.fill("bob12345")
    feedback = page.locator("#id_new_password1_feedback")
    assert "Baru 8 karakter; paling sedikit 12." in feedback.inner_text()
    assert "urutan" in feedback.inner_text()
    assert "nama pengguna" in feedback.inner_text()
    assert new.get_attribute("type") == "password"
    page.get_by_label("Tampilkan kata sandi").check()
    assert new.get_attribute("type") == "text"
    new.fill("kopi pagi di tepi kapuas")
    assert "Kuat" in feedback.inner_text()
    page.get_by_label("Ulangi kata sandi baru").fill("kopi pagi")
    assert "Belum sama" in page.locator(".password-feedback").nth(1).inner_text()
