"""The visit's history is one `EventBase` table: the visitor's link shows the public steps
only, the staff pages every event; existing rows were given their visibility by migration."""

import importlib

import pytest

from loket.events import Visibility
from loket.visits import selectors, services
from loket.visits.models import PUBLIC_ACTIONS, VisitEvent

from .conftest import ROUTED_UNCHECKED, TUESDAY_0900

pytestmark = pytest.mark.django_db


def test_the_visitor_reads_the_public_steps_and_the_staff_everything(
    make_walk_in, rina, consultant, division_x
):
    visit = make_walk_in()
    services.record_reception(
        visit,
        actor=rina,
        requirements=[],
        identity_checked=True,
        information_given="Alur",
        now=TUESDAY_0900,
    )
    services.route(visit, division_x, actor=rina, reason=ROUTED_UNCHECKED, now=TUESDAY_0900)
    services.call_next(division_x, actor=consultant, now=TUESDAY_0900)
    services.requeue(visit, actor=consultant, now=TUESDAY_0900)
    public = list(selectors.public_timeline(visit).values_list("action", flat=True))
    staff = list(selectors.history_of(visit).values_list("action", flat=True))
    assert public == ["checked_in", "routed", "called"]
    assert staff == ["checked_in", "reception", "routed", "called", "returned"]
    assert set(VisitEvent.objects.values_list("visibility", flat=True)) == {
        Visibility.PUBLIC,
        Visibility.STAFF,
    }


def test_the_visitors_page_does_not_show_staff_events(client, make_walk_in, rina):
    visit = make_walk_in()
    services.record_reception(
        visit, actor=rina, requirements=[], identity_checked=True, information_given="Alur"
    )
    page = client.get(f"/kunjungan/{visit.token}/").content.decode()
    assert "Datang (check-in)" in page
    assert "Pemeriksaan persyaratan dicatat" not in page


def test_the_migration_publishes_the_same_steps_the_services_do():
    migration = importlib.import_module("loket.visits.migrations.0002_visit_event_base")
    # "rescheduled" came with migration 0003: no row of it existed for 0002 to classify.
    later = {"rescheduled"}
    assert sorted(migration.PUBLIC_ACTIONS) == sorted(
        str(action) for action in PUBLIC_ACTIONS if action not in later
    )
