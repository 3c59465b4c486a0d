"""Project-wide checks: translations complete, production settings pass --deploy."""

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]


def test_every_english_catalogue_entry_is_translated():
    catalogues = sorted(ROOT.glob("loket/**/locale/en/LC_MESSAGES/django.po"))
    assert len(catalogues) >= 4
    missing = []
    for path in catalogues:
        with path.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            strings = message.string if message.pluralizable else [message.string]
            if message.id and (not all(strings) or message.fuzzy):
                missing.append(f"{path.relative_to(ROOT)}: {message.id!r}")
    assert not missing, "\n".join(missing)


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "LOKET_PRODUCTION": "true",
        "LOKET_SECRET_KEY": "x7!" + "k2Lq9vR4sT8wZ1bN6mC3pF5hJ0dG" * 2,
        "LOKET_ENCRYPTION_KEYS": "Zm9yLXRoZS1kZXBsb3ktY2hlY2stb25seS0zMmJ5dGU=",
        "LOKET_ALLOWED_HOSTS": "loket.contoh.go.id",
        "LOKET_HTTPS": "true",
        "LOKET_DEBUG": "false",
        "LOKET_CACHE_URL": "redis://:sandi-redis@127.0.0.1:6379/1",
        "LOKET_TEXT_SENDER": "loket.accounts.tests.test_production.GatewaySender",
        "LOKET_CLAMD": "unix:///run/clamav/clamd.ctl",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "LOKET_PRODUCTION": "true", "LOKET_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "LOKET_SECRET_KEY" in result.stderr


def test_an_expired_session_in_a_refreshing_fragment_sends_htmx_to_the_sign_in_page(
    client, office_a
):
    url = f"/staf/{office_a.slug}/tamu/daftar/"
    plain = client.get(url)
    assert plain.status_code == 302
    assert plain["Location"].startswith("/staf/masuk/")

    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 204
    assert fragment["HX-Redirect"] == plain["Location"]
    assert fragment.content == b""


def test_an_unknown_page_answers_404_in_the_site_layout_and_in_indonesian(client, db):
    response = client.get("/instansi/tidak-ada/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="id">' in html
    assert "Halaman tidak ditemukan" in html
    assert 'class="skip-link"' in html


def test_the_404_page_follows_the_language_switch(client, db):
    client.cookies["django_language"] = "en"
    html = client.get("/instansi/tidak-ada/").content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html


def test_a_form_posted_without_its_csrf_token_explains_itself_in_indonesian(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/staf/masuk/", {"username": "x"})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.content.decode()


def test_a_wrong_password_is_explained_once_without_repeating_the_field_name(client, alice):
    html = client.post("/staf/masuk/", {"username": "alice", "password": "salah"}).content.decode()
    assert "Nama pengguna atau kata sandi salah." in html
    assert "nama pengguna nama pengguna" not in html.lower()
    assert "autofocus" in html  # the error summary takes the focus, without JavaScript


def test_the_password_reset_form_labels_its_field_in_indonesian(client, db):
    html = client.get("/staf/lupa-sandi/").content.decode()
    assert "Alamat e-mail" in html


def test_the_error_summary_links_a_group_of_radios_to_its_first_option(rf):
    from django import forms
    from django.template.loader import render_to_string

    class Choice(forms.Form):
        channel = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        name = forms.CharField()

    form = Choice(data={})
    assert not form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert 'href="#id_channel_0"' in html
    assert 'href="#id_name"' in html
    assert "autofocus" in html


def test_the_500_page_stands_alone_in_indonesian_and_english():
    """Django renders 500.html without context processors; it must not need them."""
    from django.template.loader import render_to_string
    from django.utils import translation

    html = render_to_string("500.html")
    assert '<html lang="id">' in html
    assert "terjadi kesalahan pada layanan kami" in html
    with translation.override("en"):
        assert "there is a problem with our service" in render_to_string("500.html")


def test_the_429_page_says_when_to_try_again(rf, db):
    from loket.ratelimit import too_many_requests

    response = too_many_requests(rf.get("/"))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Tunggu beberapa menit" in response.content.decode()
