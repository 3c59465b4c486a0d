"""Word search behind one selector: PostgreSQL full-text (`simple`) plus trigram similarity
for typos, SQLite FTS5 kept in sync by triggers, icontains elsewhere."""

import pytest
from django.db import connection
from django.urls import reverse

from loket.complaints import search, selectors, staff_views
from loket.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def _found(office, query):
    rows = search.word_search(selectors.office_complaints(office), query)
    return sorted(rows.values_list("title", flat=True))


@pytest.fixture
def titled(make_complaint):
    make_complaint(title="Antrean loket terlalu panjang", description="Menunggu dua jam.")
    make_complaint(title="Petugas tidak ramah", description="Di loket informasi, kemarin.")
    make_complaint(title="Parkir penuh", description="Tidak ada tempat.")


def test_the_database_offers_its_own_full_text_search():
    expected = {"postgresql": "postgresql", "sqlite": "fts5"}[connection.vendor]
    assert search.engine() == expected


def test_words_are_found_in_the_title_or_the_description(office, titled):
    assert _found(office, "loket") == ["Antrean loket terlalu panjang", "Petugas tidak ramah"]
    assert _found(office, "informasi") == ["Petugas tidak ramah"]
    # Every word must occur; punctuation and case do not matter.
    assert _found(office, "LOKET, informasi!") == ["Petugas tidak ramah"]
    assert _found(office, "parkir loket") == []


def test_a_changed_or_deleted_complaint_is_searched_as_it_is_now(office, titled):
    Complaint.objects.filter(title="Parkir penuh").update(title="Halaman parkir sempit")
    assert _found(office, "sempit") == ["Halaman parkir sempit"]
    assert _found(office, "penuh") == []
    Complaint.objects.filter(title="Halaman parkir sempit").delete()
    assert _found(office, "parkir") == []


def test_search_never_crosses_to_another_office(office, other_office, titled):
    from loket.complaints import services

    services.submit(office=other_office, channel="web", title="Loket kantor lain", description="x")
    assert "Loket kantor lain" not in _found(office, "loket")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_matches_word_prefixes_and_keeps_its_triggers(office, titled):
    assert _found(office, "antre") == ["Antrean loket terlalu panjang"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s ORDER BY 1",
            ["complaints_complaint"],
        )
        triggers = [row[0] for row in cursor.fetchall()]
    # A later migration that remakes the complaints table on SQLite (AlterField) drops
    # these and the queue index: it must create them again (migration 0007's SQL).
    assert triggers == [
        "complaints_complaint_fts_ad",
        "complaints_complaint_fts_ai",
        "complaints_complaint_fts_au",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'complaint_queue_idx'"
        )
        assert cursor.fetchone() is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgresql_forgives_a_typo_when_the_words_find_nothing(
    client, office, officer, titled, monkeypatch
):
    assert _found(office, "antren") == []
    rows = search.word_search(selectors.office_complaints(office), "antren", typos=True)
    assert list(rows.values_list("title", flat=True)) == ["Antrean loket terlalu panjang"]
    client.force_login(officer)
    url = reverse("complaints:staff_queue", args=["kantor-a"])
    page = client.get(url, {"q": "antren"}).content.decode()
    assert "Antrean loket terlalu panjang" in page
    assert "yang ditampilkan berjudul mirip" in page
    exact = client.get(url, {"q": "antrean"}).content.decode()
    assert "yang ditampilkan berjudul mirip" not in exact
    # The typo pass counts less far than the lists (similarity is computed per row).
    monkeypatch.setattr(staff_views, "TYPO_COUNT_LIMIT", 0)
    bounded = client.get(url, {"q": "antren"}).content.decode()
    assert "Jumlah pengaduan: lebih dari 0" in bounded


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's")
def test_postgresql_has_the_search_and_queue_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'complaints_complaint' "
            "AND indexname IN ('complaint_fts_idx', 'complaint_title_trgm_idx', "
            "'complaint_queue_idx') ORDER BY 1"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == ["complaint_fts_idx", "complaint_queue_idx", "complaint_title_trgm_idx"]


def test_without_full_text_search_words_fall_back_to_icontains(office, titled, monkeypatch):
    monkeypatch.setattr(search, "engine", lambda alias="default": "icontains")
    assert _found(office, "loket informasi") == ["Petugas tidak ramah"]
    assert _found(office, "antre") == ["Antrean loket terlalu panjang"]


def test_the_fts5_query_quotes_every_word():
    assert search.fts5_query('loket "kantor" OR x*') == '"loket"* "kantor"* "OR"* "x"*'


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_queue_query_is_read_from_its_partial_index_without_a_sort(office, officer):
    from django.utils import timezone

    rows = selectors.filter_complaints(
        selectors.office_complaints(office), user=officer, now=timezone.now()
    )
    page = selectors.sort_complaints(rows, "", queue=True)[:26]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        # A small test table would be read sequentially and sorted whatever the indexes:
        # make the planner show the one index that gives the queue's order by itself.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using complaint_queue_idx" in plan, plan
    assert "Sort" not in plan, plan
