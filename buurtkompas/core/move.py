"""The move from SQLite to PostgreSQL (`buurtkompas move_to_postgres`, docs/backup.md).

The source SQLite file is opened as a second database ("source"); the target is the configured
PostgreSQL database. The target is migrated, every model table (and `django_migrations`) is
emptied and filled from the source in batches, in one transaction, the sequences are reset, the
after-move hooks rebuild what is not a model (the knowledge search index), and every table's
rows are compared by count and by a checksum of the rows as Django reads them.
"""

import datetime
import decimal
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

SOURCE = "source"


def open_source(path: Path) -> None:
    """Configure the SQLite file as the database alias "source", opened read-only: the move
    never changes the file it moves."""
    config = {"ENGINE": "django.db.backends.sqlite3", "NAME": f"file:{path}?mode=ro"}
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), SOURCE: config}
    )
    connections.settings[SOURCE] = configured[SOURCE]


def models_in_order() -> list:
    """Every concrete, managed model (auto-created many-to-many tables included) and the
    migration record, ordered so a table comes after the tables it refers to (cycles are fine:
    PostgreSQL's foreign keys from Django are deferred to the commit)."""
    candidates = [
        m for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]  # fmt: skip
    candidates.append(MigrationRecorder.Migration)
    by_table = {m._meta.db_table: m for m in candidates}
    ordered, seen = [], set()

    def visit(model, path=()):
        table = model._meta.db_table
        if table in seen or table in path:
            return
        for field in model._meta.concrete_fields:
            if field.remote_field and field.related_model is not None:
                target = field.related_model._meta.db_table
                if target in by_table and target != table:
                    visit(by_table[target], (*path, table))
        if table not in seen:
            seen.add(table)
            ordered.append(model)

    for model in sorted(by_table.values(), key=lambda m: m._meta.db_table):
        visit(model)
    return ordered


def fields_of(model) -> list:
    return list(model._meta.concrete_fields)


def rows(model, alias: str, batch: int) -> Iterator[tuple]:
    names = [f.attname for f in fields_of(model)]
    query = model._base_manager.using(alias).order_by("pk").values_list(*names)
    return query.iterator(chunk_size=batch)


def copy_model(model, batch: int) -> int:
    """Write the source's rows of one model into the target with PostgreSQL's COPY, values
    prepared by each field for PostgreSQL (`auto_now` fields keep their stored times)."""
    target = connections[DEFAULT_DB_ALIAS]
    fields = fields_of(model)
    quote = target.ops.quote_name
    sql = (
        f"COPY {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    )
    count = 0
    with target.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows(model, SOURCE, batch):
            values = zip(fields, row, strict=True)
            copy.write_row([f.get_db_prep_save(v, connection=target) for f, v in values])
            count += 1
    return count


def plain(value):
    """A value as the same text on both databases."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value == value else "NaN"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=plain)
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    return value


def fingerprint(model, alias: str, batch: int = 2000) -> tuple[int, str]:
    """(rows, checksum of the rows) of one model's table on one database: the sum of every
    row's sha256, so the order the database returns rows in (text keys sort by the database's
    collation) does not matter, and two equal rows count twice."""
    total, count = 0, 0
    for row in rows(model, alias, batch):
        line = json.dumps([plain(v) for v in row], default=str).encode()
        total = (total + int.from_bytes(hashlib.sha256(line).digest(), "big")) % (1 << 256)
        count += 1
    return count, f"{total:064x}"


@dataclass
class Compared:
    table: str
    source_rows: int
    target_rows: int
    same: bool


def move(*, batch: int, progress) -> list:
    """Migrate the target, copy every model, reset the sequences; returns the models copied."""
    started = time.monotonic()
    call_command("migrate", database=DEFAULT_DB_ALIAS, interactive=False, verbosity=0)
    progress(f"migrated the PostgreSQL database ({time.monotonic() - started:.0f} s)")
    started = time.monotonic()
    models = models_in_order()
    target = connections[DEFAULT_DB_ALIAS]
    quote = target.ops.quote_name
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        with target.cursor() as cursor:
            tables = ", ".join(quote(m._meta.db_table) for m in models)
            # CASCADE also empties tables that refer to these without being models.
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        for model in models:
            copied = copy_model(model, batch)
            progress(f"  {model._meta.db_table}: {copied:,} rows")
        with target.cursor() as cursor:
            for sql in target.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    progress(f"copied {len(models)} tables, sequences reset ({time.monotonic() - started:.0f} s)")
    return models


def compare(models: list) -> list[Compared]:
    result = []
    for model in models:
        source = fingerprint(model, SOURCE)
        target = fingerprint(model, DEFAULT_DB_ALIAS)
        result.append(Compared(model._meta.db_table, source[0], target[0], source == target))
    return result
