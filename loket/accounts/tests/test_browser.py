"""A real Chromium: a staff member sets up the second factor (QR code, first code, recovery
codes), every page axe-clean (WCAG 2.2 A/AA) and without a Content-Security-Policy violation."""

import pytest

from loket.accounts.models import EncryptedTOTPDevice as TOTPDevice

from .conftest import PASSWORD, code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_setting_up_two_factor_passes_axe_without_csp_violations(page, axe_check, bob):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill("bob")
    page.get_by_label("Sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))  # one office: dasbor

    page.goto("/staf/akun/")
    axe_check(page)
    page.get_by_role("link", name="Aktifkan verifikasi dua langkah").click()
    page.wait_for_url("**/staf/akun/dua-langkah/")
    assert page.get_by_role("img", name="Kode QR untuk aplikasi autentikator").is_visible()
    axe_check(page)

    page.get_by_label("Kode dari aplikasi").fill("000000")
    page.get_by_role("button", name="Aktifkan").click()
    assert page.get_by_role("alert").is_visible()
    axe_check(page)

    device = TOTPDevice.objects.get(user=bob, confirmed=False)
    page.get_by_label("Kode dari aplikasi").fill(code_for(device))
    page.get_by_role("button", name="Aktifkan").click()
    assert page.get_by_role("heading", name="Simpan kode pemulihan Anda").is_visible()
    assert page.locator(".recovery-codes li").count() == 10
    axe_check(page)
    assert not violations, violations


def test_the_api_documentation_runs_from_the_site_under_the_policy(page, live_server):
    violations, outside = [], []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    page.goto("/api/v1/docs")
    # Swagger UI renders the whole OpenAPI document in the browser: slow on a busy CI machine.
    page.locator(".swagger-ui .info .title").wait_for(timeout=60_000)
    assert "Loket API" in page.locator(".swagger-ui .info .title").inner_text()
    assert not violations, violations
    assert not outside, outside
