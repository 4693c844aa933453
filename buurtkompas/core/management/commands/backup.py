"""`buurtkompas backup [--to DIR]`: the database, the raw-input archive and the private media in
one folder with a manifest of checksums (docs/backup.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError
from django.utils import timezone

from buurtkompas.core import backup


class Command(BaseCommand):
    help = "Back up the database, the raw-input archive and the private media into one folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            help="the folder to write (absent or empty); default: "
            "BUURTKOMPAS_BACKUP_DIR/buurtkompas-backup-<UTC time>",
        )

    def handle(self, *args, to: str | None, **options):
        now = timezone.now()
        target = (
            Path(to)
            if to
            else Path(settings.BACKUP_DIR) / (f"buurtkompas-backup-{backup.utc_stamp(now)}")
        )
        try:
            written = backup.make_backup(target.resolve(), now=now)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"the database answered: {str(error).strip()}") from error
        rows = sum(written.counts.values())
        self.stdout.write(
            f"database: {backup.vendor()}, {len(written.counts)} tables, {rows:,} rows"
        )
        parts = ((backup.ARCHIVE, "raw-input archive"), (backup.PRIVATE, "private media"))
        for part, label in parts:
            files = backup.files_of(written.folder / part)
            size = sum(f.stat().st_size for f in files)
            self.stdout.write(f"{label}: {len(files)} files, {backup.human_size(size)}")
        self.stdout.write(
            f"written: {written.files} files, {backup.human_size(written.size)}, "
            "with their checksums in manifest.json"
        )
        self.stdout.write(str(written.folder))
