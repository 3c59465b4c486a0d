"""Word search over complaints (title and description), one selector for every engine.

- PostgreSQL: full-text search with the `simple` configuration (Indonesian has no stemmer
  in PostgreSQL: words are matched as written, lower-cased), served by the GIN index
  `complaint_fts_idx` on `to_tsvector('simple', title || ' ' || description)`; when that
  finds nothing, the list tries again with trigram word similarity (pg_trgm, `<%`) of every
  word of the query to the title, for typos ("antren" finds "antrean"), which the GIN index
  `complaint_title_trgm_idx` serves. Both indexes come from migration 0006, PostgreSQL only.
- SQLite (the embedded database): the FTS5 table `complaints_complaint_fts` (external
  content, kept in sync by triggers, created by migration 0006 on SQLite only); every word
  must occur, each as a prefix ("antre" finds "antrean").
- Anything else, or an SQLite built without FTS5: `icontains` on title and description.

The SQL below must keep the indexed expressions exactly as migration 0006 writes them.
"""

from __future__ import annotations

import re
from functools import cache

from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import Complaint

FTS_TABLE = "complaints_complaint_fts"
# The indexed expressions (migration 0006 creates the indexes on exactly these).
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, COALESCE({t}title, '') || ' ' || "
    "COALESCE({t}description, ''))"
)
_T = '"complaints_complaint".'
PG_MATCH = PG_DOCUMENT.format(t=_T) + " @@ plainto_tsquery('simple'::regconfig, %s)"
# `word <% title`: the word is similar to a word of the title (pg_trgm's
# word_similarity_threshold, 0.6 by default).
PG_TYPO = f"%s <%% {_T}title"
MAX_WORDS = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def words(query: str) -> list[str]:
    """The words of a query (letters and digits; punctuation dropped), at most
    `MAX_WORDS`."""
    return _WORD.findall(query or "")[:MAX_WORDS]


@cache
def _sqlite_fts_ready(alias: str, name: str) -> bool:
    """Whether this SQLite database has the FTS5 table (cached per database file)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        return cursor.fetchone() is not None


def engine(alias: str = "default") -> str:
    """The search the database `alias` offers: "postgresql", "fts5" or "icontains"."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor == "sqlite" and _sqlite_fts_ready(
        alias, str(connection.settings_dict["NAME"])
    ):
        return "fts5"
    return "icontains"


def fts5_query(query: str) -> str:
    """An FTS5 MATCH expression: every word as a quoted prefix term, all required."""
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words(query))


def offers_typos(alias: str = "default") -> bool:
    """Whether `word_search(..., typos=True)` finds something the plain search does not
    (trigram similarity, PostgreSQL only)."""
    return engine(alias) == "postgresql"


def word_search(
    rows: QuerySet[Complaint], query: str, *, typos: bool = False
) -> QuerySet[Complaint]:
    """The complaints of `rows` whose title or description contain every word of `query`;
    with `typos` (PostgreSQL), those instead whose title has a word close to each word of
    the query (for a second try when the words themselves found nothing: the similarity is
    computed per row, too dear to join every search). Adds no query of its own: the
    condition joins the list's query."""
    found = words(query)
    if not found:
        return rows
    kind = engine(rows.db)
    if kind == "postgresql":
        # Constant SQL; the words are parameters.
        if typos:
            sql, params = " AND ".join([PG_TYPO] * len(found)), found
        else:
            sql, params = PG_MATCH, [" ".join(found)]
        condition = RawSQL(f"({sql})", params, output_field=BooleanField())  # noqa: S611
        return rows.filter(condition)
    if kind == "fts5":
        matching = RawSQL(  # noqa: S611 - constant SQL; the words are a parameter
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [fts5_query(query)],
        )
        return rows.filter(id__in=matching)
    for word in found:
        rows = rows.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return rows
