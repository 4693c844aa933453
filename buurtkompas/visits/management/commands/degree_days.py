"""`buurtkompas degree_days --online --from YYYY-MM-DD --to YYYY-MM-DD` or `--file PATH`.

Loads KNMI's daily mean temperatures (De Bilt, station 260) for weather-corrected gas use, then
recomputes the stored measured change of the done follow-up visits (the gas figures may now be
weather-corrected). With
--online the answer of the KNMI daggegevens service (settings.KNMI_DAILY_URL) is downloaded into
a scratch folder that is removed afterwards; the archive keeps the copy by checksum.
"""

import tempfile
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from buurtkompas.pipeline.sources.base import InputError
from buurtkompas.visits import knmi
from buurtkompas.visits.services import measured_changes_recompute
from buurtkompas.visits.weather_services import daily_temperatures_load


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date like 2024-01-31") from None


class Command(BaseCommand):
    help = "Load KNMI daily mean temperatures (De Bilt) for degree days: --online or --file."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--online", action="store_true", help="download from KNMI")
        source.add_argument("--file", help="a saved answer of the KNMI daggegevens service")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (--online)")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (--online)")
        parser.add_argument("--station", type=int, default=knmi.STATION_DE_BILT)

    def handle(self, *args, **opts):
        try:
            if opts["online"]:
                summary = self.online(opts)
            else:
                summary = daily_temperatures_load(Path(opts["file"]))
        except InputError as exc:
            raise CommandError(f"degree days not loaded, nothing was changed: {exc}") from None
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(str(knmi.ATTRIBUTION))
        if not summary.nothing_changed:
            count = measured_changes_recompute()
            self.stdout.write(f"measured change recomputed for {count} follow-up visit(s)")

    def online(self, opts):
        if not (opts["start"] and opts["end"]):
            raise CommandError("--online needs --from YYYY-MM-DD and --to YYYY-MM-DD")
        start, end = iso_date(opts["start"]), iso_date(opts["end"])
        url = settings.KNMI_DAILY_URL
        with tempfile.TemporaryDirectory(prefix="buurtkompas-knmi-") as scratch:
            self.stderr.write(f"downloading {start} to {end} from {url} …")
            path = knmi.download_daily(url, start, end, Path(scratch), station=opts["station"])
            return daily_temperatures_load(path, origin=url)
