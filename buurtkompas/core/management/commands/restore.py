"""`buurtkompas restore PATH [--yes]`: check a backup's checksums, then put its database, raw-input
archive and private media in place and compare the rows with the manifest (docs/backup.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from buurtkompas.core import backup


class Command(BaseCommand):
    help = "Restore a backup made by `buurtkompas backup` into the configured database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup folder (buurtkompas-backup-…)")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="overwrite a database (and private media folder) that already holds data",
        )

    def handle(self, *args, path: str, yes: bool, **options):
        try:
            self.restore(Path(path).resolve(), yes=yes)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"the database answered: {str(error).strip()}") from error

    def restore(self, folder: Path, *, yes: bool) -> None:
        manifest = backup.read_manifest(folder)
        backup.verify(folder, manifest)
        self.stdout.write(f"checked: {len(manifest['files'])} files match their checksums")
        kind, here = manifest["vendor"], backup.vendor()
        if kind != here:
            advice = (
                " Restore it into a SQLite file (SQLITE_PATH) and move that with "
                "`buurtkompas move_to_postgres --from FILE`."
                if (kind, here) == ("sqlite", "postgresql")
                else ""
            )
            raise backup.BackupError(
                f"this is a backup of a {kind} database; the configured one is {here}.{advice}"
            )
        ahead = backup.migrations_unknown(manifest["migrations"])
        if ahead:
            raise backup.BackupError(
                f"the backup's database has migrations this code does not know "
                f"({', '.join(ahead[:5])}{', …' if len(ahead) > 5 else ''}): restore it with "
                "the version of Buurtkompas that made it, or a newer one"
            )
        if here == "sqlite":
            backup.sqlite_path().parent.mkdir(parents=True, exist_ok=True)
        rows = backup.database_rows()
        private = Path(settings.PRIVATE_MEDIA_ROOT)
        if rows or not backup.is_empty_dir(private):
            where = f"the database holds {rows:,} rows" if rows else f"{private} holds files"
            if not yes:
                raise backup.BackupError(
                    f"the target is not empty ({where}). Restoring replaces its data; "
                    "run again with --yes to do that"
                )
            self.stdout.write(f"--yes: replacing what is there ({where})")
        backup.restore_database(folder, manifest)
        archived, _ = backup.restore_files(folder / backup.ARCHIVE, Path(settings.ARCHIVE_DIR))
        media, newer = backup.restore_files(folder / backup.PRIVATE, private)
        self.stdout.write(f"raw-input archive: {archived} files; private media: {media} files")
        if newer:
            self.stdout.write(
                f"{newer} files in {private} are not in the backup and were left in place "
                "(uploads made after it, or files it no longer had: remove them by hand if "
                "no record refers to them)"
            )
        found = backup.table_counts()
        wrong = []
        for table, expected in sorted(manifest["row_counts"].items()):
            got = found.get(table)
            self.stdout.write(f"  {table}: {expected} rows" + ("" if got == expected else
                              f", found {got}"))  # fmt: skip
            if got != expected:
                wrong.append(table)
        if wrong:
            raise backup.BackupError(
                f"restored, but {len(wrong)} tables do not hold the rows the manifest counts: "
                + ", ".join(wrong)
            )
        self.stdout.write(
            f"restored: {len(found)} tables, {sum(found.values()):,} rows, as in the backup "
            f"of {manifest.get('created_at', '?')}"
        )
        behind = backup.migrations_missing(manifest["migrations"])
        if behind:
            self.stdout.write(
                f"the backup is {len(behind)} migrations behind this code: "
                "run `buurtkompas migrate` now"
            )
