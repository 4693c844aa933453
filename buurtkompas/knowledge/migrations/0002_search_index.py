"""The full-text index of each database (see knowledge/search.py): a `tsvector` table with a GIN
index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

POSTGRES = [
    "CREATE TABLE knowledge_item_search ("
    " item_id integer PRIMARY KEY REFERENCES knowledge_item (id) ON DELETE CASCADE"
    " DEFERRABLE INITIALLY DEFERRED,"
    " vector tsvector NOT NULL)",
    "CREATE INDEX knowledge_item_search_vector ON knowledge_item_search USING GIN (vector)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS knowledge_item_search"]
SQLITE = [
    "CREATE VIRTUAL TABLE knowledge_item_fts USING fts5("
    "title, summary, rest, tokenize = 'unicode61 remove_diacritics 2')"
]
SQLITE_DROP = ["DROP TABLE IF EXISTS knowledge_item_fts"]


def create(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    statements = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
