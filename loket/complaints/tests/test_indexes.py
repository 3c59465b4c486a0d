"""The indexes a receipt writes (issue 18): every index of the complaint and event tables is
written by every receipt, so the events' complaint has no index beside the one that leads
with it, and no key looked up whole keeps a LIKE-pattern twin on PostgreSQL. (The office's
own index on complaints stays: word search ANDs it with the text index.)"""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        name: details["columns"]
        for name, details in found.items()
        if details["index"] or details["unique"]
    }


def test_an_events_complaint_is_indexed_once_with_its_time():
    indexes = _indexes("complaints_event")
    led_by_complaint = [columns for columns in indexes.values() if columns[0] == "complaint_id"]
    assert led_by_complaint == [["complaint_id", "at"]]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="LIKE-pattern indexes are PostgreSQL's"
)
@pytest.mark.parametrize(
    "table", ["complaints_complaint", "complaints_event", "notify_outboxmessage"]
)
def test_keys_looked_up_whole_have_no_like_pattern_twin(table):
    assert [name for name in _indexes(table) if name.endswith("_like")] == []


def test_the_unique_keys_of_a_complaint_are_still_unique():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "complaints_complaint")
    unique = {
        tuple(details["columns"])
        for details in found.values()
        if details["unique"] and not details["primary_key"]
    }
    assert {("tracking_code_hash",), ("idempotency_key",), ("office_id", "reference")} <= unique
    indexed = [details["columns"] for details in found.values() if details["index"]]
    assert ["complainant_nik_index"] in indexed
