"""`buurtkompas move_to_postgres --from FILE [--yes]`: copy a SQLite database into the configured
(empty) PostgreSQL database and prove every table arrived (docs/backup.md)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import Error as DatabaseError

from buurtkompas.core import backup, move


class Command(BaseCommand):
    help = "Move the data of a SQLite file into the configured PostgreSQL database."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the SQLite file")
        parser.add_argument(
            "--yes", action="store_true", help="replace the data the PostgreSQL database holds"
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="rows read from SQLite at a time (default 2000); they are written with COPY",
        )

    def handle(self, *args, source: str, yes: bool, batch_size: int, **options):
        try:
            self.move(Path(source).resolve(), yes=yes, batch=max(1, batch_size))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"the database answered: {str(error).strip()}") from error

    def move(self, path: Path, *, yes: bool, batch: int) -> None:
        if backup.vendor() != "postgresql":
            raise backup.BackupError(
                "the configured database is not PostgreSQL: set DB=postgres and the PG* "
                "variables (or DATABASE_URL) to the target database"
            )
        if not path.is_file():
            raise backup.BackupError(f"{path}: no such SQLite file")
        move.open_source(path)
        state = backup.migration_state(move.SOURCE)
        ahead = backup.migrations_unknown(state)
        if ahead:
            raise backup.BackupError(
                f"the SQLite database has migrations this code does not know ({ahead[0]}, …): "
                "move it with the version of Buurtkompas that made it"
            )
        behind = backup.migrations_missing(state)
        if behind:
            raise backup.BackupError(
                f"the SQLite database is not up to date ({len(behind)} migrations missing, "
                f"e.g. {behind[0]}): run `SQLITE_PATH={path} buurtkompas migrate` first"
            )
        rows = backup.database_rows()
        if rows and not yes:
            raise backup.BackupError(
                f"the PostgreSQL database {connections[DEFAULT_DB_ALIAS].settings_dict['NAME']} "
                f"is not empty ({rows:,} rows); run again with --yes to replace its data"
            )
        self.stdout.write(f"moving {path} into PostgreSQL, reading {batch} rows at a time")
        models = move.move(batch=batch, progress=self.stdout.write)
        copied = {m._meta.db_table for m in models}
        with connections[move.SOURCE].cursor() as cursor:
            tables = connections[move.SOURCE].introspection.table_names(cursor)
        left = sorted(set(tables) - copied)
        if left:
            self.stdout.write(f"not copied (not Django models): {', '.join(left)}")
        for hook in backup.after_move_hooks():
            said = hook()
            if said:
                self.stdout.write(said)
        started = time.monotonic()
        compared = move.compare(models)
        wrong = [c for c in compared if not c.same]
        for c in wrong:
            self.stdout.write(f"  DIFFERS {c.table}: {c.source_rows} rows in SQLite, "
                              f"{c.target_rows} in PostgreSQL")  # fmt: skip
        if wrong:
            raise backup.BackupError(f"{len(wrong)} tables differ after the move")
        total = sum(c.source_rows for c in compared)
        self.stdout.write(
            f"moved and compared: {len(compared)} tables, {total:,} rows, every table's rows "
            f"equal in SQLite and PostgreSQL (compared in {time.monotonic() - started:.0f} s)"
        )
