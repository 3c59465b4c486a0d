"""A real Chromium: the unread count in the staff header refreshes itself while the page is
open, the focused link keeps its focus, the link's accessible name says what the number is,
and the page stays axe-clean (WCAG 2.2 A/AA) in both languages."""

import pytest

from loket.notify import services
from loket.notify.kinds import StaffNoticeKind
from loket.notify.templatetags import staff_notices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto("/staf/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi", exact=True).fill("sandi-uji-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(("/staf/", "/dasbor/")))


def _notify(user, office, title):
    services.notify_staff(
        recipients=[user], office=office, kind=StaffNoticeKind.ASSIGNED, title=title
    )


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("id", "Pemberitahuan (1 belum dibaca)", "Pemberitahuan (2 belum dibaca)"),
        ("en", "Notifications (1 unread)", "Notifications (2 unread)"),
    ],
)
def test_the_badge_refreshes_itself_and_keeps_the_focus(
    page, axe_check, live_server, office_a, alice, monkeypatch, language, one, two
):
    monkeypatch.setattr(staff_notices, "POLL_SECONDS", 1)
    _notify(alice, office_a, "ADU-2026-000001")
    sign_in(page, "alice")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/staf/pemberitahuan/pengaturan/")
    link = page.get_by_role("link", name=one, exact=True)
    assert link.is_visible()
    axe_check(page)
    link.focus()
    _notify(alice, office_a, "ADU-2026-000002")
    page.get_by_role("link", name=two, exact=True).wait_for(timeout=5_000)
    assert page.evaluate("document.activeElement.getAttribute('href')") == ("/staf/pemberitahuan/")
    axe_check(page)
