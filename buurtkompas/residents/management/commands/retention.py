"""`buurtkompas retention [--months N] [--dry-run]`: anonymise residents' contacts without
activity for N months (default settings.RETENTION_MONTHS) and print, per team, what was done.

Safe for cron: running it again does nothing new, it exits 0, and it prints only the report
(`-v 0` prints nothing at all). Names are never printed; teams are named, contacts counted.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from buurtkompas.residents.services import contacts_anonymise_inactive


class Command(BaseCommand):
    help = "Anonymise residents' contacts without activity for N months (the retention rule)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.RETENTION_MONTHS,
            help=f"months without activity (default {settings.RETENTION_MONTHS})",
        )
        parser.add_argument("--dry-run", action="store_true", help="only report, change nothing")

    def handle(self, *args, months: int, dry_run: bool = False, verbosity: int = 1, **opts):
        if months < 1:
            raise CommandError("--months must be at least 1")
        report = contacts_anonymise_inactive(months=months, dry_run=dry_run)
        if verbosity < 1:
            return
        verb = "would be anonymised" if dry_run else "anonymised"
        if not report:
            self.stdout.write(f"No contacts without activity for {months} months: nothing {verb}.")
        for team, count in sorted(report.items()):
            noun = "contact" if count == 1 else "contacts"
            self.stdout.write(f"{team}: {count} {noun} {verb} (no activity for {months} months)")
