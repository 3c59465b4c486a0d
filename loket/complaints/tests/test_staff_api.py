"""The staff API's queue: signed-in staff of the office only, the team queue's filters and
order, a constant number of queries, and never the complainant's identity."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.complaints import services
from loket.complaints.tests.conftest import MONDAY_0900
from loket.offices.models import Role
from loket.offices.tests.factories import MembershipFactory, UserFactory

URL = "/api/v1/staff/offices/kantor-a/complaints/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(MONDAY_0900, tick=False):
        yield


def test_without_a_session_the_queue_answers_401(client, office, make_complaint):
    make_complaint()
    response = client.get(URL)
    assert response.status_code == 401
    assert "Budi" not in response.content.decode()


def test_staff_of_another_office_get_404_and_a_colleague_without_the_role_403(
    client, office, other_office, make_complaint
):
    make_complaint()
    stranger = UserFactory(username="orang-b")
    MembershipFactory(user=stranger, office=other_office, role=Role.HEAD)
    client.force_login(stranger)
    assert client.get(URL).status_code == 404
    receptionist = UserFactory(username="informasi-a")
    MembershipFactory(user=receptionist, office=office, role=Role.RECEPTIONIST)
    client.force_login(receptionist)
    assert client.get(URL).status_code == 403


def test_the_queue_lists_the_offices_open_complaints_by_due_time_without_identity(
    client, office, other_office, officer, handler, make_complaint
):
    later = make_complaint(title="Lima hari kerja")
    services.classify(later, actor=officer, class_code="normatif")
    sooner = make_complaint(title="Tiga jam")
    services.classify(sooner, actor=officer, class_code="ringan")
    services.assign(sooner, actor=officer, users=[handler])
    services.submit(
        office=other_office, channel="web", title="Kantor B", description="x", anonymous=True
    )
    client.force_login(handler)

    body = client.get(URL).json()

    assert body["count"] == 2
    assert [row["title"] for row in body["items"]] == ["Tiga jam", "Lima hari kerja"]
    first = body["items"][0]
    assert first["due_at"] == "2026-03-02T12:00:00+07:00"  # 3 office hours from 09:00
    assert first["assigned_to"] == ["tim"]
    assert first["url"] == f"/staf/kantor-a/pengaduan/{sooner.reference}/"
    text = str(body)
    for identity in ("Budi", "budi@contoh.id", "081234567890", "complainant"):
        assert identity not in text


def test_filters_match_the_team_queue(client, office, officer, handler, make_complaint):
    mine = make_complaint(title="Milik saya")
    services.classify(mine, actor=officer, class_code="ringan")
    services.assign(mine, actor=officer, users=[handler])
    make_complaint(title="Belum ditugaskan")
    client.force_login(handler)

    assert [r["title"] for r in client.get(URL, {"mine": "true"}).json()["items"]] == ["Milik saya"]
    unassigned = client.get(URL, {"unassigned": "true"}).json()["items"]
    assert [r["title"] for r in unassigned] == ["Belum ditugaskan"]
    assert client.get(URL, {"q": mine.reference.lower()}).json()["count"] == 1
    with time_machine.travel(datetime(2026, 3, 2, 6, 0, 1, tzinfo=UTC), tick=False):
        overdue = client.get(URL, {"overdue": "true"}).json()["items"]
    assert [(r["title"], r["overdue"]) for r in overdue] == [("Milik saya", True)]
    assert client.get(URL, {"status": "nonsense"}).status_code == 422


def test_the_queue_uses_a_constant_number_of_queries(
    client, office, officer, handler, make_complaint, django_assert_num_queries
):
    client.force_login(handler)
    make_complaint()
    client.get(URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    for n in range(30):
        complaint = make_complaint(title=f"Pengaduan {n}")
        services.assign(complaint, actor=officer, users=[handler])
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 31
    assert len(body["items"]) == 25
    assert len(client.get(URL, {"page": 2}).json()["items"]) == 6
