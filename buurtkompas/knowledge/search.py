"""Full-text search in Dutch on both databases.

- PostgreSQL: the `dutch` text search configuration (Snowball's Dutch stemmer) in the table
  `knowledge_item_search` (item id, `tsvector` with the title weighted A, the summary B and the
  rest C, a GIN index); ranked with `ts_rank`.
- SQLite: an FTS5 table `knowledge_item_fts` (title, summary, text) fed with words stemmed by
  the Snowball Dutch stemmer (the `snowballstemmer` package), ranked with `bm25` (title 10,
  summary 4, text 1).

Both tables are made by the migration for their database only (`0002_search_index`) and kept up
to date by `reindex(item)`, which every service that changes an item's text calls. A query's
words must all occur (as a word that starts with the word's stem, so "tochtstrips huurders"
finds "tochtstrip" and "huurder", and "energie" finds "energiecoach"); when no item has them
all, `ranked_ids(..., any_word=True)` finds the items with any of them.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.db import connection

from buurtkompas.knowledge.models import TEXT_FIELDS, Item

WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 12
MIN_WORD = 2

_stemmer = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without diacritics: "Energiecoöperatie" -> "energiecooperatie"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(fold(text)) if len(w) >= MIN_WORD and not w.isdigit()]


def stems(text: str) -> str:
    """The text as a line of Dutch stems, for the SQLite index."""
    return " ".join(stem(w) for w in words(text))


def query_words(query: str) -> list[str]:
    return words(query)[:MAX_QUERY_WORDS]


def parts(item) -> tuple[str, str, str]:
    """(title, summary, the rest) of an item, as plain text."""
    rest = " ".join(getattr(item, name) or "" for name in TEXT_FIELDS[2:])
    return item.title, item.summary, rest


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def reindex(item) -> None:
    """Put the item's current text in the search table of this database."""
    title, summary, rest = parts(item)
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "INSERT INTO knowledge_item_search (item_id, vector) VALUES (%s, "
                "setweight(to_tsvector('dutch', %s), 'A') || "
                "setweight(to_tsvector('dutch', %s), 'B') || "
                "setweight(to_tsvector('dutch', %s), 'C')) "
                "ON CONFLICT (item_id) DO UPDATE SET vector = EXCLUDED.vector",
                [item.pk, fold(title), fold(summary), fold(rest)],
            )
        else:
            cursor.execute("DELETE FROM knowledge_item_fts WHERE rowid = %s", [item.pk])
            cursor.execute(
                "INSERT INTO knowledge_item_fts (rowid, title, summary, rest) "
                "VALUES (%s, %s, %s, %s)",
                [item.pk, stems(title), stems(summary), stems(rest)],
            )


def forget(item_id: int) -> None:
    """Take a deleted item out of the index (PostgreSQL's rows cascade)."""
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM knowledge_item_fts WHERE rowid = %s", [item_id])


def match_sql(query: str, *, any_word: bool = False) -> tuple[str, list] | None:
    """(SQL selecting the ids of matching items ordered by relevance, params), or None when the
    query has no words to search."""
    found = query_words(query)
    if not found:
        return None
    joiner = " | " if any_word else " & "
    if is_postgres():
        tsquery = joiner.join(f"{w}:*" for w in found)  # \w+ only: nothing to escape
        return (
            "SELECT s.item_id FROM knowledge_item_search s, to_tsquery('dutch', %s) q "
            "WHERE s.vector @@ q ORDER BY ts_rank(s.vector, q) DESC, s.item_id DESC",
            [tsquery],
        )
    fts = (" OR " if any_word else " AND ").join(f'"{stem(w)}"*' for w in found)
    return (
        "SELECT rowid FROM knowledge_item_fts WHERE knowledge_item_fts MATCH %s "
        "ORDER BY bm25(knowledge_item_fts, 10.0, 4.0, 1.0), rowid DESC",
        [fts],
    )


def ranked_ids(query: str, *, any_word: bool = False) -> list[int]:
    """The ids of every item whose text matches, the most relevant first."""
    sql = match_sql(query, any_word=any_word)
    if sql is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*sql)
        return [row[0] for row in cursor.fetchall()]


def reindex_all() -> str:
    """Rebuild this database's search table from every item (after `move_to_postgres`, which
    copies Django's tables only)."""
    count = 0
    for item in Item.objects.order_by("pk").iterator(chunk_size=500):
        reindex(item)
        count += 1
    return f"knowledge search index rebuilt: {count} items"
