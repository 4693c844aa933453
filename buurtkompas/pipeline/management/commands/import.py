"""`buurtkompas import <source> [--year] [--from PATH | --online]`, `buurtkompas import all`
(the shared data folder) and `buurtkompas import all --online --year YEAR` (CBS and PDOK)."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from buurtkompas.pipeline import downloads, fetch
from buurtkompas.pipeline.load import after_load, run_import
from buurtkompas.pipeline.online import OnlineImport
from buurtkompas.pipeline.registry import DATA_DIR_LAYOUT, SOURCES
from buurtkompas.pipeline.sources import cbs_odata, kwb
from buurtkompas.pipeline.sources.base import InputError


class Command(BaseCommand):
    help = "Import a source file (or everything found in BUURTKOMPAS_DATA_DIR with 'all')."

    def add_arguments(self, parser):
        parser.add_argument("source", choices=[*SOURCES, "all"])
        parser.add_argument("--from", dest="path", help="file, folder or http(s) URL to read")
        parser.add_argument("--year", type=int, help="year of the figures (or the indeling)")
        parser.add_argument("--level", choices=["gemeente", "wijk", "buurt"])
        parser.add_argument(
            "--online",
            action="store_true",
            help="kwb: download the table from the CBS OData API; all (with --year): the "
            "national set of that year from CBS and PDOK",
        )
        parser.add_argument("--filter", default="", help="OData $filter for --online")
        parser.add_argument("--force", action="store_true", help="reload an identical file")

    def handle(self, *args, **opts):
        try:
            if opts["source"] == "all" and opts["online"]:
                return self.import_all_online(opts)
            if opts["source"] == "all":
                return self.import_all(opts)
            # An online download goes to a scratch folder; the import archives it by checksum.
            with tempfile.TemporaryDirectory(prefix="buurtkompas-") as scratch:
                path = self.resolve_path(opts, Path(scratch))
                self.report(
                    run_import(
                        opts["source"],
                        path,
                        year=opts["year"],
                        force=opts["force"],
                        origin=opts["path"] if fetch.is_url(opts["path"] or "") else None,
                        **({"level": opts["level"]} if opts["level"] else {}),
                    )
                )
        except downloads.Offline as exc:
            raise CommandError(
                f"no connection to {exc.host}: {exc.reason} — the offline data in "
                "BUURTKOMPAS_DATA_DIR loads with `buurtkompas import all`"
            ) from None
        except InputError as exc:
            raise CommandError(f"import failed, nothing was changed: {exc}") from None

    def resolve_path(self, opts, scratch: Path) -> Path:
        if opts["online"]:
            if opts["source"] != "kwb" or not opts["year"]:
                raise CommandError("--online needs the kwb source and --year")
            return self.download(opts, scratch)
        if not opts["path"]:
            raise CommandError("pass --from PATH or URL (or --online for kwb)")
        if fetch.is_url(opts["path"]):
            self.stderr.write(f"downloading {opts['path']} …")
            return fetch.download(opts["path"], scratch)
        return Path(opts["path"])

    def download(self, opts, scratch: Path) -> Path:
        table = kwb.TABLES.get(opts["year"])
        if not table:
            known = ", ".join(str(year) for year in sorted(kwb.TABLES))
            raise CommandError(
                f"no known Kerncijfers table for {opts['year']} (known years: {known})"
            )
        target = scratch / f"cbs-{table}"
        self.stderr.write(f"downloading {table} from {settings.CBS_ODATA_URL} …")
        return cbs_odata.download_table(
            settings.CBS_ODATA_URL, table, target, row_filter=opts["filter"]
        )

    def import_all(self, opts) -> None:
        data_dir = Path(settings.DATA_DIR)
        found = [
            (s, data_dir / rel, o) for s, rel, o in DATA_DIR_LAYOUT if (data_dir / rel).exists()
        ]
        if not found:
            self.stderr.write(f"no source files found in {data_dir} (set BUURTKOMPAS_DATA_DIR)")
        changed = False
        for source, path, options in found:
            summary = run_import(source, path, force=opts["force"], derive=False, **options)
            changed = changed or not summary.already_loaded
            self.report(summary)
        if changed:
            after_load()
            self.stdout.write("derived indicators recomputed")
            self.report_crosswalk()

    def report_crosswalk(self) -> None:
        """The crosswalk is derived (atlas), so it is read by name: the pipeline imports no
        feature app."""
        from django.apps import apps

        derivation = apps.get_model("atlas", "Derivation").objects.order_by("-id").first()
        report = (derivation.crosswalk if derivation else None) or {}
        if report:
            self.stdout.write(
                f"crosswalk between indelingen: {len(report.get('joined', []))} same-code areas "
                f"joined after normalising their names, {len(report.get('refused', []))} refused "
                "(names differ); `buurtkompas crosswalk` lists every pair"
            )

    def import_all_online(self, opts) -> None:
        if not opts["year"]:
            raise CommandError("import all --online needs --year")
        online = OnlineImport(opts["year"], force=opts["force"], stream=self.stderr._out)
        try:
            steps = online.run()
        except downloads.Offline:
            raise  # handle() words it: no connection, and where the offline data is
        except InputError as exc:
            self.summary(online.steps)
            loaded = ", ".join(step.name for step in online.steps) or "nothing"
            raise CommandError(
                f"import failed at step {len(online.steps) + 1}, which changed nothing "
                f"(loaded before it: {loaded}; a rerun resumes the downloads): {exc}"
            ) from None
        self.summary(steps)
        if any(step.changed for step in steps):
            after_load()
            self.stdout.write("derived indicators recomputed")

    def summary(self, steps) -> None:
        self.stdout.write(f"import all --online: {len(steps)} steps")
        for step in steps:
            self.stdout.write(step.line())

    def report(self, summary) -> None:
        for line in summary.lines():
            self.stdout.write(line)
