"""The consultation page's actions go through one table: each names who may take it (a
consultant of the visit's division); the head reads the page but acts on none, another
division's consultant and another office's staff do not see the visit, an unknown action is
404, and a refusal of the service comes back to the page in the staff member's language."""

import pytest

from loket.visits import services
from loket.visits.models import Visit
from loket.visits.staff_views.divisions import CONSULTATION_ACTIONS

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday(time_machine):
    time_machine.move_to(TUESDAY_0900, tick=False)


@pytest.fixture
def called(make_walk_in, rina, consultant, division_x):
    services.route(make_walk_in(), division_x, actor=rina, reason=ROUTED_UNCHECKED)
    return services.call_next(division_x, actor=consultant)


def _post(client, visit, action, data=None):
    return client.post(f"/staf/kantor-a/konsultasi/kunjungan/{visit.pk}/{action}/", data or {})


def test_every_action_of_the_page_is_in_the_table_for_consultants_only():
    assert set(CONSULTATION_ACTIONS) == {
        "mulai",
        "kembalikan-ke-antrean",
        "pergi",
        "catatan",
        "selesai",
        "serahkan",
    }
    assert {action.roles for action in CONSULTATION_ACTIONS.values()} == {("consultant",)}


@pytest.mark.parametrize("action", sorted(CONSULTATION_ACTIONS))
def test_the_head_may_read_the_consultation_but_takes_no_action(client, hana, called, action):
    client.force_login(hana)
    assert client.get(f"/staf/kantor-a/konsultasi/kunjungan/{called.pk}/").status_code == 200
    assert _post(client, called, action).status_code == 403
    called.refresh_from_db()
    assert called.status == Visit.Status.CALLED


def test_a_consultant_of_another_division_does_not_see_the_visit(client, eka, called):
    client.force_login(eka)
    assert _post(client, called, "mulai").status_code == 404


def test_staff_of_another_office_do_not_see_the_visit(client, carol, called):
    client.force_login(carol)
    assert _post(client, called, "mulai").status_code == 404


def test_an_unknown_action_is_404(client, consultant, called):
    client.force_login(consultant)
    assert _post(client, called, "delete").status_code == 404


def test_a_refused_step_comes_back_to_the_page_with_its_message(client, consultant, called):
    client.force_login(consultant)
    response = _post(client, called, "selesai", {"outcome_summary": "Dijelaskan"})
    assert response.status_code == 302
    assert response["Location"] == f"/staf/kantor-a/konsultasi/kunjungan/{called.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Konsultasi belum dimulai." in page


def test_a_refused_step_speaks_the_staff_members_language(client, consultant, called):
    client.force_login(consultant)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    response = _post(client, called, "selesai", {"outcome_summary": "Explained"})
    page = client.get(response["Location"]).content.decode()
    assert "The consultation has not started." in page
