"""Development's mail catcher: `make run` stores every mail sent and /dev/surat/ shows it;
the page exists only in development with the catcher's mailbox set, never in production."""

import importlib
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import clear_url_caches

import loket.urls
from loket.site import devmail

ROOT = Path(__file__).resolve().parents[3]


def _reload_urls():
    importlib.reload(loket.urls)
    clear_url_caches()


@pytest.fixture
def dev_mailbox(settings, tmp_path):
    settings.LOKET_DEV_MAILBOX = str(tmp_path / "dev-mail")
    _reload_urls()
    yield Path(settings.LOKET_DEV_MAILBOX)
    settings.LOKET_DEV_MAILBOX = ""
    _reload_urls()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_sent_over_smtp_is_listed_and_shown(settings, dev_mailbox, client):
    port = _free_port()
    controller = devmail.catcher(dev_mailbox, host="127.0.0.1", port=port)
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        mail = EmailMultiAlternatives(
            "Pengaduan Anda diterima",
            "Lacak di http://127.0.0.1:8123/pengaduan/lacak/",
            "Loket <noreply@loket.localhost>",
            ["warga@contoh.id"],
        )
        mail.attach_alternative("<p>Lacak</p>", "text/html")
        mail.attach("bukti.pdf", b"%PDF-1.4", "application/pdf")
        mail.send()
    finally:
        controller.stop()

    (stored,) = devmail.messages(dev_mailbox)
    assert stored.subject == "Pengaduan Anda diterima"
    assert stored.recipients == ["warga@contoh.id"]
    assert stored.attachments == ["bukti.pdf"]

    listing = client.get("/dev/surat/")
    assert listing.status_code == 200
    assert f'href="/dev/surat/{stored.name}/"' in listing.content.decode()
    assert "warga@contoh.id" in listing.content.decode()

    page = client.get(f"/dev/surat/{stored.name}/").content.decode()
    assert 'href="http://127.0.0.1:8123/pengaduan/lacak/"' in page
    assert "&lt;p&gt;Lacak&lt;/p&gt;" in page  # the HTML part as source, never rendered
    assert "bukti.pdf" in page


def test_messages_are_listed_newest_first_and_unknown_names_are_404(dev_mailbox, client):
    from datetime import UTC, datetime

    raw = b"From: a@b.id\r\nTo: c@d.id\r\nSubject: %s\r\n\r\nisi\r\n"
    devmail.store(dev_mailbox, raw % b"pertama", now=datetime(2026, 12, 1, 1, tzinfo=UTC))
    devmail.store(dev_mailbox, raw % b"kedua", now=datetime(2026, 12, 1, 2, tzinfo=UTC))
    assert [m.subject for m in devmail.messages(dev_mailbox)] == ["kedua", "pertama"]
    (dev_mailbox / "catatan.txt").write_text("not a message")
    assert client.get("/dev/surat/catatan.txt/").status_code == 404
    assert client.get("/dev/surat/..%2F..%2Fsettings.py/").status_code == 404


def test_without_the_dev_mailbox_the_page_is_not_routed(client, settings):
    assert settings.LOKET_DEV_MAILBOX == ""
    assert client.get("/dev/surat/").status_code == 404


def test_the_page_refuses_in_production_even_if_routed(dev_mailbox, client, settings):
    settings.LOKET_PRODUCTION = True
    assert client.get("/dev/surat/").status_code == 404


def test_the_catcher_command_refuses_without_a_mailbox(settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="LOKET_DEV_MAILBOX"):
        call_command("mail_catcher")


@pytest.mark.slow
def test_production_settings_ignore_the_dev_mailbox():
    env = dict(os.environ)
    for line in (ROOT / "deploy" / "loket.env.example").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            env[name.strip()] = value.strip()
    env.update(
        LOKET_SECRET_KEY=secrets.token_urlsafe(50),
        LOKET_TEXT_SENDER="gateway.senders.TextSender",
        LOKET_DEV_MAILBOX="/tmp/loket-dev-mail",  # noqa: S108
    )
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='loket.settings'; django.setup();"
        "from django.conf import settings; from django.urls import resolve, Resolver404\n"
        "print(repr(settings.LOKET_DEV_MAILBOX))\n"
        "try:\n    resolve('/dev/surat/'); print('routed')\n"
        "except Resolver404:\n    print('not routed')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["''", "not", "routed"], result.stderr


@pytest.mark.slow
def test_make_run_links_mail_to_the_host_and_port_it_serves():
    """`make run PORT=8123` exports LOKET_SITE_URL=http://127.0.0.1:8123 (links in mail) and
    LOKET_DEV_MAILBOX, and starts the mail catcher beside the server."""
    env = {k: v for k, v in os.environ.items() if k not in ("LOKET_SITE_URL", "LOKET_DEV_MAILBOX")}
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert 'echo "Loket is serving on http://127.0.0.1:8123/ ' in result.stdout
    assert 'echo "Every mail sent is at http://127.0.0.1:8123/dev/surat/"' in result.stdout
    assert "manage.py mail_catcher" in result.stdout
    assert "--bind 127.0.0.1:8123" in result.stdout
