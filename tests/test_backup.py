"""Backups that restore, and the move from SQLite to PostgreSQL (docs/backup.md).

Everything runs as the operator would: the `buurtkompas` command in a subprocess, on real SQLite
files and real PostgreSQL databases made for these tests (never the test session's database).
A SQLite database is seeded once per module (migrate, wijken 2024, the demo team, the knowledge
base's starting content, a few private files); each test works on its own copy. A restore is
proved by comparing every table's rows (sorted) with the source, and the archive and private
media file by file. The PostgreSQL tests skip only when no server runs (they fail on CI)."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PRIVATE_FILES = {
    "visits/meter-readings/2026/12/meter-1.jpg": b"\xff\xd8\xff\xe0 a meter photo \xff\xd9",
    "knowledge/attachments/2026/12/checklist.pdf": b"%PDF-1.4 a checklist\n%%EOF\n",
}
# per pytest-xdist worker: the two workers never share a database
WORKER = os.getenv("PYTEST_XDIST_WORKER", "main")
MOVE_DB = f"buurtkompas_test_move_{WORKER}"
RESTORE_DB = f"buurtkompas_test_restore_{WORKER}"
SEARCH_TABLES = {"knowledge_item_fts", "knowledge_item_search"}  # made by hand, not models


# Once: the commands run in subprocesses on their own files and databases, whatever the
# session's database.
pytestmark = pytest.mark.skipif(
    os.getenv("DB") == "postgres", reason="runs once, in the SQLite session"
)


def environment(tmp: Path, **values: str) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        DB="sqlite",
        DEBUG="true",
        PYTHONPATH=str(ROOT),
        BUURTKOMPAS_ARCHIVE_DIR=str(tmp / "archive"),
        BUURTKOMPAS_PRIVATE_MEDIA_DIR=str(tmp / "private"),
        BUURTKOMPAS_BACKUP_DIR=str(tmp / "backups"),
    )
    env.update(values)
    return env


def cli(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(BIN / "buurtkompas"), *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if check and result.returncode != 0:
        raise AssertionError(f"buurtkompas {' '.join(args)} failed:\n{result.stderr}")
    return result


def sqlite_env(tmp: Path, name: str) -> dict:
    return environment(tmp, SQLITE_PATH=str(tmp / name))


def copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def sorted_rows(rows) -> list:
    return sorted(rows, key=repr)


def sqlite_tables(path: Path) -> dict[str, list]:
    """Every table of a SQLite file -> its rows, sorted."""
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]  # fmt: skip
        tables = {n: sorted_rows(db.execute(f'SELECT * FROM "{n}"').fetchall()) for n in names}
    db.close()
    return tables


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def backup_folder(result: subprocess.CompletedProcess) -> Path:
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, data_dir):
    """A migrated SQLite database with wijken, the demo team and the knowledge base's starting
    content, its raw-input archive and private files: (folder, environment)."""
    tmp = tmp_path_factory.mktemp("seeded")
    env = sqlite_env(tmp, "seed.sqlite3")
    cli(env, "migrate", "--noinput")
    cli(env, "import", "boundaries", "--from", str(data_dir / "geo" / "wijken_2024.geojson"))
    cli(env, "demo")
    cli(env, "knowledge_content")
    for name, content in PRIVATE_FILES.items():
        (tmp / "private" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "private" / name).write_bytes(content)
    return tmp, env


@pytest.fixture
def site(seeded, tmp_path):
    """A copy of the seeded site in this test's folder: (environment, database path)."""
    folder, _ = seeded
    copy_sqlite(folder / "seed.sqlite3", tmp_path / "site.sqlite3")
    shutil.copytree(folder / "archive", tmp_path / "archive")
    shutil.copytree(folder / "private", tmp_path / "private")
    return sqlite_env(tmp_path, "site.sqlite3"), tmp_path / "site.sqlite3"


def restore_env(tmp_path: Path) -> dict:
    """An empty place to restore into: a new SQLite file, archive and private folders."""
    return environment(
        tmp_path,
        SQLITE_PATH=str(tmp_path / "restored.sqlite3"),
        BUURTKOMPAS_ARCHIVE_DIR=str(tmp_path / "restored-archive"),
        BUURTKOMPAS_PRIVATE_MEDIA_DIR=str(tmp_path / "restored-private"),
    )


def test_it_restores_a_sqlite_backup_into_an_empty_database_with_every_row_and_file(site, tmp_path):
    env, database = site
    made = cli(env, "backup")
    folder = backup_folder(made)
    assert folder.parent == tmp_path / "backups"
    assert folder.name.startswith("buurtkompas-backup-") and folder.name.endswith("Z")
    assert "written:" in made.stdout and "private media: 2 files" in made.stdout
    assert folder.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["vendor"] == "sqlite" and manifest["format"] == 1
    assert "0002_search_index" in manifest["migrations"]["knowledge"]
    assert manifest["row_counts"]["knowledge_item"] >= 15
    assert set(manifest["files"]) >= {"database.sqlite3", *(f"private/{n}" for n in PRIVATE_FILES)}

    restored = cli(restore_env(tmp_path), "restore", str(folder))

    assert "restored:" in restored.stdout
    source, copy = sqlite_tables(database), sqlite_tables(tmp_path / "restored.sqlite3")
    assert set(copy) == set(source) and len(source) > 90
    for table, rows in source.items():
        assert copy[table] == rows, f"{table} differs after the restore"
    assert files_in(tmp_path / "restored-private") == files_in(tmp_path / "private")
    assert files_in(tmp_path / "restored-archive") == files_in(tmp_path / "archive")
    assert files_in(tmp_path / "restored-archive")  # the import's raw input is in it


def test_it_backs_up_rows_still_in_the_write_ahead_log(site, tmp_path):
    """The site runs: a connection holds the database open in WAL mode with a committed row
    that was not checkpointed into the file yet. The backup has it."""
    env, database = site
    live = sqlite3.connect(database)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute(
        "INSERT INTO accounts_organisation (name, kind, gemeente_code) "
        "VALUES ('Wal Welzijn', 'welzijnsorganisatie', 'GM0599')"
    )
    live.commit()
    try:
        assert Path(f"{database}-wal").stat().st_size > 0
        folder = backup_folder(cli(env, "backup", "--to", str(tmp_path / "b")))
        cli(restore_env(tmp_path), "restore", str(folder))
    finally:
        live.close()
    with sqlite3.connect(tmp_path / "restored.sqlite3") as db:
        names = [r[0] for r in db.execute("SELECT name FROM accounts_organisation")]
    db.close()
    assert "Wal Welzijn" in names


def test_it_refuses_a_damaged_backup_naming_the_file(site, tmp_path):
    env, _ = site
    folder = backup_folder(cli(env, "backup", "--to", str(tmp_path / "b")))
    damaged = folder / "private" / "visits/meter-readings/2026/12/meter-1.jpg"
    damaged.write_bytes(damaged.read_bytes().replace(b"meter", b"metre"))

    result = cli(restore_env(tmp_path), "restore", str(folder), "--yes", check=False)

    assert result.returncode != 0
    assert "private/visits/meter-readings/2026/12/meter-1.jpg" in result.stderr
    assert "checksum" in result.stderr
    assert not (tmp_path / "restored.sqlite3").exists()  # nothing was touched
    assert not (tmp_path / "restored-private").exists()


def test_it_refuses_a_backup_with_a_missing_or_unlisted_file(site, tmp_path):
    env, _ = site
    folder = backup_folder(cli(env, "backup", "--to", str(tmp_path / "b")))
    (folder / "private" / "stray.txt").write_text("not from the backup")
    result = cli(restore_env(tmp_path), "restore", str(folder), check=False)
    assert result.returncode != 0 and "private/stray.txt" in result.stderr
    (folder / "private" / "stray.txt").unlink()
    (folder / "database.sqlite3").unlink()
    result = cli(restore_env(tmp_path), "restore", str(folder), check=False)
    assert result.returncode != 0 and "database.sqlite3 is missing" in result.stderr


def test_it_refuses_a_non_empty_target_unless_told_yes(site, tmp_path):
    env, database = site
    folder = backup_folder(cli(env, "backup", "--to", str(tmp_path / "b")))
    # Somebody adds data after the backup: restoring over it must be asked for.
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM knowledge_itemtheme")
    db.close()

    (tmp_path / "private" / "later.jpg").write_bytes(b"uploaded after the backup")

    refused = cli(env, "restore", str(folder), check=False)

    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "--yes" in refused.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM knowledge_itemtheme").fetchone()[0] == 0
    db.close()

    done = cli(env, "restore", str(folder), "--yes")

    assert "--yes: replacing" in done.stdout
    assert "1 files in" in done.stdout and "left in place" in done.stdout
    themes = json.loads((folder / "manifest.json").read_text())["row_counts"]["knowledge_itemtheme"]
    assert f"knowledge_itemtheme: {themes} rows" in done.stdout and themes > 0
    assert sqlite_tables(database) == sqlite_tables(folder / "database.sqlite3")


def test_it_refuses_a_backup_made_by_newer_code(site, tmp_path):
    env, _ = site
    folder = backup_folder(cli(env, "backup", "--to", str(tmp_path / "b")))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["migrations"]["knowledge"].append("0099_from_the_future")
    (folder / "manifest.json").write_text(json.dumps(manifest))

    result = cli(restore_env(tmp_path), "restore", str(folder), check=False)

    assert result.returncode != 0
    assert "knowledge.0099_from_the_future" in result.stderr
    assert not (tmp_path / "restored.sqlite3").exists()


def test_it_refuses_to_write_a_backup_into_a_non_empty_folder(site, tmp_path):
    env, _ = site
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("keep me")
    result = cli(env, "backup", "--to", str(tmp_path / "full"), check=False)
    assert result.returncode != 0 and "not empty" in result.stderr
    assert files_in(tmp_path / "full") == {"something": b"keep me"}


def test_it_leaves_no_half_backup_when_the_database_cannot_be_read(tmp_path):
    env = environment(tmp_path, DB="postgres", PGHOST="127.0.0.1", PGPORT="1")  # nobody listens
    result = cli(env, "backup", "--to", str(tmp_path / "b"), check=False)
    assert result.returncode != 0
    assert "the database answered" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "b").exists()


def test_it_refuses_a_sqlite_backup_on_postgresql_and_points_to_the_move(site, tmp_path):
    env, _ = site
    folder = backup_folder(cli(env, "backup", "--to", str(tmp_path / "b")))
    target = environment(tmp_path, DB="postgres", PGDATABASE="buurtkompas_no_such_db")
    result = cli(target, "restore", str(folder), check=False)
    assert result.returncode != 0 and "move_to_postgres" in result.stderr


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_env(tmp: Path, database: str) -> dict:
    env = environment(tmp, DB="postgres", PGDATABASE=database)
    env.setdefault("PGPASSWORD", "buurtkompas")
    env.setdefault("PGHOST", "127.0.0.1")
    env.setdefault("PGUSER", "buurtkompas")
    return env


def require_postgres(env: dict) -> None:
    running = shutil.which("pg_isready") is not None and (
        subprocess.run(["pg_isready", "-h", env["PGHOST"], "-q"]).returncode == 0
    )
    if not running:
        if os.getenv("CI") == "true":
            pytest.fail("PostgreSQL must run on CI")
        pytest.skip("no PostgreSQL server runs here")


def psql(env: dict, sql: str, database: str = "postgres") -> None:
    args = ["psql", "-h", env["PGHOST"], "-U", env["PGUSER"], "-d", database, "-qc", sql]
    subprocess.run(args, env=env, check=True, capture_output=True)


def fresh_database(env: dict, name: str) -> None:
    psql(env, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(env, f"CREATE DATABASE {name}")


def drop_database(env: dict, name: str) -> None:
    subprocess.run(
        ["psql", "-h", env["PGHOST"], "-U", env["PGUSER"], "-d", "postgres", "-qc",
         f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
        env=env, capture_output=True,
    )  # fmt: skip


def postgres_tables(env: dict, database: str) -> dict[str, list]:
    """Every table of a PostgreSQL database -> its rows, sorted."""
    import psycopg

    with psycopg.connect(
        host=env["PGHOST"], user=env["PGUSER"], password=env["PGPASSWORD"], dbname=database
    ) as db:
        names = [r[0] for r in db.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )]  # fmt: skip
        return {n: sorted_rows(db.execute(f'SELECT * FROM "{n}"').fetchall()) for n in names}


# Every table of the configured database as Django reads it (types converted by the fields),
# rows sorted, values in one text form: what the application sees must be the same after a move.
DUMP = """
import datetime, decimal, json, sys
from django.apps import apps
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

def plain(v):
    if isinstance(v, datetime.datetime):
        return (v.astimezone(datetime.UTC) if v.tzinfo else v).isoformat()
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v.normalize())
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True)
    if isinstance(v, (bytes, memoryview)):
        return bytes(v).hex()
    return v

models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
models["django_migrations"] = MigrationRecorder.Migration
out = {"tables": {}, "unmodelled": []}
for table in connection.introspection.table_names():
    model = models.get(table)
    if model is None:
        out["unmodelled"].append(table)
        continue
    names = [f.attname for f in model._meta.concrete_fields]
    rows = [[plain(v) for v in row] for row in model._base_manager.values_list(*names)]
    out["tables"][table] = sorted(rows, key=lambda r: json.dumps(r, default=str))
json.dump(out, open(sys.argv[-1], "w"), default=str)
"""


def django_tables(env: dict, target: Path) -> dict:
    script = target.with_suffix(".py")
    script.write_text(DUMP)
    cli(env, "shell", "-c", f"import sys; sys.argv.append({str(target)!r}); "
        f"exec(open({str(script)!r}).read())")  # fmt: skip
    return json.loads(target.read_text())


@pytest.fixture(scope="module")
def moved(seeded):
    """The seeded SQLite database moved into the PostgreSQL database MOVE_DB:
    (the command's output, the PostgreSQL environment)."""
    folder, _ = seeded
    env = postgres_env(folder, MOVE_DB)
    require_postgres(env)
    fresh_database(env, MOVE_DB)
    result = cli(env, "move_to_postgres", "--from", str(folder / "seed.sqlite3"), check=False)
    yield result, env
    drop_database(env, MOVE_DB)


def test_it_moves_sqlite_to_postgresql_with_every_table_equal(moved, seeded, tmp_path):
    result, env = moved
    assert result.returncode == 0, result.stderr
    assert "every table's rows equal" in result.stdout
    assert "knowledge search index rebuilt" in result.stdout
    folder, sqlite = seeded

    before = django_tables(sqlite, tmp_path / "sqlite.json")
    after = django_tables(env, tmp_path / "postgres.json")

    # The tables Django does not model are only the search indexes, rebuilt for each database.
    assert "knowledge_item_fts" in before["unmodelled"]  # with FTS5's own shadow tables
    assert all(t.startswith("knowledge_item_fts") for t in before["unmodelled"])
    assert after["unmodelled"] == ["knowledge_item_search"]
    assert set(after["tables"]) == set(before["tables"]) and len(before["tables"]) > 90
    for table, rows in before["tables"].items():
        assert after["tables"][table] == rows, f"{table} differs after the move"
    assert len(before["tables"]["knowledge_item"]) >= 15


def test_it_finds_starting_content_in_the_knowledge_search_after_the_move(moved):
    result, env = moved
    assert result.returncode == 0, result.stderr
    found = cli(env, "shell", "-c",
        "from buurtkompas.knowledge import search; from buurtkompas.knowledge.models import Item; "
        "ids = search.ranked_ids('keukentafel'); "
        "print([Item.objects.get(pk=i).title for i in ids])")  # fmt: skip
    assert "het eerste gesprek aan de keukentafel" in found.stdout
    counted = cli(env, "shell", "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SELECT (SELECT COUNT(*) FROM knowledge_item_search), "
        "(SELECT COUNT(*) FROM knowledge_item)'); print(c.fetchone())")  # fmt: skip
    indexed, items = eval(counted.stdout.strip().splitlines()[-1])  # noqa: S307 - our own tuple
    assert indexed == items > 0


def test_it_refuses_to_move_into_a_non_empty_postgresql_database_unless_told_yes(moved, seeded):
    result, env = moved
    assert result.returncode == 0, result.stderr
    folder, _ = seeded
    refused = cli(env, "move_to_postgres", "--from", str(folder / "seed.sqlite3"), check=False)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "--yes" in refused.stderr


def test_it_restores_a_postgresql_backup_into_an_empty_database_with_every_row(moved, tmp_path):
    result, env = moved
    assert result.returncode == 0, result.stderr
    source = environment(tmp_path, **{k: v for k, v in env.items() if k.startswith("PG")},
                         DB="postgres")  # fmt: skip
    (tmp_path / "private" / "photos").mkdir(parents=True)
    (tmp_path / "private" / "photos" / "1.jpg").write_bytes(b"\xff\xd8 photo \xff\xd9")
    folder = backup_folder(cli(source, "backup", "--to", str(tmp_path / "b")))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["vendor"] == "postgresql" and "database.pgdump" in manifest["files"]
    target = postgres_env(tmp_path, RESTORE_DB) | {
        "BUURTKOMPAS_ARCHIVE_DIR": str(tmp_path / "restored-archive"),
        "BUURTKOMPAS_PRIVATE_MEDIA_DIR": str(tmp_path / "restored-private"),
    }
    fresh_database(target, RESTORE_DB)
    try:
        done = cli(target, "restore", str(folder))
        before, after = postgres_tables(env, MOVE_DB), postgres_tables(target, RESTORE_DB)
        again = cli(target, "restore", str(folder), check=False)
    finally:
        drop_database(target, RESTORE_DB)

    assert "restored:" in done.stdout
    assert set(after) == set(before) and "knowledge_item_search" in before
    for table, rows in before.items():
        assert after[table] == rows, f"{table} differs after the restore"
    assert files_in(tmp_path / "restored-private") == files_in(tmp_path / "private")
    assert again.returncode != 0 and "--yes" in again.stderr
