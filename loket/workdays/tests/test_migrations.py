"""The move of CalendarEvent onto the shared event base keeps every recorded change."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("workdays", "0001_initial")]
AFTER = [("workdays", "0002_calendarevent_on_event_base")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_text_of_every_calendar_event_survives_as_its_note():
    old = migrate(BEFORE)
    Event = old.get_model("workdays", "CalendarEvent")
    Event.objects.create(action="day_added", detail="Libur: Banjir")
    try:
        new = migrate(AFTER)
        event = new.get_model("workdays", "CalendarEvent").objects.get()
        assert (event.note, event.visibility, event.data) == ("Libur: Banjir", "staff", {})
    finally:
        migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
