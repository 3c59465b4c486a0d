"""Shared fixtures: named users (alice of office A, bob her read-only colleague, carol of
office B), a real SMTP server on loopback, and a real Chromium for browser tests."""

import logging
import os
import shutil
import socket
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest

from loket.offices.roles import Role
from loket.offices.tests.factories import (
    DivisionFactory,
    MembershipFactory,
    OfficeFactory,
    UserFactory,
)

CHROMIUM = os.environ.get("LOKET_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session", autouse=True)
def _test_cache():
    """With LOKET_TEST_CACHE_URL set (CI: the local Redis), the tests use the kind of cache
    production uses (rate limits, lockouts and cached pages against a shared cache)."""
    url = os.environ.get("LOKET_TEST_CACHE_URL")
    if not url:
        yield
        return
    from django.test import override_settings

    from loket.site.caching import cache_config

    with override_settings(CACHES={"default": cache_config(url)}):
        yield


@pytest.fixture(autouse=True)
def _empty_cache(_test_cache):
    """Each test starts with an empty cache: nothing one test counted or cached (a rate
    limit, a rendered fragment of a row whose id the next test reuses) leaks into another."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def _indonesian_first():
    """Each test starts in the site's language (Indonesian): a request an earlier test made
    in English leaves English active in the thread (LocaleMiddleware activates, never resets),
    which would make a later test's messages depend on the order the tests run in."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def office_a(db):
    return OfficeFactory(slug="kantor-a", name="Kantor A")


@pytest.fixture
def office_b(db):
    return OfficeFactory(slug="kantor-b", name="Kantor B")


@pytest.fixture
def alice(office_a):
    """Office admin of office A."""
    user = UserFactory(username="alice")
    MembershipFactory(user=user, office=office_a, role=Role.OFFICE_ADMIN)
    return user


@pytest.fixture
def bob(office_a):
    """Receptionist of office A: a colleague of alice with fewer rights."""
    user = UserFactory(username="bob")
    MembershipFactory(user=user, office=office_a, role=Role.RECEPTIONIST)
    return user


@pytest.fixture
def carol(office_b):
    """Office admin of office B: an outsider to office A."""
    user = UserFactory(username="carol")
    MembershipFactory(user=user, office=office_b, role=Role.OFFICE_ADMIN)
    return user


@pytest.fixture
def consultant(office_a):
    division = DivisionFactory(office=office_a, slug="bagian-satu", name="Bagian Satu")
    user = UserFactory(username="dodi")
    MembershipFactory(user=user, office=office_a, role=Role.CONSULTANT, division=division)
    return user


# --- Real SMTP ---------------------------------------------------------------------------


@dataclass
class SMTPSink:
    host: str
    port: int
    messages: list[Message] = field(default_factory=list)

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, sink: SMTPSink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        self.sink.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """An aiosmtpd server on loopback; settings point Django's SMTP backend at it."""
    from aiosmtpd.controller import Controller

    # aiosmtpd logs a client's dropped connection from its own thread, after pytest may have
    # closed the stream it logs to ("Logging error ... I/O operation on closed file"): keep
    # its routine connection chatter out of the test output; failures show in the assertions.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    sink = SMTPSink(host="127.0.0.1", port=_free_port())
    controller = Controller(_Handler(sink), hostname=sink.host, port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = sink.host
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    sink.controller = controller
    yield sink
    controller.stop()


# --- Real browser ------------------------------------------------------------------------


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI never skips browser tests.")
        pytest.skip(f"NOTICE: browser tests skipped, no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail listing every WCAG 2.2 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        # After a click that submits a form the next page may still be loading: checked
        # before its stylesheet applies, its links are unstyled and axe fails them (a flaky
        # target-size failure once). Check the page as the visitor sees it, fully loaded.
        page.wait_for_load_state("load")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        assert not violations, "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in violations
        )

    return check


# --- Page weight ---------------------------------------------------------------------------


@pytest.fixture
def compressed_page_weight(client):
    """Bytes a phone downloads for `url`: the gzip-compressed HTML plus every stylesheet,
    script and image it references from our static files (no CDN is allowed, so that is all).
    """
    import gzip
    import re

    from django.contrib.staticfiles import finders

    def weigh(url: str) -> int:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        html = response.content.decode()
        total = len(gzip.compress(response.content))
        # Assets are what the browser fetches by itself: stylesheets, scripts, images.
        assets = re.findall(
            r'<link[^>]+href="([^"]+)"|<(?:script|img|source)[^>]+src="([^"]+)"', html
        )
        for href, src in assets:
            asset = href or src
            if asset.startswith("data:"):
                continue  # already counted inside the HTML
            assert asset.startswith("/"), f"asset not self-hosted: {asset}"
            if asset.startswith("/static/"):
                path = finders.find(asset.removeprefix("/static/"))
                assert path, f"missing static file {asset}"
                with open(path, "rb") as fh:
                    body = fh.read()
            else:
                body = client.get(asset).content
            total += len(gzip.compress(body))
        return total

    return weigh


@pytest.fixture
def _back_to_the_latest_schema():
    """For migration tests: whatever the test does, the database ends at the latest
    migrations again (`loket.tests.migrating`)."""
    from loket.tests.migrating import latest, migrate_to

    yield
    migrate_to(latest())
