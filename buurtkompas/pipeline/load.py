"""Load an Extract into the database: one transaction, idempotent, recorded as an ImportRun."""

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from buurtkompas.core import public_cache
from buurtkompas.pipeline import archive as archiving
from buurtkompas.pipeline.models import ImportRun, RawFile
from buurtkompas.pipeline.registry import NEEDS_REFERENCE, SOURCES
from buurtkompas.pipeline.sources.base import Extract, InputError, Reference
from buurtkompas.regions.codes import gemeente_code, level_of, parent_code
from buurtkompas.regions.models import (
    Dataset,
    GemeenteProvince,
    NationalObservation,
    Observation,
    Region,
    Variable,
)

BATCH = 2000


@dataclass
class Summary:
    source: str
    file: str
    sha256: str
    year: int = 0
    already_loaded: bool = False
    rows_read: int = 0
    regions_created: int = 0
    regions_updated: int = 0
    figures_loaded: int = 0
    national_loaded: int = 0
    provinces_loaded: int = 0
    skipped: list = field(default_factory=list)
    not_joined: list = field(default_factory=list)

    def lines(self) -> list[str]:
        head = f"{self.source} {self.year} from {self.file} (sha256 {self.sha256[:12]})"
        if self.already_loaded:
            return [head, "  already loaded from this exact file: nothing to do (use --force)"]
        reasons = Counter(reason for _where, reason in self.skipped)
        lines = [
            head,
            f"  rows read: {self.rows_read}",
            f"  regions: {self.regions_created} new, {self.regions_updated} updated",
            f"  figures loaded: {self.figures_loaded}",
            *(
                [f"  national figures (the source's own Nederland row): {self.national_loaded}"]
                if self.national_loaded
                else []
            ),
            *(
                [f"  gemeenten with their province: {self.provinces_loaded}"]
                if self.provinces_loaded
                else []
            ),
            f"  rows skipped: {len(self.skipped)}",
        ]
        lines += [f"    {count} x {reason}" for reason, count in reasons.most_common()]
        lines.append(
            f"  codes that did not join: {len(self.not_joined)}"
            + (
                f" ({', '.join(self.not_joined[:20])}"
                + (", …)" if len(self.not_joined) > 20 else ")")
                if self.not_joined
                else ""
            )
        )
        return lines


def run_import(
    source: str,
    path: Path,
    *,
    year: int | None = None,
    force: bool = False,
    derive: bool = True,
    origin: str | None = None,
    **options,
) -> Summary:
    if source not in SOURCES:
        raise InputError(path, f"unknown source {source!r} (known: {', '.join(SOURCES)})")
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    stored = archiving.archive(path)
    if origin:  # e.g. the URL a file was downloaded from
        stored = dataclasses.replace(stored, origin=origin)
    extract = extract_from(source, path, stored, year, options)
    summary = Summary(source, path.name, stored.sha256, year=extract.period or 0)
    if is_current(source, summary.year, path.name, stored.sha256) and not force:
        summary.already_loaded = True
        return summary
    done = ImportRun.objects.filter(source=source, year=summary.year, sha256=stored.sha256)
    with transaction.atomic():
        Observation.objects.filter(import_run__in=done).delete()
        NationalObservation.objects.filter(import_run__in=done).delete()
        GemeenteProvince.objects.filter(import_run__in=done).delete()
        done.delete()
        load(extract, stored, summary)
    if derive:
        after_load()
    return summary


def extract_from(source: str, path: Path, stored, year, options) -> Extract:
    """Run the source's pure transform on the archived copy; errors name the original path."""
    module = SOURCES[source]
    default_year = getattr(module, "DEFAULT_YEAR", None)
    reference = reference_for(year or default_year) if source in NEEDS_REFERENCE else None
    target = stored.archived_path if path.is_dir() else path
    try:
        return module.extract(target, year=year, reference=reference, **options)
    except InputError as exc:
        if path.is_dir() and str(exc.path).startswith(str(stored.archived_path)):
            exc.path = path / Path(exc.path).relative_to(stored.archived_path)
        raise


def is_current(source: str, year: int, name: str, sha256: str) -> bool:
    """True when the newest import of this source, year and file name had this exact content.

    Comparing with the newest run (not any run) means going back to an older file reloads it.
    """
    latest = (
        ImportRun.objects.filter(source=source, year=year, raw_file__original_name=name)
        .order_by("-finished_at", "-id")
        .first()
    )
    return latest is not None and latest.sha256 == sha256


def after_load() -> None:
    """Derived values are computed after the load (settings.PIPELINE_AFTER_LOAD)."""
    for dotted in settings.PIPELINE_AFTER_LOAD:
        import_string(dotted)()


def reference_for(year: int | None) -> Reference:
    names = dict(Region.objects.filter(year=year).values_list("code", "name")) if year else {}
    return Reference(year or 0, names)


def load(extract: Extract, stored, summary: Summary) -> ImportRun:
    raw, _ = RawFile.objects.get_or_create(
        sha256=stored.sha256,
        defaults={
            "original_name": stored.original_name,
            "origin": stored.origin,
            "size_bytes": stored.size_bytes,
            "archived_path": str(stored.archived_path),
        },
    )
    now = timezone.now()
    run = ImportRun.objects.create(
        source=extract.source,
        year=summary.year,
        sha256=stored.sha256,
        raw_file=raw,
        started_at=now,
        finished_at=now,
        rows_read=extract.rows_read,
        rows_loaded=0,
        rows_skipped=len(extract.skipped),
    )
    dataset = upsert_dataset(extract)
    variables = upsert_variables(extract)
    if extract.region_mode == "define":
        upsert_regions(extract, summary)
    link_parents(extract.indeling_year)
    replace_observations(extract, dataset, variables, run, summary)
    replace_national(extract, dataset, variables, run, summary)
    replace_provinces(extract, run, summary)
    summary.rows_read = extract.rows_read
    summary.skipped = [(s.where, s.reason) for s in extract.skipped]
    run.rows_loaded = (
        summary.figures_loaded
        + summary.regions_created
        + summary.regions_updated
        + summary.provinces_loaded
    )
    run.finished_at = timezone.now()
    run.summary = {
        "skipped": summary.skipped[:500],
        "not_joined": summary.not_joined[:500],
        "unmatched_names": extract.unmatched[:500],
    }
    run.save(update_fields=["rows_loaded", "finished_at", "summary"])
    public_cache.bump()  # new figures: every cached public page is stale from the commit on
    return run


def upsert_dataset(extract: Extract) -> Dataset | None:
    spec = extract.dataset
    if spec is None:
        return None
    fields = {
        k: getattr(spec, k) for k in ("title", "publisher", "table_id", "url", "licence", "notes")
    }
    dataset, _ = Dataset.objects.update_or_create(key=spec.key, defaults=fields)
    return dataset


def upsert_variables(extract: Extract) -> dict[str, Variable]:
    result = {}
    for spec in extract.variables:
        defaults = {"label_nl": spec.label_nl, "unit": spec.unit, "source_field": spec.source_field}
        if spec.label_en:
            defaults["label_en"] = spec.label_en
        if spec.description:
            defaults["description"] = spec.description
        result[spec.key], _ = Variable.objects.update_or_create(key=spec.key, defaults=defaults)
    return result


def upsert_regions(extract: Extract, summary: Summary) -> None:
    year = extract.indeling_year
    existing = {
        r.code: r
        for r in Region.objects.filter(year=year, code__in=[r.code for r in extract.regions])
    }
    new, changed = [], []
    for record in extract.regions:
        region = existing.get(record.code)
        if region is None:
            new.append(
                Region(
                    code=record.code,
                    year=year,
                    level=level_of(record.code),
                    name=record.name,
                    gemeente_code=gemeente_code(record.code),
                    geometry=record.geometry,
                    bbox=record.bbox,
                    geometry_repaired=record.repaired,
                )
            )
            continue
        region.name = record.name
        if record.geometry is not None:
            region.geometry, region.bbox = record.geometry, record.bbox
            region.geometry_repaired = record.repaired
        changed.append(region)
    Region.objects.bulk_create(new, batch_size=BATCH)
    Region.objects.bulk_update(
        changed, ["name", "geometry", "bbox", "geometry_repaired"], batch_size=BATCH
    )
    summary.regions_created, summary.regions_updated = len(new), len(changed)


def link_parents(year: int) -> None:
    ids = dict(Region.objects.filter(year=year).values_list("code", "id"))
    orphans = Region.objects.filter(year=year, parent__isnull=True).exclude(level="gemeente")
    linked = []
    for region in orphans.only("id", "code"):
        parent_id = ids.get(parent_code(region.code)) or (
            ids.get(gemeente_code(region.code)) if region.code.startswith("BU") else None
        )
        if parent_id:
            region.parent_id = parent_id
            linked.append(region)
    Region.objects.bulk_update(linked, ["parent"], batch_size=BATCH)


def replace_observations(extract: Extract, dataset, variables, run, summary: Summary) -> None:
    if not extract.observations:
        return
    ids = dict(Region.objects.filter(year=extract.indeling_year).values_list("code", "id"))
    # Replace what this file says: its dataset, period and variables, for the regions in it.
    in_file = {o.code for o in extract.observations} | {r.code for r in extract.regions}
    Observation.objects.filter(
        dataset=dataset,
        period=extract.period,
        variable__in=list(variables.values()),
        region_id__in=[ids[code] for code in in_file if code in ids],
    ).delete()
    summary.not_joined = sorted({o.code for o in extract.observations if o.code not in ids})
    rows = [
        Observation(
            region_id=ids[o.code],
            variable=variables[o.variable],
            dataset=dataset,
            period=extract.period,
            value=o.value,
            import_run=run,
            period_is_approximate=extract.period_is_approximate,
        )
        for o in extract.observations
        if o.code in ids
    ]
    Observation.objects.bulk_create(rows, batch_size=BATCH)
    summary.figures_loaded = len(rows)


def replace_national(extract: Extract, dataset, variables, run, summary: Summary) -> None:
    """The source's published figures for the whole country (never computed from areas)."""
    if not extract.national or dataset is None:
        return
    keys = [variables[key] for key in extract.national]
    NationalObservation.objects.filter(
        dataset=dataset, period=extract.period, variable__in=keys
    ).delete()
    NationalObservation.objects.bulk_create(
        NationalObservation(
            variable=variables[key],
            dataset=dataset,
            period=extract.period,
            period_is_approximate=extract.period_is_approximate,
            value=value,
            import_run=run,
        )
        for key, value in extract.national.items()
    )
    summary.national_loaded = len(extract.national)


def replace_provinces(extract: Extract, run, summary: Summary) -> None:
    """Gemeente -> provincie of the indeling year ("Gebieden in Nederland"): the whole year."""
    if not extract.gemeente_provinces:
        return
    year = extract.indeling_year
    GemeenteProvince.objects.filter(year=year).delete()
    GemeenteProvince.objects.bulk_create(
        GemeenteProvince(
            year=year,
            gemeente_code=gemeente,
            province_code=code,
            province_name=name,
            import_run=run,
        )
        for gemeente, code, name in extract.gemeente_provinces
    )
    summary.provinces_loaded = len(extract.gemeente_provinces)
