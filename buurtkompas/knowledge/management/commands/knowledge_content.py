"""`buurtkompas knowledge_content`: load or update the starting content of the knowledge base
(background items and methods, `buurtkompas/knowledge/content/*.json`). Safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from buurtkompas.knowledge import content


class Command(BaseCommand):
    help = "Load or update the knowledge base's starting content (idempotent)."

    def handle(self, *args, **options):
        try:
            report = content.load()
        except content.ContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"knowledge base: {len(report.added)} added, {len(report.changed)} changed, "
            f"{len(report.unchanged)} unchanged"
        )
