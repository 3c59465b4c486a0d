"""Nationwide days: system administrators declare a day closed or working for every office
at once (e.g. 18 August 2025); the change is recorded, recomputes stored deadlines through the
hook, and nobody else can make it."""

from datetime import date

import pytest

from loket.offices.tests.factories import UserFactory
from loket.workdays.models import CalendarEvent, CalendarOverride
from loket.workdays.services import calendar_for

URL = "/staf/sistem/hari-kerja-nasional/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return UserFactory(username="root", is_superuser=True)


def test_only_system_administrators_open_the_page(client, alice, root):
    assert client.get(URL).status_code == 302  # sign in first
    client.force_login(alice)  # an office admin
    assert client.get(URL).status_code == 403
    assert (
        client.post(URL, {"day": "2026-08-18", "kind": "closed", "reason": "x"}).status_code == 403
    )
    assert not CalendarOverride.objects.exists()
    client.force_login(root)
    html = client.get(URL).content.decode()
    assert "Hari kerja nasional" in html
    assert 'href="/staf/sistem/hari-kerja-nasional/"' in client.get("/staf/").content.decode()


def test_a_nationwide_closing_day_applies_to_every_office(
    client, root, office_a, office_b, django_capture_on_commit_callbacks
):
    client.force_login(root)
    assert calendar_for(office_a).is_working_day(date(2026, 8, 18))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            {"day": "2026-08-18", "kind": "closed", "reason": "Keputusan pemerintah"},
        )
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert override.office is None
    assert override.created_by == root
    for office in (office_a, office_b):
        assert not calendar_for(office).is_working_day(date(2026, 8, 18))
    assert "Keputusan pemerintah" in client.get(URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{URL}{override.pk}/hapus/", {"reason": "Dibatalkan"})
    assert not CalendarOverride.objects.exists()
    assert calendar_for(office_a).is_working_day(date(2026, 8, 18))
    removed = CalendarEvent.objects.filter(office=None).order_by("-at", "-id").first()
    assert "Dibatalkan" in removed.note
    assert removed.actor == root


def test_bad_input_is_explained_and_nothing_is_saved(client, root):
    client.force_login(root)
    response = client.post(URL, {"day": "", "kind": "closed", "reason": ""})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not CalendarOverride.objects.exists()
    override = CalendarOverride.objects.create(
        office=None, day=date(2026, 8, 18), kind="closed", reason="x", created_by=root
    )
    client.post(f"{URL}{override.pk}/hapus/", {"reason": ""})
    assert CalendarOverride.objects.filter(pk=override.pk).exists()


def test_a_head_request_on_the_calendar_pages_reads_only(client, alice, root):
    client.force_login(alice)
    for url in ("/staf/kantor-a/hari-kerja/", "/staf/kantor-a/jam-layanan/"):
        assert client.head(url).status_code == 200, url
    client.force_login(root)
    assert client.head(URL).status_code == 200
    assert not CalendarEvent.objects.exists()
