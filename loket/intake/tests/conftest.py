"""Fixtures of the intake tests: office A with a WhatsApp number and the Pejabat Pengelola
Pengaduan, a signed webhook client, recorded-shape Cloud API deliveries and a loopback
stand-in for the Cloud API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation

from loket.intake import services
from loket.intake.whatsapp import webhook
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory

from .cloud_stub import CloudStub

FIXTURES = Path(__file__).parent / "fixtures"
APP_SECRET = "test-app-secret-0123456789"
VERIFY_TOKEN = "verify-me-please"
ACCESS_TOKEN = "EAAG-test-access-token-abcdef123456"
PHONE_NUMBER_ID = "106540352242922"


@pytest.fixture(autouse=True)
def _intake_settings(settings):
    settings.LOKET_WHATSAPP_APP_SECRET = APP_SECRET
    settings.LOKET_WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.LOKET_INTAKE_QUEUE_TASKS = False
    settings.LOKET_INTAKE_MIN_WORDS = 5
    settings.LOKET_INTAKE_AUTO_COMPLAINT = True
    settings.LOKET_WHATSAPP_TIMEOUT = 5.0
    # No test ever leaves loopback: without the stub, the Cloud API is a closed port.
    settings.LOKET_WHATSAPP_API_URL = "http://127.0.0.1:9/v21.0"
    with translation.override("id"):
        yield


@pytest.fixture
def stub(settings):
    with CloudStub(ACCESS_TOKEN) as running:
        settings.LOKET_WHATSAPP_API_URL = running.api_url
        yield running


@pytest.fixture
def wa_account(office_a):
    return services.connect_whatsapp(
        office=office_a,
        label="WhatsApp Pengaduan",
        phone_number_id=PHONE_NUMBER_ID,
        address="+6285600001111",
        access_token=ACCESS_TOKEN,
        templates={"default": "pemberitahuan_pengaduan"},
    )


@pytest.fixture
def officer(office_a):
    user = UserFactory(username="pejabat", first_name="Sari")
    MembershipFactory(user=user, office=office_a, role=Role.COMPLAINT_OFFICER)
    return user


@pytest.fixture
def outsider(office_b):
    user = UserFactory(username="pejabat-b")
    MembershipFactory(user=user, office=office_b, role=Role.COMPLAINT_OFFICER)
    return user


OGG = b"OggS\x00\x02" + b"\x00" * 20 + b"\x01\x13OpusHead" + b"\x00" * 40


@pytest.fixture
def batch(stub):
    """The batched delivery, its voice note served by the stub."""
    sha = stub.state.add_media("3319283746501928", OGG, "audio/ogg")
    return delivery("batched", SHA256=sha)


def delivery(name: str, **replace: str) -> bytes:
    """A recorded-shape delivery, with @SHA256@ (or other markers) filled in."""
    text = (FIXTURES / "whatsapp" / f"{name}.json").read_text()
    for marker, value in replace.items():
        text = text.replace(f"@{marker}@", value)
    return json.dumps(json.loads(text)).encode()


@pytest.fixture
def post_webhook(client):
    def post(raw: bytes, secret: str = APP_SECRET, signature: str | None = None):
        return client.post(
            "/masuk/whatsapp/",
            data=raw,
            content_type="application/json",
            headers={"X-Hub-Signature-256": signature or webhook.sign(raw, secret)},
        )

    return post


# --- A real Dovecot ----------------------------------------------------------------------


@pytest.fixture
def dovecot():
    import os

    from . import dovecot as server

    if not server.available():
        if os.environ.get("CI"):
            pytest.fail("dovecot not installed; CI never skips the IMAP tests (.ci/run)")
        pytest.skip("NOTICE: IMAP tests skipped, no dovecot (apt-get install dovecot-imapd)")
    running = server.Dovecot.start()
    yield running
    running.stop()


@pytest.fixture
def mailbox(office_a, dovecot):
    return services.connect_mailbox(
        office=office_a,
        label="E-mail pengaduan",
        address=dovecot.user,
        host=dovecot.host,
        port=dovecot.port,
        username=dovecot.user,
        password=dovecot.password,
        use_ssl=False,
        done_folder="Tersimpan",
    )
