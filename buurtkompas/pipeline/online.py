"""`buurtkompas import all --online --year YEAR`: the national set of one year from CBS and PDOK.

Steps, in dependency order: gemeente -> provincie ("Gebieden in Nederland"), the boundaries of
gemeenten, wijken and buurten (PDOK OGC API Features), the full Kerncijfers wijken en buurten
table with its region names, and energy poverty per buurt when `ENERGY_POVERTY_URL` is set.
Every page is kept under `DOWNLOAD_DIR` (see `downloads.py`), so a rerun after an interruption
fetches only what is missing. Each step is one atomic `run_import`: a failing step leaves the
steps before it loaded and nothing of itself; a rerun finds the loaded steps "already loaded".
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from buurtkompas.pipeline import downloads, fetch
from buurtkompas.pipeline.load import Summary, run_import
from buurtkompas.pipeline.sources import cbs_odata, kwb, pdok_features, provinces
from buurtkompas.pipeline.sources.base import InputError

ENERGY_POVERTY_UNSET = (
    "skipped: ENERGY_POVERTY_URL is not set. CBS publishes energy poverty per buurt only as "
    "downloadable tables (Monitor Energiearmoede), not as a service; set ENERGY_POVERTY_URL to "
    "a per-buurt CSV in the layout of the energy-poverty source (docs/data-sources.md)"
)


@dataclass
class Step:
    name: str
    rows: int = 0
    pages: int = 0
    pages_reused: int = 0
    regions: int = 0
    figures: int = 0
    skipped: int = 0
    seconds: float = 0.0
    note: str = ""
    changed: bool = False

    def line(self) -> str:
        if self.note and not self.rows:
            return f"  {self.name:<22} {self.note}"
        pages = f"{self.pages} pages ({self.pages_reused} already downloaded)"
        text = (
            f"  {self.name:<22} rows {self.rows:>7,}  {pages}  regions {self.regions:,}  "
            f"figures {self.figures:,}  skipped {self.skipped:,}  {self.seconds:.1f} s"
        )
        return text + (f"  ({self.note})" if self.note else "")


def table_for(tables: dict, year: int, what: str) -> str:
    if year not in tables:
        known = ", ".join(str(y) for y in sorted(tables))
        raise InputError(what, f"no known table for {year} (known years: {known})")
    return tables[year]


class OnlineImport:
    def __init__(self, year: int, *, force: bool = False, stream=None):
        self.year, self.force, self.stream = year, force, stream
        self.work = Path(settings.DOWNLOAD_DIR) / str(year)
        self.store = downloads.PageStore(Path(settings.DOWNLOAD_DIR) / "pages")
        self.steps: list[Step] = []

    def run(self) -> list[Step]:
        """Download and load every step; raises InputError (or downloads.Offline) on failure."""
        gebieden = table_for(provinces.TABLES, self.year, "Gebieden in Nederland")
        kerncijfers = table_for(kwb.TABLES, self.year, "Kerncijfers wijken en buurten")
        self.step("provinces", "provinces", lambda: self.odata(gebieden, "gebieden", names=False))
        for level, collection in pdok_features.LEVEL_COLLECTIONS.items():
            self.step(
                f"boundaries {collection}",
                "boundaries",
                lambda c=collection: self.pdok(c),
                level=level,
            )
        self.step("kwb", "kwb", lambda: self.odata(kerncijfers, "kwb", names=True))
        self.energy_poverty()
        return self.steps

    def step(self, name: str, source: str, download: Callable, **options) -> Step:
        step, started = Step(name), time.monotonic()
        fetched, reused = self.store.fetched, self.store.reused
        path, origin, note = download()
        summary: Summary = run_import(
            source, path, year=self.year, force=self.force, derive=False, origin=origin, **options
        )
        step.pages = self.store.fetched - fetched + self.store.reused - reused
        step.pages_reused = self.store.reused - reused
        step.rows, step.figures = summary.rows_read, summary.figures_loaded
        step.regions = summary.regions_created + summary.regions_updated
        step.skipped = len(summary.skipped)
        step.changed = not summary.already_loaded
        notes = [note] if note else []
        if summary.already_loaded:
            notes.append("already loaded")
            step.rows = step.rows or summary.rows_read
        if summary.provinces_loaded:
            notes.append(f"{summary.provinces_loaded} gemeenten with their province")
        step.note, step.seconds = "; ".join(notes), time.monotonic() - started
        self.steps.append(step)
        return step

    def progress(self, label: str) -> downloads.Progress:
        return downloads.Progress(label, self.stream)

    def odata(self, table: str, prefix: str, *, names: bool):
        base = settings.CBS_ODATA_URL.rstrip("/")
        metadata = cbs_odata.METADATA if names else ("TableInfos", "DataProperties")
        folder = cbs_odata.download_table(
            base,
            table,
            self.work / f"{prefix}-{table}",
            store=self.store,
            progress=lambda collection: self.progress(f"{table} {collection}"),
            metadata=metadata,
        )
        return folder, f"{base}/{table}", ""

    def pdok(self, collection: str):
        base = settings.PDOK_OGC_URL.format(year=self.year)
        target = self.work / "boundaries" / f"{collection}_{self.year}.geojson"
        path, water = pdok_features.download_collection(
            base,
            collection,
            target,
            year=self.year,
            store=self.store,
            progress=self.progress(f"PDOK {collection} {self.year}"),
        )
        note = f"{water} water parts of gemeenten left out" if water else ""
        return path, f"{base}/collections/{collection}", note

    def energy_poverty(self) -> None:
        url = settings.ENERGY_POVERTY_URL
        if not url:
            self.steps.append(Step("energy poverty", note=ENERGY_POVERTY_UNSET))
            return
        self.step("energy poverty", "energy-poverty", lambda: self.file(url))

    def file(self, url: str):
        """A single file, downloaded once: a complete copy in the download folder is reused."""
        folder = self.work / "energy-poverty"
        target = folder / fetch.file_name(url)
        if target.exists():
            self.store.reused += 1
            return target, url, ""
        scratch = folder / ".part"
        scratch.mkdir(parents=True, exist_ok=True)
        fetch.download(url, scratch).replace(target)
        self.store.fetched += 1
        return target, url, ""
