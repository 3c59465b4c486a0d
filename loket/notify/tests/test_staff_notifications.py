"""Staff notifications: the list, the unread badge, marking read, preferences, and that
nobody reads or marks another person's notifications."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from loket.notify import selectors, services
from loket.notify.kinds import StaffNoticeKind
from loket.notify.models import StaffNotification

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _notify(users, office, kind=StaffNoticeKind.ASSIGNED, key="", title="ADU-2026-000001"):
    return services.notify_staff(
        recipients=users,
        office=office,
        kind=kind,
        title=title,
        link="/staf/kantor-a/pengaduan/ADU-2026-000001/",
        key=key,
        now=NOW,
    )


def test_a_notification_is_created_for_each_recipient_once_per_key(office_a, alice, bob):
    assert _notify([alice, bob, alice], office_a, key="complaint:1:due_soon:x") == 2
    assert _notify([alice, bob], office_a, key="complaint:1:due_soon:x") == 0
    assert _notify([alice], office_a, key="complaint:1:due_soon:y") == 1
    assert StaffNotification.objects.filter(recipient=alice).count() == 2


def test_an_unknown_kind_is_refused(office_a, alice):
    with pytest.raises(ValueError, match="not a staff notification kind"):
        _notify([alice], office_a, kind="gossip")


def test_unread_count_and_marking_read(office_a, alice):
    _notify([alice], office_a)
    _notify([alice], office_a, kind=StaffNoticeKind.REPLY)
    assert selectors.unread_count(alice) == 2
    first = selectors.notifications_for(alice).last()
    assert services.mark_read(user=alice, notification_id=first.pk)
    assert not services.mark_read(user=alice, notification_id=first.pk)
    assert selectors.unread_count(alice) == 1
    assert services.mark_all_read(user=alice) == 1
    assert selectors.unread_count(alice) == 0


def test_a_kind_turned_off_in_the_preferences_is_not_created(office_a, alice, bob):
    services.save_preferences(
        user=alice, in_app_kinds=[StaffNoticeKind.REPLY], digest_kinds=["overdue", "assigned"]
    )
    assert _notify([alice, bob], office_a, kind=StaffNoticeKind.ASSIGNED) == 1
    assert _notify([alice, bob], office_a, kind=StaffNoticeKind.REPLY) == 2
    in_app, digest = selectors.preferences_of(alice)
    assert in_app == {"reply"}
    assert digest == {"overdue"}  # only the digest kinds are kept
    assert selectors.digest_subscribers([alice.pk, bob.pk]) == {alice.pk: {"overdue"}}


def test_the_list_shows_only_my_notifications_and_the_badge_counts_them(
    client, office_a, alice, bob
):
    _notify([alice], office_a, title="ADU-2026-000007 ditugaskan kepada Anda")
    _notify([bob], office_a, title="ADU-2026-000008 ditugaskan kepada Anda")
    client.force_login(alice)
    page = client.get(reverse("notify:list")).content.decode()
    assert "ADU-2026-000007" in page
    assert "ADU-2026-000008" not in page
    assert '<span class="visually-hidden">(1 belum dibaca)</span>' in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, office_a, alice):
    _notify([alice], office_a)
    notification = StaffNotification.objects.get(recipient=alice)
    client.force_login(alice)
    response = client.post(reverse("notify:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/staf/kantor-a/pengaduan/ADU-2026-000001/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_link_is_never_followed(client, office_a, alice):
    services.notify_staff(
        recipients=[alice], office=office_a, kind="assigned", title="x", link="//evil.example/"
    )
    notification = StaffNotification.objects.get(recipient=alice)
    client.force_login(alice)
    response = client.post(reverse("notify:open", args=[notification.pk]))
    assert response["Location"] == reverse("notify:list")


def test_another_user_can_neither_open_nor_mark_my_notification(client, office_a, alice, carol):
    _notify([alice], office_a)
    notification = StaffNotification.objects.get(recipient=alice)
    client.force_login(carol)
    assert client.post(reverse("notify:open", args=[notification.pk])).status_code == 404
    client.post(reverse("notify:read_all"))
    assert not services.mark_read(user=carol, notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_marks_every_one_of_mine(client, office_a, alice, bob):
    _notify([alice, bob], office_a)
    _notify([alice], office_a, kind=StaffNoticeKind.OVERDUE)
    client.force_login(alice)
    assert client.post(reverse("notify:read_all")).status_code == 302
    assert selectors.unread_count(alice) == 0
    assert selectors.unread_count(bob) == 1


def test_the_pages_need_a_signed_in_user(client):
    for name in ("notify:list", "notify:preferences"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_the_preferences_page_saves_my_choices(client, alice):
    client.force_login(alice)
    page = client.get(reverse("notify:preferences")).content.decode()
    assert "Ringkasan harian lewat e-mail" in page
    response = client.post(
        reverse("notify:preferences"),
        {"in_app_kinds": ["assigned", "overdue"], "digest_kinds": ["due_soon"]},
    )
    assert response.status_code == 302
    assert selectors.preferences_of(alice) == ({"assigned", "overdue"}, {"due_soon"})


def test_the_preferences_page_refuses_an_unknown_kind(client, alice):
    client.force_login(alice)
    response = client.post(reverse("notify:preferences"), {"in_app_kinds": ["gossip"]})
    assert response.status_code == 200
    assert "Ada masalah" in response.content.decode()


def test_the_list_takes_a_constant_number_of_queries(
    client, office_a, alice, django_assert_num_queries
):
    _notify([alice], office_a)
    client.force_login(alice)
    client.get(reverse("notify:list"))
    with django_assert_num_queries(4) as one:  # session, user, the page, the badge
        client.get(reverse("notify:list"))
    for n in range(10):
        _notify([alice], office_a, title=f"ADU-2026-00001{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("notify:list")).content.decode()
    assert page.count("ADU-2026-0000") == 11
