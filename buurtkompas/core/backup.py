"""Backups that restore, and the move from SQLite to PostgreSQL (docs/backup.md).

A backup is one folder, `buurtkompas-backup-<UTC time>/`, holding:

- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs, the
  write-ahead log included) or `database.pgdump` (`pg_dump --format=custom`, taken in the
  same snapshot as the row counts);
- `archive/`: the raw-input archive (`settings.ARCHIVE_DIR`);
- `private/`: the private media (`settings.PRIVATE_MEDIA_ROOT`: photos and attachments, which
  are personal data);
- `manifest.json`: format version, time, database vendor, the applied migrations per app, the
  rows of every table, and the sha256 and size of every other file in the folder.

This module only knows the settings and Django; apps that keep tables Django does not model
(the knowledge base's search index) join `register_after_move` so a move rebuilds them.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
ARCHIVE = "archive"
PRIVATE = "private"

_after_move: list[Callable[[], str | None]] = []


class BackupError(Exception):
    """A backup or restore that must not go on; the message says why."""


def register_after_move(hook: Callable[[], str | None]) -> None:
    """`hook()` runs on the target database after `move_to_postgres` copied every model's rows:
    rebuild what is not a Django model (a search index). It may return one line to print."""
    if hook not in _after_move:
        _after_move.append(hook)


def after_move_hooks() -> list[Callable[[], str | None]]:
    return list(_after_move)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover - the loop always returns


def utc_stamp(now: datetime.datetime) -> str:
    return now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H%M%SZ")


def is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


# --- the database -------------------------------------------------------------------------------


def vendor(alias: str = DEFAULT_DB_ALIAS) -> str:
    return connections[alias].vendor


def sqlite_path(alias: str = DEFAULT_DB_ALIAS) -> Path:
    return Path(connections[alias].settings_dict["NAME"])


def sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in rows]


def sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    return {
        table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        for table in sqlite_tables(db)
    }


def sqlite_migrations(db: sqlite3.Connection) -> dict[str, list[str]]:
    if "django_migrations" not in sqlite_tables(db):
        return {}
    state: dict[str, list[str]] = {}
    for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
        state.setdefault(app, []).append(name)
    return state


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API (WAL content included) into a
    self-contained file (rollback journal, so no -wal file belongs to it)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def sqlite_restore(source: Path, target: Path) -> None:
    """Replace the target database's contents by the backup's, page by page (backup API)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    finally:
        dst.close()
        src.close()


def table_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows of every table of a configured database (Django's connection)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def migration_state(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        state: dict[str, list[str]] = {}
        for app, name in cursor.fetchall():
            state.setdefault(app, []).append(name)
        return state


def code_migrations() -> set[tuple[str, str]]:
    """(app, name) of every migration the code on disk has."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def migrations_unknown(state: dict[str, list[str]]) -> list[str]:
    """Applied migrations the code does not have: the data is ahead of the code."""
    known = code_migrations()
    return [f"{app}.{name}" for app, names in state.items() for name in names
            if (app, name) not in known]  # fmt: skip


def migrations_missing(state: dict[str, list[str]]) -> list[str]:
    """Migrations of the code not applied in the state: the data is behind the code."""
    applied = {(app, name) for app, names in state.items() for name in names}
    return sorted(f"{app}.{name}" for app, name in code_migrations() - applied)


def pg_command(program: str, alias: str = DEFAULT_DB_ALIAS) -> tuple[list[str], dict]:
    """The program with the connection's host, port, user and database, and the environment
    with its password (never on the command line)."""
    values = connections[alias].settings_dict
    args = [program]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if values.get(key):
            args += [flag, str(values[key])]
    args += ["--dbname", values["NAME"]]
    env = dict(os.environ)
    if values.get("PASSWORD"):
        env["PGPASSWORD"] = values["PASSWORD"]
    return args, env


def run(args: list[str], env: dict) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed (it comes with the PostgreSQL client)")
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def pg_dump_consistent(target: Path, alias: str = DEFAULT_DB_ALIAS):
    """pg_dump in the very snapshot the row counts and migration state are read in (an
    exported snapshot held open by a repeatable-read transaction)."""
    connection = connections[alias]
    connection.ensure_connection()
    was_autocommit = connection.get_autocommit()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts(alias)
        state = migration_state(alias)
        args, env = pg_command("pg_dump", alias)
        run([*args, "--format=custom", f"--snapshot={snapshot}", "--file", str(target)], env)
    finally:
        connection.rollback()
        connection.set_autocommit(was_autocommit)
    return counts, state


def database_rows(alias: str = DEFAULT_DB_ALIAS) -> int:
    """How many rows the database holds in all its tables (0: empty or no tables)."""
    return sum(table_counts(alias).values())


# --- the backup ---------------------------------------------------------------------------------


@dataclass
class Written:
    folder: Path
    files: int
    size: int
    counts: dict[str, int]


def copy_tree(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def make_backup(target: Path, *, now: datetime.datetime) -> Written:
    """Write a backup into `target` (absent or empty). A backup that fails half-way is removed
    again (it would hold personal data and restore nothing)."""
    if not is_empty_dir(target):
        raise BackupError(f"{target} is not empty: a backup is written into a new folder only")
    for source in (Path(settings.ARCHIVE_DIR), Path(settings.PRIVATE_MEDIA_ROOT)):
        if target.resolve().is_relative_to(source.resolve()):
            raise BackupError(f"{target} is inside {source}, which the backup copies")
    existed = target.exists()
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o700)  # personal data: the owner only
    try:
        return write_backup(target, now=now)
    except BaseException:
        for path in list(target.iterdir()):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        if not existed:
            target.rmdir()
        raise


def write_backup(target: Path, *, now: datetime.datetime) -> Written:
    kind = vendor()
    if kind == "sqlite":
        database = target / SQLITE_FILE
        sqlite_copy(sqlite_path(), database)
        with sqlite3.connect(database) as copy:
            counts, state = sqlite_counts(copy), sqlite_migrations(copy)
        copy.close()
    elif kind == "postgresql":
        counts, state = pg_dump_consistent(target / PG_FILE)
    else:
        raise BackupError(f"cannot back up a {kind} database (SQLite and PostgreSQL only)")
    copy_tree(Path(settings.ARCHIVE_DIR), target / ARCHIVE)
    copy_tree(Path(settings.PRIVATE_MEDIA_ROOT), target / PRIVATE)
    files = {
        str(path.relative_to(target)): {"sha256": file_sha256(path), "size": path.stat().st_size}
        for path in files_of(target)
    }
    manifest = {
        "format": FORMAT,
        "created_at": now.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "vendor": kind,
        "migrations": state,
        "row_counts": counts,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    size = sum(entry["size"] for entry in files.values()) + (target / MANIFEST).stat().st_size
    return Written(target, len(files) + 1, size, counts)


# --- the restore --------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is no backup: it has no {MANIFEST}")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as error:
        raise BackupError(f"{path} is damaged: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    for key in ("vendor", "migrations", "row_counts", "files"):
        if key not in manifest:
            raise BackupError(f"{path} is damaged: it has no {key!r}")
    return manifest


def verify(folder: Path, manifest: dict) -> None:
    """Every file the manifest lists is there with its checksum, and nothing else is."""
    listed = manifest["files"]
    for name, entry in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            raise BackupError(f"the backup is damaged: {name} is missing")
        if path.stat().st_size != entry["size"] or file_sha256(path) != entry["sha256"]:
            raise BackupError(f"the backup is damaged: {name} does not match its checksum")
    present = {str(p.relative_to(folder)) for p in files_of(folder)} - {MANIFEST}
    extra = sorted(present - set(listed))
    if extra:
        raise BackupError(f"the backup holds a file its manifest does not list: {extra[0]}")


def restore_files(source: Path, target: Path) -> tuple[int, int]:
    """Copy a part of the backup into place: (files restored, files already in the target that
    the backup does not have, left in place)."""
    theirs = {p.relative_to(source) for p in files_of(source)} if source.is_dir() else set()
    ours = {p.relative_to(target) for p in files_of(target)} if target.is_dir() else set()
    copy_tree(source, target)
    return len(theirs), len(ours - theirs)


def restore_database(folder: Path, manifest: dict) -> None:
    kind = manifest["vendor"]
    connections.close_all()
    if kind == "sqlite":
        sqlite_restore(folder / SQLITE_FILE, sqlite_path())
    else:
        args, env = pg_command("pg_restore")
        run([*args, "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", str(folder / PG_FILE)], env)  # fmt: skip
    connections.close_all()
