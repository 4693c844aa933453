"""Share of households in energy poverty per buurt (province of Friesland, about 2020).

Two files with the same figures: a GeoJSON that names buurten but carries no codes, and a CSV
to which buurt codes were assigned by a point-in-polygon join. The publisher does not document
the year or the exact definition, so the period is marked approximate.
"""

from pathlib import Path

from shapely.geometry import mapping

from buurtkompas.pipeline.sources.base import (
    DatasetSpec,
    Extract,
    InputError,
    ObservationRecord,
    Reference,
    RegionRecord,
    Skip,
    VariableSpec,
    norm_name,
    parse_number,
)
from buurtkompas.pipeline.sources.boundaries import feature_list, web_geometry
from buurtkompas.pipeline.sources.files import read_json
from buurtkompas.pipeline.sources.plain_csv import add_buurt_rows, read_table

KEY = "energy-poverty"
DEFAULT_YEAR = 2020
SHARE = VariableSpec(
    "energy_poverty_households_pct",
    "Huishoudens in energiearmoede",
    "Households in energy poverty",
    "%",
    "pct_hh_energiearmoede",
    "Share of households in energy poverty as published for Friesland; the "
    "publisher does not document which CBS/TNO indicator was used.",
)
OWNER = VariableSpec(
    "owner_occupied_dwellings_pct",
    "Koopwoningen",
    "Owner-occupied dwellings",
    "%",
    "pct_koopwoningen",
)
CORPORATION = VariableSpec(
    "corporation_dwellings_pct",
    "In bezit woningcorporatie",
    "Owned by a housing corporation",
    "%",
    "pct_wooncorporatie",
)
GEOJSON_SHARE_FIELD = "Percentage huishoudens met energiearmoede"


def dataset_for(year: int) -> DatasetSpec:
    return DatasetSpec(
        key="energiearmoede-friesland",
        title=f"Energiearmoede per buurt, Friesland (ca. {year})",
        publisher="Uitgever niet gedocumenteerd (bron: CBS-buurtindeling)",
        licence="CC BY 4.0",
        notes="Year and exact source not documented by the publisher. Buurt codes in the CSV were "
        "assigned by a point-in-polygon join, not by CBS.",
    )


def extract(path: Path, *, year: int | None, reference: Reference | None = None, **_) -> Extract:
    path = Path(path)
    year = year or DEFAULT_YEAR
    out = Extract(
        source=KEY,
        indeling_year=year,
        period=year,
        period_is_approximate=True,
        dataset=dataset_for(year),
        region_mode="define",
    )
    if path.name.endswith((".geojson", ".geojson.gz", ".json")):
        out.variables = [SHARE]
        extract_named_features(path, out, reference or Reference(year))
    else:
        out.variables = [SHARE, OWNER, CORPORATION]
        rows = read_table(path, ["buurtcode", "buurtnaam", "gemeentenaam", "pct_hh_energiearmoede"])
        columns = {
            "pct_hh_energiearmoede": (SHARE, 100),
            "pct_koopwoningen": (OWNER, 100),
            "pct_wooncorporatie": (CORPORATION, 100),
        }
        columns = {c: v for c, v in columns.items() if c in rows[0][1]}
        add_buurt_rows(
            path,
            rows,
            out,
            code_col="buurtcode",
            name_col="buurtnaam",
            gemeente_col="gemeentenaam",
            columns=columns,
        )
    return out


def extract_named_features(path: Path, out: Extract, reference: Reference) -> None:
    """Match buurt names to codes within their gemeente; report what does not match."""
    features = feature_list(path, read_json(path))
    index = reference.buurt_codes_by_name()
    if not index:
        raise InputError(
            path,
            f"no buurten of indeling {reference.year} are known to match the "
            "names against: import the CSV with buurt codes (or the boundaries) "
            "of that year first",
        )
    for number, feature in enumerate(features, 1):
        out.rows_read += 1
        props = feature.get("properties") or {}
        for column in ("buurtnaam", "gemeentenaam", GEOJSON_SHARE_FIELD):
            if column not in props:
                raise InputError(
                    path, "missing property", row=number, column=column, where="feature"
                )
        label = f"{props['buurtnaam']} ({props['gemeentenaam']})"
        codes = index.get((norm_name(props["gemeentenaam"]), norm_name(props["buurtnaam"])), [])
        if len(codes) != 1:
            why = "name matches several buurten" if codes else "no buurt with this name"
            out.unmatched.append(label)
            out.skipped.append(Skip(f"feature {number} {label}", why))
            continue
        add_feature(path, number, feature, codes[0], props, out)


def add_feature(path, number, feature, code, props, out: Extract) -> None:
    geometry, repaired = web_geometry(path, number, feature.get("geometry"), "buurt")
    out.regions.append(
        RegionRecord(
            code=code,
            name=props["buurtnaam"].strip(),
            geometry=mapping(geometry),
            repaired=repaired,
            bbox=[round(v, 5) for v in geometry.bounds],
        )
    )
    raw = props[GEOJSON_SHARE_FIELD]
    value = (
        None
        if raw is None
        else parse_number(str(raw), path, number, GEOJSON_SHARE_FIELD, where="feature")
    )
    if value is not None:
        out.observations.append(ObservationRecord(code, SHARE.key, round(value * 100, 6)))
