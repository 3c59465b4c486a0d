"""The unread badge in the staff header refreshes itself: htmx asks `notify:badge` every
minute for the count alone (one query, the user's own), swapped inside the link so focus
stays; without JavaScript the count of the page load is shown. Its accessible name says
what the number is. An automatic refresh does not keep an idle session alive."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from loket.notify import services
from loket.notify.kinds import StaffNoticeKind

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
BADGE = reverse("notify:badge")
POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_LOKET_POLL": "1"}


def _notify(users, office, count=1):
    for number in range(count):
        services.notify_staff(
            recipients=users,
            office=office,
            kind=StaffNoticeKind.ASSIGNED,
            title=f"ADU-2026-00000{number}",
            now=NOW,
        )


def _link(page):
    start = page.index(f'href="{reverse("notify:list")}"')
    return page[start : page.index("</a>", start)]


def test_the_header_polls_the_badge_every_minute_inside_the_link(client, office_a, alice):
    _notify([alice], office_a, count=3)
    client.force_login(alice)
    page = client.get(reverse("offices:staff_office", args=["kantor-a"]))
    link = _link(page.content.decode())
    assert f'hx-get="{BADGE}"' in link
    assert 'hx-trigger="every 60s"' in link
    assert 'hx-swap="innerHTML"' in link  # the span's content: the focused link stays
    assert """hx-headers='{"X-Loket-Poll": "1"}'""" in link
    # Without JavaScript: the count of the page load, and the link's name says what it is.
    assert '<span aria-hidden="true">3</span>' in link
    assert '<span class="visually-hidden">(3 belum dibaca)</span>' in link
    assert "aria-live" not in link  # a refresh every minute is not read out


def test_the_fragment_is_my_own_count_alone(client, office_a, office_b, alice, bob, carol):
    _notify([alice], office_a, count=2)
    _notify([bob], office_a, count=5)
    _notify([carol], office_b, count=7)
    client.force_login(alice)
    response = client.get(BADGE, **POLL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode().strip()
    assert body == (
        '<span class="tag tag-warn"><span aria-hidden="true">2</span>'
        '<span class="visually-hidden">(2 belum dibaca)</span></span>'
    )
    client.force_login(carol)
    assert '<span aria-hidden="true">7</span>' in client.get(BADGE, **POLL).content.decode()


def test_no_unread_notification_is_an_empty_fragment(client, office_a, alice):
    _notify([alice], office_a)
    services.mark_all_read(user=alice)
    client.force_login(alice)
    assert client.get(BADGE, **POLL).content.decode().strip() == ""


def test_the_fragment_in_english(client, office_a, alice):
    _notify([alice], office_a, count=3)
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        body = client.get(BADGE, **POLL).content.decode()
    assert '<span class="visually-hidden">(3 unread)</span>' in body


def test_the_fragment_counts_in_one_query(client, office_a, alice, django_assert_num_queries):
    _notify([alice], office_a, count=30)
    client.force_login(alice)
    client.get(BADGE, **POLL)
    with django_assert_num_queries(3) as run:  # the session, the user, the count
        assert "30" in client.get(BADGE, **POLL).content.decode()
    counts = [q["sql"] for q in run.captured_queries if "notify_staffnotification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT(" in counts[0]


def test_an_anonymous_poll_is_sent_to_the_sign_in_page(client):
    page = client.get(BADGE)
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))
    poll = client.get(BADGE, **POLL)  # htmx: load the sign-in page whole, swap nothing
    assert poll.status_code == 204
    assert poll["HX-Redirect"].startswith(reverse("login"))
    assert poll.content == b""


def test_the_fragment_answers_only_get(client, alice):
    client.force_login(alice)
    assert client.post(BADGE).status_code == 405
