"""A real Chromium: the settings and templates pages with their history of changes are
axe-clean (WCAG 2.2 A/AA) in both languages, and the history table fits a 1280 px screen."""

import pytest

from loket.complaints import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_history_pages_pass_axe(page, axe_check, live_server, office, officer, language):
    services.update_complaint_settings(office, actor=officer, answers_need_approval=True)
    template = services.save_reply_template(office, actor=officer, title="Salam", body="Yth.")
    services.save_reply_template(
        office, actor=officer, title="Salam", body="Yth.", template=template, is_active=False
    )
    old = services.save_reply_template(office, actor=officer, title="Lama", body="x")
    services.delete_reply_template(office, actor=officer, template=old)
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill("pejabat")
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    for path in ("/staf/kantor-a/pengaduan/pengaturan/", "/staf/kantor-a/pengaduan/templat/"):
        page.goto(path)
        history = page.get_by_role("table").last
        deleted = "Reply template deleted" if language == "en" else "Templat jawaban dihapus"
        assert deleted in history.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        axe_check(page)
