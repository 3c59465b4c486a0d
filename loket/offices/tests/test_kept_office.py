"""The public API's receipts read their office from the shared cache while nothing about the
offices changed (issue 18: a complaint's receipt without the office query), and see every
change at once."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.offices import services
from loket.offices.tests.factories import DivisionFactory, OfficeFactory

pytestmark = pytest.mark.django_db


def test_a_kept_office_is_read_without_a_query(django_assert_num_queries):
    office = OfficeFactory(slug="kantor-kept", name="Kantor Lama")
    assert services.kept_office_by_slug("kantor-kept").pk == office.pk
    with django_assert_num_queries(0):
        kept = services.kept_office_by_slug("kantor-kept")
    assert (kept.pk, kept.name, kept.tz) == (office.pk, "Kantor Lama", office.tz)


def test_each_call_gets_its_own_copy():
    """An attribute one request sets on its office (a cached relation, a zone) never reaches
    the next request's."""
    OfficeFactory(slug="kantor-kept")
    first = services.kept_office_by_slug("kantor-kept")
    first.name = "Diubah di memori"
    first.mark = "request one"
    second = services.kept_office_by_slug("kantor-kept")
    assert second is not first
    assert second.name != "Diubah di memori"
    assert not hasattr(second, "mark")


@pytest.mark.django_db(transaction=True)
def test_a_saved_office_is_read_again_at_once():
    office = OfficeFactory(slug="kantor-kept", name="Kantor Lama", timezone="Asia/Pontianak")
    assert services.kept_office_by_slug("kantor-kept").name == "Kantor Lama"
    services.save_office("kantor-kept", name="Kantor Baru", timezone="Asia/Makassar")
    kept = services.kept_office_by_slug("kantor-kept")
    assert (kept.name, kept.timezone) == ("Kantor Baru", "Asia/Makassar")
    # A division's change replaces the same stamp (the office's pages show its divisions).
    DivisionFactory(office=office, slug="bagian-baru")
    with CaptureQueriesContext(connection) as queries:
        services.kept_office_by_slug("kantor-kept")
    assert len(queries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_deleted_office_is_not_found_and_an_unknown_slug_is_not_kept():
    assert services.kept_office_by_slug("kantor-baru") is None
    office = OfficeFactory(slug="kantor-baru")
    assert services.kept_office_by_slug("kantor-baru").pk == office.pk
    office.delete()
    assert services.kept_office_by_slug("kantor-baru") is None


def test_a_complaint_received_through_the_api_does_not_query_the_office(client):
    """The receipt's queries, once the office is kept: the reference counter, the complaint,
    its event, the acknowledgement and its delivery, and nothing on the offices' table."""
    OfficeFactory(slug="kantor-kept")
    body = {
        "office": "kantor-kept",
        "title": "Antrean terlalu lama",
        "description": "Saya menunggu dua jam tanpa kepastian.",
        "name": "Warga",
        "email": "warga@contoh.id",
    }
    first = client.post("/api/v1/complaints/", json.dumps(body), content_type="application/json")
    assert first.status_code == 201
    with CaptureQueriesContext(connection) as queries:
        second = client.post(
            "/api/v1/complaints/", json.dumps(body), content_type="application/json"
        )
    assert second.status_code == 201
    assert not [q["sql"] for q in queries if "offices_office" in q["sql"]]
