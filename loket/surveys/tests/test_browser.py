"""A real Chromium on the respondent page through a single-use link, in both languages, at
360 px: axe-core clean (WCAG 2.2 A/AA), one fieldset per question, within the public page
budget, and the answer arrives once."""

import pytest
from playwright.sync_api import expect

from loket.surveys import ikm, services
from loket.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 100 * 1024


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_visitor_answers_through_the_link_in_either_language(
    page, axe_check, office_a, service, compressed_page_weight, language, live_server
):
    path = services.issue_token_for_visit(77, office_a, service)
    page.set_viewport_size({"width": 360, "height": 800})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("fieldset").count() >= 9
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe_check(page)
    send = "Send answer" if language == "en" else "Kirim jawaban"
    assert page.locator("main form button[type=submit]").inner_text() == send
    page.locator("main form button[type=submit]").click()  # nothing chosen: the error summary
    expect(page.get_by_role("alert")).to_be_visible()  # waits for the answer to the POST
    axe_check(page)
    for code in ikm.QUESTION_ORDER:
        page.locator(f"#id_{code}_3").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/survei/terima-kasih/")
    axe_check(page)
    page.goto(path)
    heading = "already been answered" if language == "en" else "sudah diisi"
    assert heading in page.get_by_role("heading", level=1).inner_text()
    axe_check(page)
    assert Response.objects.count() == 1
    assert compressed_page_weight(f"/survei/{office_a.slug}/") < BUDGET


def _staff_cookie(client, user, live_server):
    from django.conf import settings

    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_poster_kiosk_and_public_results_are_accessible_at_360_px(
    page, axe_check, client, office_a, service, head, live_server, language
):
    """The poster, the public results page, the confirmation before closing a period, the
    kiosk (and its reset after two minutes without a touch, in the browser's clock): axe
    clean (WCAG 2.2 A/AA) and no sideways scrolling at 360 px, in either language."""
    from datetime import date

    import time_machine

    from loket.visits import services as visits

    from .conftest import FRIDAY_1000, answers

    with time_machine.travel(FRIDAY_1000, tick=False):
        for score in (4, 3, 3):
            services.submit_kiosk(office_a, service, answers(score, sex="P"), device_id=1)
    period = services.open_period(
        office_a, kind="quarter", start=date(2026, 4, 1), end=date(2026, 6, 30), actor=head
    )
    services.close_period(period, actor=head)
    services.save_plan(
        period,
        [services.PlanRow("U8", "Aktifkan kanal WhatsApp", "Juli 2026", "Humas")],
        actor=head,
    )
    services.publish_period(period, actor=head)

    def fits(path):
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        axe_check(page)

    page.set_viewport_size({"width": 360, "height": 800})
    page.context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": live_server.url},
            _staff_cookie(client, head, live_server),
        ]
    )
    page.clock.install()
    fits(f"/staf/{office_a.slug}/survei/poster/{service.slug}/")
    assert page.locator("svg").count() >= 1
    fits(f"/staf/{office_a.slug}/survei/poster/?ukuran=a5")
    fits(f"/instansi/{office_a.slug}/survei/")
    expected = "83,33" if language == "id" else "83.33"
    assert expected in page.locator("main").inner_text()
    # A poster answer held past a soft limit, on the review page.
    services.submit_without_token(office_a, service, answers(2), held="address")
    fits(f"/staf/{office_a.slug}/survei/tinjau/")
    assert page.locator("main table").count() == 1

    # Closing a period asks first, and its button looks like a warning (red, not green).
    july = services.open_period(
        office_a, kind="month", start=date(2026, 7, 1), end=date(2026, 7, 31), actor=head
    )
    fits(f"/staf/{office_a.slug}/survei/periode/{july.pk}/tutup/")
    warning = page.locator("main form button.button-warning")
    assert warning.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(177, 14, 30)"

    # The kiosk runs only on a tablet the office admin enrolled as the office's kiosk (the
    # visits app's one-time link; its device cookie is sent under /instansi/<office>/kiosk/).
    kiosk = f"/instansi/{office_a.slug}/kiosk/survei/"
    page.goto(kiosk)
    assert page.get_by_role("heading", level=1).is_visible()
    axe_check(page)  # the refusal page
    _device, token = visits.add_kiosk(office_a, name="Tablet ruang tunggu", actor=None)
    page.goto(f"/instansi/{office_a.slug}/kiosk/daftarkan/{token}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/instansi/{office_a.slug}/kiosk/")
    # Staff start it on the tablet (and are signed out there).
    page.goto(f"/staf/{office_a.slug}/survei/kios/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{kiosk}")
    fits(kiosk)
    first = f"#id_{ikm.QUESTION_ORDER[0]}_0"
    page.locator(first).check()
    page.clock.fast_forward(100_000)
    page.keyboard.press("Tab")  # a touch: the two minutes start again
    page.clock.fast_forward(100_000)
    assert page.locator(first).is_checked()
    with page.expect_navigation():
        page.clock.fast_forward(21_000)  # two minutes after the last touch
    assert not page.locator(first).is_checked()
    assert page.url.endswith(kiosk)
    for code in ikm.QUESTION_ORDER:
        page.locator(f"#id_{code}_3").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{kiosk}terima-kasih/")
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_navigation():
        page.clock.fast_forward(10_000)  # the thanks page returns to an empty form
    assert page.url.endswith(kiosk)
    assert Response.objects.filter(source="kiosk").count() == 4
