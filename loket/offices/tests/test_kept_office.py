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
def test_a_deleted_office_is_not_found_and_an_unknown_slug_is_not_kept(
    django_assert_num_queries,
):
    OfficeFactory(slug="kantor-lain")
    assert services.kept_office_by_slug("kantor-baru") is None
    # Asked again with nothing changed: read again (None is never kept).
    with django_assert_num_queries(1):
        assert services.kept_office_by_slug("kantor-baru") is None
    office = OfficeFactory(slug="kantor-baru")
    assert services.kept_office_by_slug("kantor-baru").pk == office.pk
    office.delete()
    assert services.kept_office_by_slug("kantor-baru") is None


def test_each_slug_keeps_its_own_office():
    first, second = OfficeFactory(slug="kantor-satu"), OfficeFactory(slug="kantor-dua")
    for _ in range(2):
        assert services.kept_office_by_slug("kantor-satu").pk == first.pk
        assert services.kept_office_by_slug("kantor-dua").pk == second.pk


@pytest.mark.django_db(transaction=True)
def test_a_renamed_slug_is_found_under_its_new_name_and_the_old_one_given_to_another():
    first = OfficeFactory(slug="kantor-x", name="Pertama")
    assert services.kept_office_by_slug("kantor-x").pk == first.pk
    first.slug = "kantor-y"
    first.save()
    second = OfficeFactory(slug="kantor-x", name="Kedua")
    assert services.kept_office_by_slug("kantor-x").pk == second.pk
    assert services.kept_office_by_slug("kantor-y").pk == first.pk


@pytest.mark.parametrize("slug", ["", "kantor a", "kantor\nb", "k" * 81, "x" * 60_000])
def test_what_no_slug_can_be_is_no_office_and_no_cache_key(slug, django_assert_num_queries):
    """The slug comes from a client's body: a 60 KB one must not become a cache key (nor a
    warning that repeats it)."""
    from django.core.cache import cache

    with django_assert_num_queries(0):
        assert services.kept_office_by_slug(slug) is None
    assert cache.get("stamp:offices") is None  # the cache was not even asked to keep a stamp


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections at once: SQLite's in-memory test database would lock",
)
@pytest.mark.django_db(transaction=True)
def test_a_row_read_while_a_change_is_being_committed_is_not_kept_past_the_commit():
    """Another request reads the old row during the writer's transaction and keeps it under
    the stamp of that moment; the stamp renewed after the commit makes the next read fetch
    the new row (`loket.conditional.bump`)."""
    import threading

    from django.db import transaction

    OfficeFactory(slug="kantor-kept", name="Lama", timezone="Asia/Pontianak")

    def in_another_request():
        seen = {}

        def run():
            try:
                seen["office"] = services.kept_office_by_slug("kantor-kept")
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        return seen["office"]

    with transaction.atomic():
        services.save_office("kantor-kept", name="Baru", timezone="Asia/Jayapura")
        assert in_another_request().name == "Lama"
    kept = in_another_request()
    assert (kept.name, kept.timezone) == ("Baru", "Asia/Jayapura")


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


def test_a_migration_renews_the_stamp_a_data_migration_would_not(django_assert_num_queries):
    """offices 0002 rewrote phone numbers with `QuerySet.update`, which sends no signal: the
    stamps are renewed after every `migrate` (`loket.conditional.renew_after_migrate`)."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from loket.offices.models import Office

    office = OfficeFactory(slug="kantor-kept", phone="0561000000")
    services.kept_office_by_slug("kantor-kept")
    Office.objects.filter(pk=office.pk).update(phone="+62561000000")
    assert services.kept_office_by_slug("kantor-kept").phone == "0561000000"
    config = apps.get_app_config("offices")
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using="default"
    )
    assert services.kept_office_by_slug("kantor-kept").phone == "+62561000000"
