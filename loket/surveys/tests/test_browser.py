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
