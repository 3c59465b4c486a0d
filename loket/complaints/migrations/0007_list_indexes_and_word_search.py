"""Issue 18: the lists and word search at a province's scale.

- `complaint_queue_idx` (in SQL per engine, not a model index: SQLite cannot write NULLS
  FIRST in an index): the team queue's partial index in the queue's own order (office,
  due_at NULLS FIRST, id) WHERE is_open AND status IN the open statuses, as bench/README.md
  measured (the page an index scan without a sort, the count index-only).
- `complaint_office_answered_idx`: the reports' complaints answered in a period.
- Word search (`loket.complaints.search`): on PostgreSQL the pg_trgm extension, a GIN index on
  the `simple` text-search vector of title and description and a trigram GIN index on the
  title; on SQLite an FTS5 table with external content kept in sync by triggers. Each only on
  its engine (and FTS5 only where SQLite was built with it); other engines search with
  icontains.

A later migration that remakes the complaints table on SQLite (an AlterField there copies
the table from the model state) loses the queue index and the FTS triggers: it must run
QUEUE_INDEX and the trigger statements again (tests/test_search.py checks they exist).
"""

from django.db import migrations, models

# The queue's partial index in the queue's own order (selectors.queue_order). SQLite cannot
# write NULLS FIRST in an index; its ascending order already puts NULLs first.
QUEUE_INDEX = (
    "CREATE INDEX IF NOT EXISTS complaint_queue_idx ON complaints_complaint "
    "(office_id, due_at{nulls}, id) "
    "WHERE is_open AND status IN ('received', 'waiting', 'in_progress')"
)
PG_FORWARD = [
    QUEUE_INDEX.format(nulls=" NULLS FIRST"),
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS complaint_fts_idx ON complaints_complaint USING gin "
    "((to_tsvector('simple'::regconfig, COALESCE(title, '') || ' ' || "
    "COALESCE(description, ''))))",
    "CREATE INDEX IF NOT EXISTS complaint_title_trgm_idx ON complaints_complaint "
    "USING gin (title gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS complaint_queue_idx",
    "DROP INDEX IF EXISTS complaint_title_trgm_idx",
    "DROP INDEX IF EXISTS complaint_fts_idx",
]

FTS = "complaints_complaint_fts"
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, description, "
    "content='complaints_complaint', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER complaints_complaint_fts_ai AFTER INSERT ON complaints_complaint BEGIN
        INSERT INTO {FTS}(rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END""",
    f"""CREATE TRIGGER complaints_complaint_fts_ad AFTER DELETE ON complaints_complaint BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
    END""",
    f"""CREATE TRIGGER complaints_complaint_fts_au
    AFTER UPDATE OF title, description ON complaints_complaint BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO {FTS}(rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS complaint_queue_idx",
    "DROP TRIGGER IF EXISTS complaints_complaint_fts_au",
    "DROP TRIGGER IF EXISTS complaints_complaint_fts_ad",
    "DROP TRIGGER IF EXISTS complaints_complaint_fts_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _sqlite_has_fts5(cursor) -> bool:
    cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
    if cursor.fetchone()[0]:
        return True
    try:  # Some builds load FTS5 without the compile option listed.
        cursor.execute("CREATE VIRTUAL TABLE temp.loket_fts5_probe USING fts5(x)")
        cursor.execute("DROP TABLE temp.loket_fts5_probe")
    except Exception:  # noqa: BLE001 - any failure means: no FTS5 here
        return False
    return True


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forward(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)
    elif vendor == "sqlite":
        _run(schema_editor, [QUEUE_INDEX.format(nulls="")])
        with schema_editor.connection.cursor() as cursor:
            if not _sqlite_has_fts5(cursor):
                return
        _run(schema_editor, SQLITE_FORWARD)


def backward(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_BACKWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0006_complaint_replies_language_undeliverable")]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["office", "answered_at"], name="complaint_office_answered_idx"),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
