"""`buurtkompas crosswalk [--refused | --joined]`: every pair of same-code regions of different
indeling years that the last recompute joined after normalising their names, and every pair it
refused (atlas.crosswalk). Pairs with equal names are joined and not listed."""

from django.core.management.base import BaseCommand

from buurtkompas.atlas.models import Derivation


class Command(BaseCommand):
    help = "List the regions the crosswalk joined across indeling years, and those it refused."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--refused", action="store_true", help="only the refused pairs")
        which.add_argument("--joined", action="store_true", help="only the joined pairs")

    def handle(self, *args, refused=False, joined=False, **opts):
        derivation = Derivation.objects.order_by("-id").first()
        if derivation is None:
            self.stdout.write("nothing derived yet: run `buurtkompas import all` first")
            return
        report = derivation.crosswalk or {}
        for kind in ("joined", "refused"):
            if (refused and kind == "joined") or (joined and kind == "refused"):
                continue
            pairs = report.get(kind, [])
            self.stdout.write(f"{kind}: {len(pairs)}")
            for code, year_a, name_a, year_b, name_b, how in pairs:
                self.stdout.write(f"  {code}  {year_a} {name_a!r}  ~  {year_b} {name_b!r}  ({how})")
