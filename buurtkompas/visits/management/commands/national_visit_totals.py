"""`buurtkompas national_visit_totals`: rebuild the national household-visit totals per gemeente
(a derived table for national reports; run daily from the scheduler, safe to run again)."""

import time

from django.core.management.base import BaseCommand

from buurtkompas.visits.services import national_totals_refresh


class Command(BaseCommand):
    help = "Rebuild the national household-visit totals per gemeente from every team's visits."

    def handle(self, *args, **opts):
        start = time.perf_counter()
        rows = national_totals_refresh()
        seconds = time.perf_counter() - start
        self.stdout.write(f"national visit totals: {rows} gemeente row(s) in {seconds:.1f} s")
