"""Migration 0002 keeps the rows of the first version: every event's kind, public flag and
message become its action, visibility and note (an internal note becomes internal), and the
answers keep their attachments and ratings under the new name."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("complaints", "0001_initial")]
AFTER = [("complaints", "0002_event_base_and_answer")]
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def _back_to_the_latest_schema():
    """Whatever the test does, the database ends at the latest migrations again."""
    yield
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_back_to_the_latest_schema")
def test_events_and_answers_of_the_first_version_are_kept():
    old = _migrate(BEFORE)
    office = old.get_model("offices", "Office").objects.create(
        slug="kantor-lama", name="Kantor Lama", timezone="Asia/Pontianak"
    )
    complaint = old.get_model("complaints", "Complaint").objects.create(
        office_id=office.pk,
        tracking_code="K7QM-2XPR-T4HB",
        channel="web",
        title="Lama",
        description="Dari versi pertama.",
        received_at=AT,
    )
    event = old.get_model("complaints", "Event")
    event.objects.create(complaint=complaint, at=AT, kind="received", public=True, message="")
    event.objects.create(complaint=complaint, at=AT, kind="note", public=False, message="Cek.")
    event.objects.create(complaint=complaint, at=AT, kind="due_soon", public=False)
    response = old.get_model("complaints", "Response").objects.create(
        complaint=complaint, text="Sudah.", created_at=AT
    )
    old.get_model("complaints", "Rating").objects.create(
        complaint=complaint, response=response, score=4, created_at=AT
    )

    new = _migrate(AFTER)
    rows = new.get_model("complaints", "Event").objects.order_by("id")
    assert list(rows.values_list("action", "visibility", "note")) == [
        ("received", "public", ""),
        ("note", "internal", "Cek."),
        ("due_soon", "staff", ""),
    ]
    answer = new.get_model("complaints", "Answer").objects.get()
    assert answer.text == "Sudah."
    assert new.get_model("complaints", "Rating").objects.get().answer_id == answer.pk
